import type { HeaderPairs } from './signed-request.ts';

/** What `signRequest` and `signX509` return: the headers to send, and the intermediate values for debugging. */
export interface SigningResult {
  /** The request's headers plus `X-Amz-Date`/`X-Amz-Security-Token` if added, and `Authorization`. */
  readonly headers: HeaderPairs;
  readonly authorization: string;
  readonly signature: string;
  readonly signedHeaders: readonly string[];
  readonly amzDate: string;
  readonly credentialScope: string;
  readonly canonicalRequest: string;
  readonly stringToSign: string;
}
