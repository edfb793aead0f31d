/**
 * The data keys a process holds: the current one (`ANCHORAGE_DATA_KEY`, else `<data-dir>/data.key`,
 * see data-key.ts) and, while a data-key rotation is under way, the next one — from
 * `ANCHORAGE_DATA_KEY_NEXT` when the current key comes from the environment, else from
 * `<data-dir>/data.key.next`, which `anchorage keys rotate-data-key` writes before it re-seals
 * anything and renames over `data.key` once nothing is sealed with the old key any more.
 *
 * With a next key, secrets are sealed with it and opened with either key. So every state a
 * rotation can stop in (next key written; some records re-sealed; all re-sealed; switched) is one
 * a server can start from and keep working in: each record is sealed under one of the two keys,
 * and what the server writes is already under the key that will remain.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATA_KEY_ENV, DATA_KEY_FILE, loadDataKey } from './data-key.ts';
import { createKeySetBox } from './key-set-box.ts';
import type { SecretBox } from './secret-box.ts';

export const DATA_KEY_NEXT_ENV = 'ANCHORAGE_DATA_KEY_NEXT';
export const DATA_KEY_NEXT_FILE = 'data.key.next';

export interface DataKeys {
  readonly current: Buffer;
  /** Present while a rotation is under way. */
  readonly next: Buffer | undefined;
  /** Where the keys live: the environment (a secret manager) or files in the data directory. */
  readonly source: 'environment' | 'file';
  /** For messages: where the current and the next key are read from (never the keys). */
  readonly currentFrom: string;
  readonly nextFrom: string;
}

export function loadDataKeys(dataDir: string, env: Readonly<Record<string, string | undefined>>): DataKeys {
  const fromEnvironment = nonEmpty(env[DATA_KEY_ENV]) !== undefined;
  const nextText = nonEmpty(env[DATA_KEY_NEXT_ENV]);
  if (!fromEnvironment && nextText !== undefined) {
    // A next key in the environment with the current one in a file is a mix-up that would leave
    // the two halves of a rotation in different places; refuse it rather than guess.
    throw new Error(`${DATA_KEY_NEXT_ENV} is set but ${DATA_KEY_ENV} is not: set both, or neither`);
  }
  const current = loadDataKey(dataDir, env);
  if (fromEnvironment) {
    const next = nextText === undefined ? undefined : decodeDataKey(nextText, DATA_KEY_NEXT_ENV);
    return {
      current,
      next: next?.equals(current) === true ? undefined : next,
      source: 'environment',
      currentFrom: DATA_KEY_ENV,
      nextFrom: DATA_KEY_NEXT_ENV,
    };
  }
  const nextPath = join(dataDir, DATA_KEY_NEXT_FILE);
  const next = existsSync(nextPath)
    ? decodeDataKey(readFileSync(nextPath, 'utf8').trim(), nextPath)
    : undefined;
  return {
    current,
    next: next?.equals(current) === true ? undefined : next,
    source: 'file',
    currentFrom: join(dataDir, DATA_KEY_FILE),
    nextFrom: nextPath,
  };
}

/** The box a server uses: seals with the next key when there is one, opens with either. */
export function dataKeyBox(keys: DataKeys): SecretBox {
  return keys.next === undefined
    ? createKeySetBox(keys.current, undefined)
    : createKeySetBox(keys.next, keys.current);
}

export function openDataKeyBox(
  dataDir: string,
  env: Readonly<Record<string, string | undefined>>,
): SecretBox {
  return dataKeyBox(loadDataKeys(dataDir, env));
}

export function decodeDataKey(text: string, source: string): Buffer {
  const key = Buffer.from(text, 'base64');
  if (key.length !== 32 || key.toString('base64') !== text) {
    throw new Error(`${source} must hold a base64-encoded 32-byte key`);
  }
  return key;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
