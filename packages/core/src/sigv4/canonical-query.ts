/**
 * The CanonicalQueryString line (AWS SigV4 "Create a canonical request", step 3): decode every
 * name and value, URI-encode them again with only the unreserved characters left as they are,
 * sort by encoded name and then by encoded value, and join `name=value` pairs with `&`. Decoding
 * first makes the result independent of how the client chose to escape on the wire
 * (`%7E` and `~`, `%3a` and `%3A` canonicalise the same).
 */
import { canonicalUriComponent, percentDecodeToBytes } from './uri-encode.ts';

const utf8 = new TextDecoder('utf-8');

export interface CanonicalQueryOptions {
  /**
   * Decoded parameter names to leave out. A presigned URL's `X-Amz-Signature` is not part of
   * what it signs.
   */
  readonly exclude?: readonly string[];
}

function compare(a: string, b: string): number {
  // Encoded strings are ASCII, so code-unit order is byte order, as SigV4 requires.
  return a < b ? -1 : a > b ? 1 : 0;
}

export function canonicalQuery(rawQuery: string, options: CanonicalQueryOptions = {}): string {
  const exclude = options.exclude ?? [];
  const pairs: Array<readonly [string, string]> = [];
  // Split as splitQuery does (empty pieces skipped, a name without `=` has an empty value).
  for (const piece of rawQuery === '' ? [] : rawQuery.split('&')) {
    if (piece === '') continue;
    const equals = piece.indexOf('=');
    const rawName = equals === -1 ? piece : piece.slice(0, equals);
    if (exclude.length > 0 && exclude.includes(utf8.decode(percentDecodeToBytes(rawName)))) continue;
    const rawValue = equals === -1 ? '' : piece.slice(equals + 1);
    pairs.push([canonicalUriComponent(rawName), canonicalUriComponent(rawValue)]);
  }
  pairs.sort((a, b) => compare(a[0], b[0]) || compare(a[1], b[1]));
  return pairs.map(([name, value]) => `${name}=${value}`).join('&');
}
