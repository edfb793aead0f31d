/**
 * The CanonicalQueryString line (AWS SigV4 "Create a canonical request", step 3): decode every
 * name and value, URI-encode them again with only the unreserved characters left as they are,
 * sort by encoded name and then by encoded value, and join `name=value` pairs with `&`. Decoding
 * first makes the result independent of how the client chose to escape on the wire
 * (`%7E` and `~`, `%3a` and `%3A` canonicalise the same).
 */
import { splitQuery } from './query-parameters.ts';
import { uriEncodeBytes } from './uri-encode.ts';

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
  for (const { name, value } of splitQuery(rawQuery)) {
    const encodedName = uriEncodeBytes(name);
    if (exclude.length > 0 && exclude.includes(Buffer.from(name).toString('utf8'))) continue;
    pairs.push([encodedName, uriEncodeBytes(value)]);
  }
  pairs.sort((a, b) => compare(a[0], b[0]) || compare(a[1], b[1]));
  return pairs.map(([name, value]) => `${name}=${value}`).join('&');
}
