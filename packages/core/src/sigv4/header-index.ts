/**
 * Groups request headers by lower-cased name, keeping every occurrence in arrival order. SigV4
 * treats header names case-insensitively and signs all values of a repeated header (AWS SigV4
 * "Create a canonical request", step 4), so this is the one view the canonicalisation needs.
 */
import type { HeaderPairs } from './signed-request.ts';

export type HeaderIndex = ReadonlyMap<string, readonly string[]>;

export function indexHeaders(headers: HeaderPairs): HeaderIndex {
  const index = new Map<string, string[]>();
  for (const [name, value] of headers) {
    const key = name.toLowerCase();
    const values = index.get(key);
    if (values === undefined) index.set(key, [value]);
    else values.push(value);
  }
  return index;
}
