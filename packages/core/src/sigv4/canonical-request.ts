/**
 * The canonical request (AWS SigV4 "Create a canonical request"): six lines joined with `\n`:
 * method, canonical URI, canonical query, canonical headers (a block ending in `\n`, hence the
 * blank line), signed headers, payload hash. Signer and verifier both build it here, so they
 * cannot disagree.
 */
import { canonicalHeaders, signedHeadersString } from './canonical-headers.ts';
import { canonicalQuery } from './canonical-query.ts';
import { type CanonicalUriOptions, canonicalUri } from './canonical-uri.ts';
import { indexHeaders } from './header-index.ts';
import type { SignedRequest } from './signed-request.ts';

export interface CanonicalRequestOptions {
  /** How to canonicalise `rawPath` (non-S3 defaults). */
  readonly uri?: CanonicalUriOptions;
  /**
   * A canonical URI to use instead of the request's path. SigV4-X509 clients sign `/sessions`
   * whatever path they were mounted under (protocol notes §2.4 step 1.2).
   */
  readonly canonicalUri?: string;
  /** Decoded query parameter names not covered by the signature (presigned `X-Amz-Signature`). */
  readonly excludeQueryParameters?: readonly string[];
}

export function buildCanonicalRequest(
  request: SignedRequest,
  signedHeaders: readonly string[],
  options: CanonicalRequestOptions = {},
): string {
  return [
    request.method,
    options.canonicalUri ?? canonicalUri(request.rawPath, options.uri),
    canonicalQuery(
      request.rawQuery,
      options.excludeQueryParameters === undefined ? {} : { exclude: options.excludeQueryParameters },
    ),
    canonicalHeaders(indexHeaders(request.headers), signedHeaders),
    signedHeadersString(signedHeaders),
    request.payloadSha256Hex,
  ].join('\n');
}
