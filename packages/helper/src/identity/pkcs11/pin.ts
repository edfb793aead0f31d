/**
 * Where a user PIN comes from: `pin-value`, else `pin-source` (RFC 7512 §2.3: a file, given as a
 * path or a `file:` URI; its first line is the PIN), else the caller's prompt. A `pin-source`
 * naming a program (`|/usr/bin/pin-getter`) is refused: running programs named in a URI is not
 * something a credential helper should do on its own.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Pkcs11Error } from './pkcs11-error.ts';
import type { Pkcs11Uri } from './pkcs11-uri.ts';

function pinSourcePath(source: string): string {
  if (source.startsWith('|')) {
    throw new Pkcs11Error(
      'pin-source naming a program ("|…") is not supported: put the PIN in a file and give pin-source=file:/path/to/pin',
    );
  }
  if (!/^file:/i.test(source)) return source;
  try {
    return fileURLToPath(new URL(source));
  } catch (error) {
    throw new Pkcs11Error(
      'pin-source is not a usable file: URI (RFC 8089); give file:/absolute/path or a plain path',
      {
        cause: error,
      },
    );
  }
}

/** The PIN the URI carries, reading `pin-source` if need be; `undefined` if it has none. */
export async function pinFromUri(uri: Pkcs11Uri): Promise<string | undefined> {
  if (uri.pinValue !== undefined) return uri.pinValue;
  if (uri.pinSource === undefined) return undefined;
  const path = pinSourcePath(uri.pinSource);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new Pkcs11Error(`cannot read the PIN from pin-source ${JSON.stringify(path)} (${code})`, {
      cause: error,
    });
  }
  return text.split(/\r?\n/, 1)[0] ?? '';
}

/** The first PIN any of the URIs carries (the key's URI before the certificate's). */
export async function pinFromUris(uris: readonly (Pkcs11Uri | undefined)[]): Promise<string | undefined> {
  for (const uri of uris) {
    if (uri === undefined) continue;
    const pin = await pinFromUri(uri);
    if (pin !== undefined) return pin;
  }
  return undefined;
}
