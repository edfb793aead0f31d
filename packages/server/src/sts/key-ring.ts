/**
 * The key ring that seals session tokens. Keys live in the store (sealed with the data key), so
 * every server sharing the store can open every token; each server caches them in memory and
 * reads the store again only when it meets a key id it does not know (at most once a second).
 *
 * Rotation: tokens are sealed with the newest active key; once that key is older than
 * `rotateAfterMs` a new one is made and the old one retired. A retired key still opens tokens
 * until every session sealed with it has expired (`rotateAfterMs` + the longest session), then
 * it is deleted.
 */
import { createSecretKey, randomBytes } from 'node:crypto';
import type { TokenKeyRecord } from '@anchorage/core/iam/records';
import type { TokenKey } from '@anchorage/core/sts/session-token';
import type { Store } from '@anchorage/store/port';
import type { SecretBox } from '../secrets/secret-box.ts';

export const DEFAULT_ROTATE_AFTER_MS = 24 * 3600_000;
/** The longest session Anchorage mints (IAM's MaxSessionDuration ceiling: 12 hours). */
export const LONGEST_SESSION_MS = 12 * 3600_000;
const RELOAD_INTERVAL_MS = 1000;

export interface KeyRing {
  /** The key new tokens are sealed with (rotating it first when it is due). */
  sealingKey(now: number): Promise<TokenKey>;
  /** A key by id, for opening a token; undefined when no such key exists (any more). */
  key(id: string, now: number): Promise<TokenKey | undefined>;
  /** Makes a new active key now and retires the others. */
  rotate(now: number): Promise<TokenKey>;
}

export function createKeyRing(
  store: Store,
  box: SecretBox,
  rotateAfterMs = DEFAULT_ROTATE_AFTER_MS,
): KeyRing {
  const cache = new Map<string, { key: TokenKey; record: TokenKeyRecord }>();
  let lastReload = Number.NEGATIVE_INFINITY;

  const reload = async (now: number) => {
    lastReload = now;
    let after: string | undefined;
    do {
      const page = await store.tokenKeys.list({ limit: 100, ...(after === undefined ? {} : { after }) });
      for (const record of page.items) {
        if (!cache.has(record.id) || cache.get(record.id)?.record.status !== record.status) {
          cache.set(record.id, {
            key: {
              id: record.id,
              key: createSecretKey(Buffer.from(box.open(record.sealedKey, record.id), 'base64')),
            },
            record,
          });
        }
      }
      after = page.next;
    } while (after !== undefined);
  };

  // One read of the store at a time; callers that arrive while it runs wait for it rather than
  // seal with what the cache held before (the read that is due may hold a rotation).
  let reloading: Promise<void> | undefined;
  const reloadShared = (now: number): Promise<void> => {
    reloading ??= reload(now).finally(() => {
      reloading = undefined;
    });
    return reloading;
  };

  const newest = () =>
    [...cache.values()]
      .filter((k) => k.record.status === 'active')
      .sort((a, b) => b.record.createdAt.localeCompare(a.record.createdAt))[0];

  const rotate = async (now: number): Promise<TokenKey> => {
    // Every key in the store is retired below, also those made by other processes since the last read.
    await reload(now);
    const id = randomBytes(6).toString('base64url');
    const bytes = randomBytes(32);
    const record: TokenKeyRecord = {
      id,
      sealedKey: box.seal(bytes.toString('base64'), id),
      createdAt: new Date(now).toISOString(),
      status: 'active',
    };
    await store.tokenKeys.insert(record);
    const key = { id, key: createSecretKey(bytes) };
    cache.set(id, { key, record });
    for (const [otherId, entry] of cache) {
      if (otherId === id || entry.record.status === 'retired') continue;
      const retired = await store.tokenKeys.update(otherId, (r) => ({ ...r, status: 'retired' }));
      if (retired !== undefined) cache.set(otherId, { key: entry.key, record: retired });
    }
    await forgetExpired(now);
    return key;
  };

  /** Deletes retired keys that no unexpired token can name any more. */
  const forgetExpired = async (now: number) => {
    for (const [id, entry] of cache) {
      const age = now - Date.parse(entry.record.createdAt);
      if (entry.record.status === 'retired' && age > rotateAfterMs + LONGEST_SESSION_MS) {
        await store.tokenKeys.delete(id);
        cache.delete(id);
      }
    }
  };

  return {
    async sealingKey(now) {
      let current = newest();
      // The store is read again at most once a second, so a key rotated by another process
      // (another server, `anchorage keys rotate`) becomes the sealing key here within a second.
      if (current === undefined || now - lastReload >= RELOAD_INTERVAL_MS || reloading !== undefined) {
        await reloadShared(now);
        current = newest();
      }
      if (current === undefined || now - Date.parse(current.record.createdAt) >= rotateAfterMs) {
        // Another server may have rotated already; look before making yet another key.
        await reload(now);
        current = newest();
        if (current === undefined || now - Date.parse(current.record.createdAt) >= rotateAfterMs) {
          return rotate(now);
        }
      }
      return current.key;
    },
    async key(id, now) {
      const cached = cache.get(id);
      if (cached !== undefined) return cached.key;
      if (reloading === undefined && now - lastReload < RELOAD_INTERVAL_MS) return undefined;
      await reloadShared(now);
      return cache.get(id)?.key;
    },
    rotate,
  };
}
