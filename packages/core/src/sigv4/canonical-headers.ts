/**
 * The CanonicalHeaders and SignedHeaders lines (AWS SigV4 "Create a canonical request", steps 4
 * and 5): for each signed name in sorted order, `name:value\n`, where the value is every
 * occurrence of the header trimmed, with runs of spaces collapsed to one, joined with `,` in
 * arrival order.
 */
import type { HeaderIndex } from './header-index.ts';
import { invalidSignature, SIGNATURE_MISMATCH_MESSAGE } from './sigv4-errors.ts';

/**
 * Trim and collapse HTTP whitespace (SP and HTAB, RFC 9110 §5.6.3). botocore and the JS SDK v3
 * collapse any whitespace; Node's parser refuses CR and LF in values, so only SP and HTAB can
 * occur. The Go SDK v2 collapses only SP: a value with a tab inside differs there, which no
 * client in practice sends.
 */
export function canonicalHeaderValue(values: readonly string[]): string {
  return values.map((value) => value.replace(/[ \t]+/g, ' ').replace(/^ | $/g, '')).join(',');
}

/**
 * Builds the CanonicalHeaders block (each line ends in `\n`). `signedHeaders` must be lower-case
 * and sorted (the parser guarantees it for received requests). A signed header absent from the
 * request is an `InvalidSignatureException`: the client claims to have signed something we did
 * not receive, so the signature cannot match what arrived.
 */
export function canonicalHeaders(index: HeaderIndex, signedHeaders: readonly string[]): string {
  let block = '';
  for (const name of signedHeaders) {
    const values = index.get(name);
    if (values === undefined) {
      throw invalidSignature(
        SIGNATURE_MISMATCH_MESSAGE,
        `signed header '${name}' is absent from the request`,
      );
    }
    block += `${name}:${canonicalHeaderValue(values)}\n`;
  }
  return block;
}

export function signedHeadersString(signedHeaders: readonly string[]): string {
  return signedHeaders.join(';');
}
