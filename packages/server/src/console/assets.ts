/**
 * The console's static files: one stylesheet, one small script, one icon. Read once at start,
 * served with their exact types, `nosniff`, and a year's cache; pages link them with a hash of
 * their content in the query, so a changed file is a new URL and no browser keeps a stale one.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

interface Asset {
  readonly body: Buffer;
  readonly contentType: string;
  readonly version: string;
}

const TYPES: Readonly<Record<string, string>> = {
  'console.css': 'text/css; charset=utf-8',
  'console.js': 'text/javascript; charset=utf-8',
  'icon.svg': 'image/svg+xml',
};

const ASSETS: ReadonlyMap<string, Asset> = new Map(
  Object.entries(TYPES).map(([name, contentType]) => {
    const body = readFileSync(new URL(`./assets/${name}`, import.meta.url));
    const version = createHash('sha256').update(body).digest('hex').slice(0, 12);
    return [name, { body, contentType, version }];
  }),
);

export const ASSETS_PREFIX = '/console/assets/';

export function asset(name: string): Asset | undefined {
  return ASSETS.get(name);
}

/** The URL a page links an asset by. */
export function assetUrl(name: string): string {
  const found = ASSETS.get(name);
  if (found === undefined) throw new TypeError(`no console asset ${name}`);
  return `${ASSETS_PREFIX}${name}?v=${found.version}`;
}
