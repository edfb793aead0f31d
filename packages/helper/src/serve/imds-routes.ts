/**
 * The EC2 IMDSv2 subset SDKs use for role credentials, with the official helper's paths, status
 * codes and messages. One deliberate difference: when credentials cannot be had we answer 500
 * with an error document, where the official helper answers 200 "Success" with empty keys.
 *
 * `/latest/meta-data/iam/security-credentials-extended/` (the AccountId-bearing variant) is not
 * served: the installed botocore (1.43) never asks for it, and the SDKs that do (JS v3 in newer
 * releases, Java v2, Ruby, PHP) fall back to the legacy path on 404, as they must on an EC2 instance
 * without it. The official helper answers 404 there too.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CredentialSource } from '../session/session-credentials.ts';
import { type ImdsTokenStore, parseTokenTtl } from './imds-tokens.ts';
import { replyEmpty, replyJson, replyText, rfc3339 } from './replies.ts';
import { type CredentialServerLog, errorText } from './server-log.ts';

const TOKEN_PATH = '/latest/api/token';
const CREDENTIALS_PATH = '/latest/meta-data/iam/security-credentials';
const TOKEN_HEADER = 'x-aws-ec2-metadata-token';
const TTL_HEADER = 'x-aws-ec2-metadata-token-ttl-seconds';

export interface ImdsContext {
  readonly tokens: ImdsTokenStore;
  readonly roleName: string;
  readonly source: CredentialSource;
  readonly log: CredentialServerLog;
  readonly now: () => number;
}

type Handler = (req: IncomingMessage, res: ServerResponse, context: ImdsContext) => void | Promise<void>;

/** The handler for an IMDS path, or undefined (→ 404). */
export function imdsRoute(path: string, roleName: string): Handler | undefined {
  // Like Go's ServeMux subtree pattern: the token path and everything below it.
  if (path === TOKEN_PATH || path.startsWith(`${TOKEN_PATH}/`)) return putToken;
  if (path === CREDENTIALS_PATH || path === `${CREDENTIALS_PATH}/`) return getRoleName;
  const rolePath = `${CREDENTIALS_PATH}/${roleName}`;
  if (path === rolePath || path === `${rolePath}/`) return getCredentials;
  return undefined;
}

function putToken(req: IncomingMessage, res: ServerResponse, { tokens }: ImdsContext): void {
  if (req.method !== 'PUT') {
    replyEmpty(res, 405, { allow: 'PUT' });
    return;
  }
  // A proxy in front of the endpoint would let remote callers obtain tokens (SSRF); IMDS refuses.
  if (req.headers['x-forwarded-for'] !== undefined) {
    replyText(res, 400, 'unable to process requests with X-Forwarded-For header');
    return;
  }
  const requested = req.headers[TTL_HEADER];
  const ttlText = Array.isArray(requested) ? requested[0] : requested;
  const ttl = parseTokenTtl(ttlText);
  if (ttl === undefined) {
    replyText(res, 400, 'invalid token TTL');
    return;
  }
  const token = tokens.issue(ttl);
  // Echoed as sent (defaulted when absent), as the official helper does.
  replyText(res, 200, token, {
    [TTL_HEADER]: ttlText === undefined || ttlText === '' ? String(ttl) : ttlText,
  });
}

/** Remaining seconds of the request's token, or undefined after answering 401. */
function authorize(req: IncomingMessage, res: ServerResponse, tokens: ImdsTokenStore): number | undefined {
  const token = req.headers[TOKEN_HEADER];
  if (typeof token !== 'string' || token === '') {
    replyText(res, 401, 'no token provided');
    return undefined;
  }
  const remaining = tokens.remainingSeconds(token);
  if (remaining === undefined) replyText(res, 401, 'invalid token provided');
  return remaining;
}

function getRoleName(req: IncomingMessage, res: ServerResponse, { tokens, roleName }: ImdsContext): void {
  if (req.method !== 'GET') {
    replyEmpty(res, 405, { allow: 'GET' });
    return;
  }
  const remaining = authorize(req, res, tokens);
  if (remaining === undefined) return;
  replyText(res, 200, roleName, { [TTL_HEADER]: String(remaining) });
}

async function getCredentials(
  req: IncomingMessage,
  res: ServerResponse,
  context: ImdsContext,
): Promise<void> {
  if (req.method !== 'GET') {
    replyEmpty(res, 405, { allow: 'GET' });
    return;
  }
  if (authorize(req, res, context.tokens) === undefined) return;
  let body: Record<string, string>;
  let status = 200;
  try {
    const credentials = await context.source.get();
    body = {
      AccessKeyId: credentials.accessKeyId,
      SecretAccessKey: credentials.secretAccessKey,
      Token: credentials.sessionToken,
      Code: 'Success',
      Type: 'AWS-HMAC',
      Expiration: credentials.expiration,
      LastUpdated: rfc3339(context.now()),
    };
  } catch (error) {
    context.log('error', 'unable to obtain credentials for the IMDS endpoint', { error: errorText(error) });
    // No keys, and a Code other than Success: SDKs treat this as "no credentials here".
    status = 500;
    body = {
      Code: 'CredentialsUnavailable',
      Message: "unable to obtain credentials; see the credential helper's log",
      LastUpdated: rfc3339(context.now()),
    };
  }
  // The token may have expired while credentials were fetched; report what is left, never less than 0.
  const remaining = context.tokens.remainingSeconds(String(req.headers[TOKEN_HEADER])) ?? 0;
  replyJson(res, status, body, { [TTL_HEADER]: String(remaining) });
}
