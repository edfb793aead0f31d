/**
 * The credential cache of `credential-process`. Every AWS SDK process runs the helper on its own,
 * so without a cache ten parallel processes make ten CreateSession calls (and meet AWS's 10 TPS
 * quota). Entries are keyed by everything that shapes the session, live in a directory only the
 * user can enter (0700, files 0600), and are renewed ahead of expiry by one process while the
 * others wait on a lock file. A renewal that fails for a passing reason serves the last good
 * credentials until they expire.
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { HelperError } from '../helper-error.ts';
import { refreshAt } from '../session/refresh-policy.ts';
import type { SessionCredentials } from '../session/session-credentials.ts';

export interface CacheOptions {
  readonly dir: string;
  readonly key: string;
  readonly now: () => number;
  readonly warn: (message: string) => void;
  /** How long to wait for another process's renewal before giving up (default 60 s). */
  readonly lockWaitMs?: number;
}

interface Entry {
  readonly credentials: SessionCredentials;
  readonly obtainedAt: number;
}

const STALE_LOCK_MS = 120_000;

/** Returns cached credentials, or renews them with `fetch` (only one process at a time does). */
export async function cachedCredentials(
  options: CacheOptions,
  fetch: () => Promise<SessionCredentials>,
): Promise<SessionCredentials> {
  if (!prepareDir(options)) return fetch();
  const file = join(options.dir, `${options.key}.json`);
  const fresh = (entry: Entry): boolean =>
    options.now() < refreshAt(entry.obtainedAt, Date.parse(entry.credentials.expiration));
  const early = readEntry(file);
  if (early !== undefined && fresh(early)) return early.credentials;
  const release = await acquireLock(`${file}.lock`, options);
  try {
    const entry = readEntry(file);
    if (entry !== undefined && fresh(entry)) return entry.credentials; // another process renewed while we waited
    const obtainedAt = options.now();
    try {
      const credentials = await fetch();
      writeEntry(file, { credentials, obtainedAt });
      return credentials;
    } catch (error) {
      const transient = error instanceof HelperError && error.transient;
      if (transient && entry !== undefined && options.now() < Date.parse(entry.credentials.expiration)) {
        options.warn(
          `renewing cached credentials failed (${(error as Error).message}); using the cached ones, which expire at ${entry.credentials.expiration}`,
        );
        return entry.credentials;
      }
      if (!transient) removeQuietly(file); // a refusal: the old credentials must not outlive it here
      throw error;
    }
  } finally {
    release();
  }
}

/** A key for everything that shapes the session; secrets (PINs, passwords) are left out. */
export function cacheKey(parts: Readonly<Record<string, string | number | undefined>>): string {
  const canonical = JSON.stringify(Object.entries(parts).sort(([a], [b]) => a.localeCompare(b)));
  return createHash('sha256').update(canonical).digest('hex');
}

/** `$XDG_CACHE_HOME/anchorage/credential-process`, else `~/.cache/anchorage/credential-process`. */
export function defaultCacheDir(env: Readonly<Record<string, string | undefined>>, homeDir: string): string {
  const base =
    env.XDG_CACHE_HOME !== undefined && env.XDG_CACHE_HOME !== ''
      ? env.XDG_CACHE_HOME
      : join(homeDir, '.cache');
  return join(base, 'anchorage', 'credential-process');
}

/** The directory must be ours and closed to everyone else; otherwise run without a cache. */
function prepareDir(options: CacheOptions): boolean {
  try {
    mkdirSync(options.dir, { recursive: true, mode: 0o700 });
    const stat = statSync(options.dir);
    const uid = process.getuid?.();
    if (uid !== undefined && stat.uid !== uid) {
      options.warn(`not caching credentials: ${options.dir} belongs to another user`);
      return false;
    }
    if ((stat.mode & 0o077) !== 0) chmodSync(options.dir, 0o700);
    return true;
  } catch (error) {
    options.warn(`not caching credentials: cannot use ${options.dir} (${(error as Error).message})`);
    return false;
  }
}

function readEntry(file: string): Entry | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const entry = JSON.parse(text) as Entry;
    const c = entry.credentials;
    const valid =
      typeof entry.obtainedAt === 'number' &&
      [c?.accessKeyId, c?.secretAccessKey, c?.sessionToken, c?.expiration].every(
        (v) => typeof v === 'string',
      ) &&
      Number.isFinite(Date.parse(c.expiration));
    return valid ? entry : undefined;
  } catch {
    return undefined; // a torn or foreign file is a miss, never an error
  }
}

/** Write to a private temporary file, sync, then rename: readers see the old entry or the new one. */
function writeEntry(file: string, entry: Entry): void {
  const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  const fd = openSync(temporary, 'wx', 0o600);
  try {
    writeSync(fd, JSON.stringify(entry));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, file);
}

async function acquireLock(lockFile: string, options: CacheOptions): Promise<() => void> {
  const deadline = options.now() + (options.lockWaitMs ?? 60_000);
  for (;;) {
    try {
      const fd = openSync(lockFile, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => removeQuietly(lockFile);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (lockIsStale(lockFile)) {
      removeQuietly(lockFile);
      continue;
    }
    if (options.now() > deadline) {
      throw new HelperError(
        `gave up waiting for another process to renew the cached credentials (${lockFile})`,
        {
          transient: true,
        },
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 20 + Math.random() * 30));
  }
}

/** A lock whose holder has died (or that is older than any renewal can take) is taken over. */
function lockIsStale(lockFile: string): boolean {
  try {
    const stat = statSync(lockFile);
    if (Date.now() - stat.mtimeMs > STALE_LOCK_MS) return true;
    const pid = Number(readFileSync(lockFile, 'utf8'));
    if (!Number.isInteger(pid) || pid <= 0) return false; // being written right now
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

function removeQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // already gone
  }
}
