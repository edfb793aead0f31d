/**
 * Splitting and decoding a raw query string the way the SigV4 canonicalisation reads it: split on
 * `&`, split each parameter on its first `=`, percent-decode names and values (RFC 3986, `+` is
 * a literal plus). The application layer must read the query with `decodeQueryParameters` too:
 * if it decoded `+` as a space (as `URLSearchParams` does), an attacker could swap a signed `%2B`
 * for `+` and change the meaning of a request without changing its signature.
 */
import { percentDecodeToBytes } from './uri-encode.ts';

export interface RawQueryParameter {
  readonly name: Uint8Array;
  readonly value: Uint8Array;
}

/**
 * Decoded parameters, in order. Empty pieces (`a=1&&b=2`, a trailing `&`) are skipped; a piece
 * without `=` is a name with an empty value, which SigV4 canonicalises as `name=`.
 */
export function splitQuery(rawQuery: string): RawQueryParameter[] {
  const parameters: RawQueryParameter[] = [];
  if (rawQuery === '') return parameters;
  for (const piece of rawQuery.split('&')) {
    if (piece === '') continue;
    const equals = piece.indexOf('=');
    const rawName = equals === -1 ? piece : piece.slice(0, equals);
    const rawValue = equals === -1 ? '' : piece.slice(equals + 1);
    parameters.push({ name: percentDecodeToBytes(rawName), value: percentDecodeToBytes(rawValue) });
  }
  return parameters;
}

const utf8 = new TextDecoder('utf-8');

/** The same parameters as strings (invalid UTF-8 becomes U+FFFD), for application use. */
export function decodeQueryParameters(rawQuery: string): Array<readonly [name: string, value: string]> {
  return splitQuery(rawQuery).map(({ name, value }) => [utf8.decode(name), utf8.decode(value)] as const);
}
