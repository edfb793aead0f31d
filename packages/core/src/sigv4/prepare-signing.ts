/**
 * What HMAC and X.509 signing share: settle the request time, the headers that go out, the
 * signed-header list, the canonical request and the string to sign, with exactly the functions
 * the verifier uses, so that whatever we sign we also accept.
 */
import type { SigV4Algorithm } from './algorithms.ts';
import { formatAmzDate, parseAmzDate } from './amz-date.ts';
import { buildCanonicalRequest, type CanonicalRequestOptions } from './canonical-request.ts';
import { formatCredentialScope, SCOPE_TERMINATOR } from './credential-scope.ts';
import { defaultSignedHeaders, normalizeSignedHeaders } from './default-signed-headers.ts';
import { indexHeaders } from './header-index.ts';
import { resolveRequestDate } from './request-date.ts';
import type { HeaderPairs, SignedRequest } from './signed-request.ts';
import type { SigningResult } from './signing-result.ts';
import { buildStringToSign } from './string-to-sign.ts';

export interface SigningInput {
  readonly request: SignedRequest;
  readonly algorithm: SigV4Algorithm;
  readonly region: string;
  readonly service: string;
  /** Signer's clock, epoch milliseconds. */
  readonly now: number;
  /** Names to sign; default `defaultSignedHeaders` of the outgoing headers. */
  readonly signedHeaders: readonly string[] | undefined;
  /** Add `X-Amz-Date` from `now` when the request has none. */
  readonly addDateHeader: boolean;
  /** Headers to add before signing (and to sign by default), e.g. `X-Amz-Security-Token`. */
  readonly extraHeaders: HeaderPairs;
  readonly canonical: CanonicalRequestOptions;
}

export interface SigningPlan {
  /** The request's headers plus the ones added here (not yet `Authorization`). */
  readonly headers: HeaderPairs;
  readonly signedHeaders: readonly string[];
  readonly amzDate: string;
  readonly credentialScope: string;
  readonly canonicalRequest: string;
  readonly stringToSign: string;
}

export function prepareSigning(input: SigningInput): SigningPlan {
  // An Authorization already on the request (a re-sign) is replaced, never sent twice.
  const headers: Array<readonly [string, string]> = [
    ...input.request.headers.filter(([name]) => name.toLowerCase() !== 'authorization'),
    ...input.extraHeaders,
  ];
  const present = indexHeaders(headers);
  if (!present.has('host')) {
    // A programming error, not a refusal: every HTTP/1.1 request has a Host, and SigV4 requires it signed.
    throw new TypeError('the request to sign has no Host header');
  }
  if (input.addDateHeader && !present.has('x-amz-date')) {
    headers.push(['X-Amz-Date', formatAmzDate(input.now)]);
  }
  if (!input.addDateHeader && !present.has('x-amz-date') && !present.has('date')) {
    throw new TypeError('the request to sign has neither X-Amz-Date nor Date, and addDateHeader is false');
  }
  const existingDate = present.get('x-amz-date');
  if (existingDate !== undefined && parseAmzDate(existingDate.join(',')) === undefined) {
    throw new TypeError('the request to sign has a malformed X-Amz-Date header');
  }
  const outgoing = { ...input.request, headers };
  const { amzDate } = resolveRequestDate(indexHeaders(headers));
  const signedHeaders =
    input.signedHeaders === undefined
      ? defaultSignedHeaders(headers)
      : normalizeSignedHeaders(input.signedHeaders);
  const credentialScope = formatCredentialScope({
    date: amzDate.slice(0, 8),
    region: input.region,
    service: input.service,
    terminator: SCOPE_TERMINATOR,
  });
  const canonicalRequest = buildCanonicalRequest(outgoing, signedHeaders, input.canonical);
  const stringToSign = buildStringToSign(input.algorithm, amzDate, credentialScope, canonicalRequest);
  return { headers, signedHeaders, amzDate, credentialScope, canonicalRequest, stringToSign };
}

/** `<Algorithm> Credential=<id>/<scope>, SignedHeaders=<a;b>, Signature=<hex>` (AWS's separators). */
export function formatAuthorization(
  algorithm: SigV4Algorithm,
  id: string,
  plan: Pick<SigningPlan, 'credentialScope' | 'signedHeaders'>,
  signature: string,
): string {
  return `${algorithm} Credential=${id}/${plan.credentialScope}, SignedHeaders=${plan.signedHeaders.join(';')}, Signature=${signature}`;
}

/** The signed request: the plan's headers plus `Authorization`, and the steps for debugging. */
export function signingResult(
  plan: SigningPlan,
  authorization: string,
  signature: string,
  extraHeaders: HeaderPairs = [],
): SigningResult {
  return {
    headers: [...plan.headers, ...extraHeaders, ['Authorization', authorization]],
    authorization,
    signature,
    signedHeaders: plan.signedHeaders,
    amzDate: plan.amzDate,
    credentialScope: plan.credentialScope,
    canonicalRequest: plan.canonicalRequest,
    stringToSign: plan.stringToSign,
  };
}
