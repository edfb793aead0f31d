/**
 * The request as the HTTP edge hands it to the SigV4 code: the bytes of the wire, not a parsed
 * URL. SigV4 signs what the client put on the request line and in the headers, so the verifier
 * must see the raw path and query (still percent-encoded) and every header occurrence in order.
 */

/** Node's `rawHeaders` as pairs: original case, repeated names kept, arrival order. */
export type HeaderPairs = ReadonlyArray<readonly [name: string, value: string]>;

export interface SignedRequest {
  /** As received, e.g. `POST`. */
  readonly method: string;
  /** Path of the request line before `?`, still percent-encoded as received. */
  readonly rawPath: string;
  /** After `?`, `''` if none, as received. */
  readonly rawQuery: string;
  readonly headers: HeaderPairs;
  /**
   * Lower-case hex SHA-256 of the exact body bytes, computed by the server. Never taken from
   * `x-amz-content-sha256`: the signature must cover the bytes we actually received.
   */
  readonly payloadSha256Hex: string;
}
