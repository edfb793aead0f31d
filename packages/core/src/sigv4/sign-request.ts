/**
 * SigV4 signing with an access key (AWS SigV4 "Create a signed AWS API request"), for the
 * credential helper and the tests. Uses the verifier's canonicalisation, so the two cannot drift.
 */
import { HMAC_ALGORITHM } from './algorithms.ts';
import type { CanonicalUriOptions } from './canonical-uri.ts';
import { indexHeaders } from './header-index.ts';
import { formatAuthorization, prepareSigning, signingResult } from './prepare-signing.ts';
import type { SignedRequest } from './signed-request.ts';
import { deriveSigningKey, hmacSignature } from './signing-key.ts';
import type { SigningResult } from './signing-result.ts';

export interface SignRequestOptions {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** Temporary credentials: sent as `X-Amz-Security-Token` unless the request already has it. */
  readonly sessionToken?: string;
  readonly region: string;
  readonly service: string;
  /** Signer's clock, epoch milliseconds; used for `X-Amz-Date` when the request has none. */
  readonly now: number;
  /** Header names to sign; default every header except hop-by-hop ones (`defaultSignedHeaders`). */
  readonly signedHeaders?: readonly string[];
  /** Add `X-Amz-Date` when absent (default true); with false, the `Date` header is used. */
  readonly addDateHeader?: boolean;
  /**
   * Sign the session token header (default true). False appends it after signing, as the AWS
   * test suite's `post-sts-header-after` case and some older clients do.
   */
  readonly signSessionToken?: boolean;
  readonly uri?: CanonicalUriOptions;
}

export function signRequest(request: SignedRequest, options: SignRequestOptions): SigningResult {
  const token = options.sessionToken;
  const needsToken = token !== undefined && !indexHeaders(request.headers).has('x-amz-security-token');
  const signToken = options.signSessionToken ?? true;
  const tokenHeader = needsToken ? [['X-Amz-Security-Token', token] as const] : [];
  const plan = prepareSigning({
    request,
    algorithm: HMAC_ALGORITHM,
    region: options.region,
    service: options.service,
    now: options.now,
    signedHeaders: options.signedHeaders,
    addDateHeader: options.addDateHeader ?? true,
    extraHeaders: signToken ? tokenHeader : [],
    canonical: options.uri === undefined ? {} : { uri: options.uri },
  });
  const signingKey = deriveSigningKey(
    options.secretAccessKey,
    plan.amzDate.slice(0, 8),
    options.region,
    options.service,
  );
  const signature = hmacSignature(signingKey, plan.stringToSign);
  const authorization = formatAuthorization(HMAC_ALGORITHM, options.accessKeyId, plan, signature);
  return signingResult(plan, authorization, signature, signToken ? [] : tokenHeader);
}
