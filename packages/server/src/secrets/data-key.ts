/**
 * The data key that seals secrets at rest. Taken from ANCHORAGE_DATA_KEY (base64 of 32 bytes)
 * when set — so it can live in a secret manager, apart from the database — otherwise from
 * `<data-dir>/data.key`, created on first start with mode 0600.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const DATA_KEY_ENV = 'ANCHORAGE_DATA_KEY';
export const DATA_KEY_FILE = 'data.key';

export function loadDataKey(dataDir: string, env: Readonly<Record<string, string | undefined>>): Buffer {
  const fromEnv = env[DATA_KEY_ENV];
  if (fromEnv !== undefined && fromEnv !== '') return decodeKey(fromEnv, DATA_KEY_ENV);
  const path = join(dataDir, DATA_KEY_FILE);
  if (!existsSync(path)) {
    // 'wx' fails if another process created the file in the meantime; then we read theirs.
    try {
      writeFileSync(path, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
  return decodeKey(readFileSync(path, 'utf8').trim(), path);
}

function decodeKey(text: string, source: string): Buffer {
  const key = Buffer.from(text, 'base64');
  if (key.length !== 32 || key.toString('base64') !== text) {
    throw new Error(`${source} must hold a base64-encoded 32-byte key`);
  }
  return key;
}
