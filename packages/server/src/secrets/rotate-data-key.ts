/**
 * Data-key rotation: every sealed secret of the store (see sealed-secrets.ts) is re-sealed under a
 * new data key, and the old key is then dropped. The steps, and why a crash at any point is safe:
 *
 * 1. The next key is written beside the current one (`data.key.next`: a temporary file, fsync,
 *    rename, fsync of the directory), or taken from `ANCHORAGE_DATA_KEY_NEXT`. From here on a
 *    server that starts holds both keys (data-keys.ts): it opens either and seals with the next.
 * 2. Each sealed record is re-sealed under the next key, one atomic update per record. A stop
 *    half-way leaves some records under each key: both are held, so everything still opens.
 *    Running again resumes: a record the next key already opens is left alone.
 * 3. Every sealed record is checked to open with the next key alone. Only then —
 * 4. (SQLite) the database is compacted (VACUUM, then the WAL checkpointed and truncated), so that
 *    the old ciphertexts do not linger in free pages or old WAL frames, and
 * 5. (file) `data.key.next` is renamed over `data.key` (atomic) and the directory fsynced; the
 *    old key exists no more. With keys in the environment, the operator makes this switch.
 *
 * The store gives one-record atomicity, not a transaction over every table; the two-key state of
 * steps 1–3 is what makes the rotation safe without one, and it also lets servers that were
 * started after step 1 keep serving while it runs.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, openSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { Store } from '@anchorage/store/port';
import { DATA_KEY_FILE } from './data-key.ts';
import { DATA_KEY_NEXT_FILE, type DataKeys } from './data-keys.ts';
import { createKeySetBox } from './key-set-box.ts';
import { SEALED_SECRETS } from './sealed-secrets.ts';
import { createSecretBox } from './secret-box.ts';

/** How long compaction waits for a server's write lock before giving up (it can be run again). */
const BUSY_TIMEOUT_MS = 10_000;

export interface ResealReport {
  readonly kinds: readonly { readonly name: string; readonly records: number; readonly resealed: number }[];
}

/** Step 1 (file keys): writes `data.key.next` unless an interrupted rotation left one. */
export function writeNextDataKey(dataDir: string): void {
  const path = join(dataDir, DATA_KEY_NEXT_FILE);
  if (existsSync(path)) return;
  const temporary = `${path}.${process.pid}.tmp`;
  const fd = openSync(temporary, 'w', 0o600);
  try {
    writeFileSync(fd, `${randomBytes(32).toString('base64')}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, path);
  fsyncDirectory(dataDir);
}

/** Steps 2 and 3: re-seals under `keys.next`, then checks that the next key alone opens everything. */
export async function resealUnderNextKey(store: Store, keys: DataKeys): Promise<ResealReport> {
  if (keys.next === undefined) throw new Error('no next data key to re-seal under');
  const either = createKeySetBox(keys.next, keys.current);
  const target = createSecretBox(keys.next);
  const kinds = [];
  for (const kind of SEALED_SECRETS) {
    const resealed = await kind.reseal(store, either, target);
    kinds.push({ name: kind.name, records: await kind.count(store), resealed });
  }
  for (const kind of SEALED_SECRETS) {
    const left = await kind.notOpenedBy(store, target);
    if (left.length > 0) {
      // Someone sealed with the old key after step 2 passed: a server that does not hold the next
      // key is running. Switching now would lose those records.
      throw new Error(
        `${left.length} ${kind.name}(s) (${left.slice(0, 3).join(', ')}) are still sealed with the old data key: ` +
          'a server started before the rotation is writing with it. Stop it, then run the rotation again.',
      );
    }
  }
  return { kinds };
}

/** Step 4 (SQLite): rewrites the database file so no page or WAL frame keeps an old ciphertext. */
export function compactSqliteDatabase(path: string): void {
  const db = new DatabaseSync(path);
  try {
    db.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.exec('VACUUM');
    db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
}

/** Step 5 (file keys): the next key becomes the data key; the old one is gone. */
export function promoteNextDataKey(dataDir: string): void {
  renameSync(join(dataDir, DATA_KEY_NEXT_FILE), join(dataDir, DATA_KEY_FILE));
  fsyncDirectory(dataDir);
}

/** A rename is durable once the directory holding it is fsynced. */
function fsyncDirectory(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
