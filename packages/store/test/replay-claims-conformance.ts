/**
 * The contract of `Store.replayClaims` (port.ts), part of the conformance suite: a key is claimed
 * once while its claim lives (through its expiry instant), again after it expired, atomically
 * under concurrency, purged only once expired, and claims never move the change marker.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Store } from '@anchorage/store/port';

type Open = () => Promise<Store>;

async function withStore(open: Open, use: (store: Store) => Promise<void>): Promise<void> {
  const store = await open();
  try {
    await use(store);
  } finally {
    await store.close();
  }
}

const T = 1_750_000_000_000;

export function replayClaimsTests(open: Open): void {
  test('ok/replayClaims/the first claim of a key wins; a second while it lives loses; other keys are free', async () => {
    await withStore(open, async (store) => {
      assert.equal(await store.replayClaims.claim('a'.repeat(64), T + 300_000, T), true);
      assert.equal(await store.replayClaims.claim('a'.repeat(64), T + 300_000, T + 1), false);
      assert.equal(await store.replayClaims.claim('a'.repeat(64), T + 999_999, T + 2), false);
      assert.equal(await store.replayClaims.claim('b'.repeat(64), T + 300_000, T + 2), true);
    });
  });

  test('ok/replayClaims/a claim lives through its expiry instant and is replaced after it', async () => {
    await withStore(open, async (store) => {
      assert.equal(await store.replayClaims.claim('k', T + 1_000, T), true);
      assert.equal(await store.replayClaims.claim('k', T + 5_000, T + 1_000), false, 'live at expiresAt');
      assert.equal(await store.replayClaims.claim('k', T + 5_000, T + 1_001), true, 'expired: replaced');
      assert.equal(await store.replayClaims.claim('k', T + 9_000, T + 4_000), false, 'the new claim lives');
    });
  });

  test('ok/replayClaims/of concurrent claims of one key exactly one wins', async () => {
    await withStore(open, async (store) => {
      const results = await Promise.all(
        Array.from({ length: 24 }, () => store.replayClaims.claim('contended', T + 300_000, T)),
      );
      assert.equal(results.filter(Boolean).length, 1);
    });
  });

  test('ok/replayClaims/hundreds of claims at once, each key twice: every key is won exactly once', async () => {
    await withStore(open, async (store) => {
      // More than one batch's worth (the PostgreSQL store sends the claims of a turn together).
      const keys = Array.from({ length: 300 }, (_, i) => `key-${i}`);
      await store.replayClaims.claim('key-7', T + 100, T - 1_000); // expired by T: replaced below
      await store.replayClaims.claim('key-9', T + 300_000, T); // live: lost below
      const attempts = [...keys, ...keys].map((key) => ({
        key,
        won: store.replayClaims.claim(key, T + 300_000, T + 200),
      }));
      const wins = new Map<string, number>();
      for (const { key, won } of attempts) if (await won) wins.set(key, (wins.get(key) ?? 0) + 1);
      assert.equal(wins.size, 299, 'every key but the live one');
      assert.equal(wins.get('key-9'), undefined);
      assert.equal(wins.get('key-7'), 1, 'an expired claim is replaced once');
      assert.ok([...wins.values()].every((n) => n === 1));
    });
  });

  test('ok/replayClaims/purge forgets expired claims only, and says how many', async () => {
    await withStore(open, async (store) => {
      await store.replayClaims.claim('early', T + 100, T);
      await store.replayClaims.claim('edge', T + 200, T);
      await store.replayClaims.claim('late', T + 300, T);
      assert.equal(await store.replayClaims.purge(T + 200), 1, 'only claims that expired before');
      assert.equal(await store.replayClaims.purge(T + 200), 0);
      // The survivors still hold their keys.
      assert.equal(await store.replayClaims.claim('edge', T + 900, T + 150), false);
      assert.equal(await store.replayClaims.claim('late', T + 900, T + 150), false);
      assert.equal(await store.replayClaims.claim('early', T + 900, T + 150), true, 'purged: free');
    });
  });

  test('ok/replayClaims/claims do not move the change marker (they are not records)', async () => {
    await withStore(open, async (store) => {
      const before = await store.changeMarker();
      await store.replayClaims.claim('quiet', T + 300_000, T);
      await store.replayClaims.purge(T + 400_000);
      assert.equal(await store.changeMarker(), before);
    });
  });
}
