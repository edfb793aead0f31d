/**
 * The client side of Anchorage's authorisation endpoint: send the parts of a request that a
 * caller signed with Anchorage credentials, plus the action and resource it asks for, and get
 * Anchorage's decision. The call itself is signed with the gateway's own Anchorage credentials.
 */
import { createHash } from 'node:crypto';
import { signRequest } from '@anchorage/core/sigv4/sign-request';
import type { HeaderPairs } from '@anchorage/core/sigv4/signed-request';

export interface AccessKey {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

export interface AuthorizationQuestion {
  /** What the caller sent, exactly as received. */
  readonly request: {
    readonly method: string;
    readonly path: string;
    readonly query: string;
    readonly headers: HeaderPairs;
    /** The payload hash the caller signed: the body's SHA-256 hex, or S3's `UNSIGNED-PAYLOAD`. */
    readonly payloadHash: string;
  };
  /** The service and region the caller signed for (its credential scope). */
  readonly service: string;
  readonly region: string;
  readonly action: string;
  readonly resource: string;
  readonly context?: Readonly<Record<string, string | readonly string[]>>;
}

export interface AuthorizationAnswer {
  readonly decision: 'Allow' | 'Deny';
  readonly principal?: {
    readonly arn: string;
    readonly accountId: string;
    readonly userId: string;
    readonly type: string;
  };
  readonly reason: string;
  /** Set when the caller's own signature or credentials were refused. */
  readonly error?: { readonly code: string; readonly message: string };
}

export async function askAnchorage(
  endpoint: string,
  credentials: AccessKey,
  region: string,
  question: AuthorizationQuestion,
): Promise<AuthorizationAnswer> {
  const url = new URL('/authorize', endpoint);
  const body = JSON.stringify(question);
  const signed = signRequest(
    {
      method: 'POST',
      rawPath: url.pathname,
      rawQuery: '',
      headers: [
        ['host', url.host],
        ['content-type', 'application/json'],
      ],
      payloadSha256Hex: createHash('sha256').update(body).digest('hex'),
    },
    { ...credentials, region, service: 'anchorage', now: Date.now() },
  );
  const response = await fetch(url, {
    method: 'POST',
    headers: Object.fromEntries(signed.headers.filter(([name]) => name.toLowerCase() !== 'host')),
    body,
  });
  const answer = (await response.json()) as AuthorizationAnswer & { message?: string };
  if (!response.ok)
    throw new Error(`Anchorage refused the gateway itself (${response.status}): ${answer.message}`);
  return answer;
}
