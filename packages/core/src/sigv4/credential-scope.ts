/**
 * The credential scope `<YYYYMMDD>/<region>/<service>/aws4_request` (AWS SigV4 "Create a string
 * to sign"), and the server's check that a received scope is the one this endpoint accepts. The
 * scope binds the signing key to one day, region and service, so a signature for another service
 * or region cannot be replayed here.
 */
import { invalidSignature } from './sigv4-errors.ts';

export const SCOPE_TERMINATOR = 'aws4_request';

export interface Credential {
  /** Access key id (HMAC) or certificate serial in decimal (SigV4-X509). */
  readonly id: string;
  readonly date: string;
  readonly region: string;
  readonly service: string;
  readonly terminator: string;
}

export function formatCredentialScope(scope: Omit<Credential, 'id'>): string {
  return `${scope.date}/${scope.region}/${scope.service}/${scope.terminator}`;
}

export interface ExpectedScope {
  readonly region: string;
  readonly service: string;
}

/**
 * Checks region, service, terminator and date, in that order, with AWS's messages. `amzDate` is
 * the request time in ISO-8601 basic format; the scope date must be its first 8 characters.
 */
export function checkCredentialScope(credential: Credential, amzDate: string, expected: ExpectedScope): void {
  if (credential.region !== expected.region) {
    throw invalidSignature(
      'Credential should be scoped to a valid region.',
      `credential scope region '${credential.region}' is not '${expected.region}'`,
    );
  }
  if (credential.service !== expected.service) {
    throw invalidSignature(
      `Credential should be scoped to correct service: '${expected.service}'.`,
      `credential scope service '${credential.service}' is not '${expected.service}'`,
    );
  }
  if (credential.terminator !== SCOPE_TERMINATOR) {
    throw invalidSignature(
      `Credential should be scoped with a valid terminator: '${SCOPE_TERMINATOR}'.`,
      `credential scope terminator '${credential.terminator}' is not '${SCOPE_TERMINATOR}'`,
    );
  }
  const requestDay = amzDate.slice(0, 8);
  if (credential.date !== requestDay) {
    throw invalidSignature(
      'Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: ' +
        `'${credential.date}' != '${requestDay}', from '${amzDate}'.`,
      `credential scope date ${credential.date} differs from request date ${amzDate}`,
    );
  }
}
