/**
 * Query strings decoded per RFC 3986: `%XX` only. A `+` stays a `+` (AWS clients encode spaces
 * as `%20`; turning `+` into a space would change what was signed).
 */
import { AnchorageError } from '@anchorage/core/errors';

export type QueryParams = ReadonlyMap<string, readonly string[]>;

export function parseQuery(raw: string): QueryParams {
  const params = new Map<string, string[]>();
  if (raw === '') return params;
  for (const part of raw.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = decode(eq === -1 ? part : part.slice(0, eq));
    const value = eq === -1 ? '' : decode(part.slice(eq + 1));
    const values = params.get(name);
    if (values === undefined) params.set(name, [value]);
    else values.push(value);
  }
  return params;
}

export function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new AnchorageError(
      'SerializationException',
      'The request URI contains an invalid percent-encoding',
    );
  }
}
