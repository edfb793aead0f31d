/**
 * SigV4 authentication of a request (control plane, IAM, STS, and requests forwarded to the
 * authorisation endpoint): the edge hands the core verifier the raw request line parts, the raw
 * header pairs and the SHA-256 of the exact body bytes. Long-term keys (`AKIA…`) are looked up in
 * the store; temporary credentials (`ASIA…`) are verified from their session token alone, opened
 * with the key ring. The verifier decides; this only adapts.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { CanonicalUriOptions } from '@anchorage/core/sigv4/canonical-uri';
import { decodeQueryParameters } from '@anchorage/core/sigv4/query-parameters';
import type { HeaderPairs, SignedRequest } from '@anchorage/core/sigv4/signed-request';
import { type HmacCredential, verifySigV4Request } from '@anchorage/core/sigv4/verify-hmac';
import type { SessionClaims } from '@anchorage/core/sts/session-claims';
import { assumedRoleArn } from '@anchorage/core/sts/session-claims';
import { invalidToken, openSessionToken, sessionTokenKeyId } from '@anchorage/core/sts/session-token';
import type { Store } from '@anchorage/store/port';
import type { Caller } from '../control-plane/context.ts';
import type { SecretBox } from '../secrets/secret-box.ts';
import type { KeyRing } from '../sts/key-ring.ts';
import { lookupSecret } from './access-keys.ts';

export interface AuthenticationInput {
  readonly req: IncomingMessage;
  readonly rawPath: string;
  readonly rawQuery: string;
  readonly body: Buffer;
  readonly now: number;
}

export interface Authenticator {
  /**
   * Verifies the request's signature for `service` in `region` (default: the configured region;
   * the query APIs pass the scope region they accept, such as us-east-1 for the global IAM).
   */
  authenticate(input: AuthenticationInput, service: string, region?: string): Promise<Caller>;
  /** The same for a request given as its signed parts (the authorisation endpoint's question). */
  verify(
    request: SignedRequest,
    scope: { service: string; region: string; uri?: CanonicalUriOptions },
    now: number,
  ): Promise<Caller>;
}

export function headerPairs(req: IncomingMessage): HeaderPairs {
  const headers: [string, string][] = [];
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    headers.push([req.rawHeaders[i] ?? '', req.rawHeaders[i + 1] ?? '']);
  }
  return headers;
}

export function createAuthenticator(
  store: Store,
  box: SecretBox,
  keyRing: KeyRing,
  region: string,
): Authenticator {
  const verify: Authenticator['verify'] = async (request, scope, now) => {
    let principalArn = '';
    let session: SessionClaims | undefined;
    const lookupCredential = async (accessKeyId: string): Promise<HmacCredential | undefined> => {
      if (accessKeyId.startsWith('ASIA')) {
        session = await openSession(request, accessKeyId, keyRing, now);
        principalArn = assumedRoleArn(session);
        return { secretAccessKey: session.secretAccessKey, sessionToken: securityToken(request) ?? '' };
      }
      const found = await lookupSecret(store, box, accessKeyId);
      if (found === undefined) return undefined;
      principalArn = found.principalArn;
      return { secretAccessKey: found.secretAccessKey };
    };
    const verified = await verifySigV4Request(request, {
      now,
      region: scope.region,
      service: scope.service,
      lookupCredential,
      ...(scope.uri === undefined ? {} : { uri: scope.uri }),
    });
    return { accessKeyId: verified.accessKeyId, principalArn, ...(session === undefined ? {} : { session }) };
  };
  return {
    verify,
    authenticate({ req, rawPath, rawQuery, body, now }, service, scopeRegion = region) {
      return verify(
        {
          method: req.method ?? '',
          rawPath,
          rawQuery,
          headers: headerPairs(req),
          payloadSha256Hex: createHash('sha256').update(body).digest('hex'),
        },
        { service, region: scopeRegion },
        now,
      );
    },
  };
}

/** The session token travels in `X-Amz-Security-Token`, or in the query of a presigned URL. */
function securityToken(request: SignedRequest): string | undefined {
  for (const [name, value] of request.headers)
    if (name.toLowerCase() === 'x-amz-security-token') return value;
  return decodeQueryParameters(request.rawQuery).find(([name]) => name === 'X-Amz-Security-Token')?.[1];
}

async function openSession(
  request: SignedRequest,
  accessKeyId: string,
  keyRing: KeyRing,
  now: number,
): Promise<SessionClaims> {
  const token = securityToken(request);
  if (token === undefined)
    throw invalidToken(`temporary access key ${accessKeyId} was sent without its session token`);
  const keyId = sessionTokenKeyId(token);
  if (keyId === undefined) throw invalidToken('the session token is not one Anchorage issued');
  const key = await keyRing.key(keyId, now);
  if (key === undefined)
    throw invalidToken(`the session token names key ${keyId}, which the key ring does not hold`);
  return openSessionToken(token, accessKeyId, key, now);
}
