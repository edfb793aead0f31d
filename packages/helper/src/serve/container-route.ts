/**
 * `GET /credentials`, the ECS/EKS-style container credentials endpoint, for SDKs configured with
 * AWS_CONTAINER_CREDENTIALS_FULL_URI and AWS_CONTAINER_AUTHORIZATION_TOKEN.
 *
 * What clients expect (checked against the installed versions):
 * - botocore 1.43 (ContainerProvider / ContainerMetadataFetcher): FULL_URI must be https, or a
 *   loopback IP (127.0.0.0/8, ::1), or one of 169.254.170.2, 169.254.170.23, fd00:ec2::23,
 *   localhost. Sends `Accept: application/json` and `Authorization: <token>` verbatim (the token
 *   may not contain CR/LF). Requires AccessKeyId, SecretAccessKey, Token, Expiration; reads
 *   AccountId when present. Non-200 or bad JSON: retried 3 times, then an error.
 * - @aws-sdk/credential-provider-imds 3.329 (fromContainerMetadata): FULL_URI host must be exactly
 *   `localhost` or `127.0.0.1` (so not [::1]), over http or https. Sends `Authorization: <token>`.
 *   Requires the same four fields, all strings.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CredentialSource } from '../session/session-credentials.ts';
import { replyEmpty, replyJson } from './replies.ts';
import { type CredentialServerLog, errorText } from './server-log.ts';

export const CONTAINER_PATH = '/credentials';

export interface ContainerContext {
  readonly source: CredentialSource;
  readonly roleArn: string;
  readonly accountId: string;
  readonly log: CredentialServerLog;
}

/** A checker for the Authorization header; digests make the comparison length-independent. */
export function containerAuthorizer(token: string): (presented: string) => boolean {
  // Printable ASCII without spaces: a legal header value that SDKs send unaltered and shells accept.
  if (!/^[\x21-\x7e]+$/.test(token)) {
    throw new RangeError(
      'the container authorization token must be non-empty printable ASCII without spaces',
    );
  }
  const expected = createHash('sha256').update(token).digest();
  return (presented) => timingSafeEqual(createHash('sha256').update(presented).digest(), expected);
}

export async function getContainerCredentials(
  req: IncomingMessage,
  res: ServerResponse,
  authorized: (presented: string) => boolean,
  context: ContainerContext,
): Promise<void> {
  if (req.method !== 'GET') {
    replyEmpty(res, 405, { allow: 'GET' });
    return;
  }
  const presented = req.headers.authorization;
  if (presented === undefined || presented === '') {
    replyJson(res, 401, { code: 'Unauthorized', message: 'an Authorization header is required' });
    return;
  }
  if (!authorized(presented)) {
    replyJson(res, 401, { code: 'Unauthorized', message: 'the authorization token is not valid' });
    return;
  }
  try {
    const credentials = await context.source.get();
    replyJson(res, 200, {
      AccessKeyId: credentials.accessKeyId,
      SecretAccessKey: credentials.secretAccessKey,
      Token: credentials.sessionToken,
      Expiration: credentials.expiration,
      RoleArn: context.roleArn,
      // botocore passes this on for account-based endpoints; omitted when the ARN has none.
      ...(context.accountId === '' ? {} : { AccountId: context.accountId }),
    });
  } catch (error) {
    context.log('error', 'unable to obtain credentials for the container endpoint', {
      error: errorText(error),
    });
    replyJson(res, 500, {
      code: 'CredentialsUnavailable',
      message: "unable to obtain credentials; see the credential helper's log",
    });
  }
}
