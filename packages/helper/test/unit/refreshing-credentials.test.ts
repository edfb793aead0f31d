/** Refresh ahead of expiry, one fetch at a time, last good credentials kept through passing failures only. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HelperError } from '../../src/helper-error.ts';
import { refreshAt } from '../../src/session/refresh-policy.ts';
import { RefreshingCredentials } from '../../src/session/refreshing-credentials.ts';

const HOUR = 3600_000;
const creds = (n: number, expiresAt: number) => ({
  accessKeyId: `AKID${n}`,
  secretAccessKey: 's',
  sessionToken: 't',
  expiration: new Date(expiresAt).toISOString(),
});

test('ok/refresh 15 minutes ahead of a one-hour session, halfway through a 15-minute one', () => {
  assert.equal(refreshAt(0, HOUR), 45 * 60_000);
  assert.equal(refreshAt(0, 15 * 60_000), 7.5 * 60_000);
});

test('ok/held until the refresh time, then fetched again; concurrent callers share one fetch', async () => {
  let clock = 0;
  let fetches = 0;
  const source = new RefreshingCredentials({
    now: () => clock,
    fetch: async () => {
      fetches++;
      await new Promise((r) => setTimeout(r, 5));
      return creds(fetches, clock + HOUR);
    },
  });
  const first = await Promise.all(Array.from({ length: 20 }, () => source.get()));
  assert.equal(fetches, 1);
  assert.ok(first.every((c) => c.accessKeyId === 'AKID1'));
  clock = 44 * 60_000;
  assert.equal((await source.get()).accessKeyId, 'AKID1');
  clock = 46 * 60_000;
  assert.equal((await source.get()).accessKeyId, 'AKID2');
  assert.equal(fetches, 2);
});

test('ok/a transient failure keeps the last good credentials until they expire, without hammering', async () => {
  let clock = 0;
  let fetches = 0;
  let fail = false;
  const errors: unknown[] = [];
  const source = new RefreshingCredentials({
    now: () => clock,
    onError: (e) => errors.push(e),
    fetch: async () => {
      fetches++;
      if (fail) throw new HelperError('connection refused', { transient: true });
      return creds(fetches, clock + HOUR);
    },
  });
  await source.get();
  fail = true;
  clock = 50 * 60_000;
  assert.equal((await source.get()).accessKeyId, 'AKID1');
  assert.equal(fetches, 2);
  clock += 10_000; // within the 30 s back-off: no new fetch
  assert.equal((await source.get()).accessKeyId, 'AKID1');
  assert.equal(fetches, 2);
  clock = HOUR + 1; // expired: no credentials left to give
  await assert.rejects(source.get(), /connection refused/);
  assert.equal(errors.length, 2);
});

test('fail/a refusal drops the held credentials at once', async () => {
  let clock = 0;
  let refuse = false;
  const source = new RefreshingCredentials({
    now: () => clock,
    fetch: async () => {
      if (refuse) throw new HelperError('AccessDeniedException: Certificate revoked');
      return creds(1, clock + HOUR);
    },
  });
  await source.get();
  refuse = true;
  clock = 50 * 60_000;
  await assert.rejects(source.get(), /revoked/);
  clock += 60_000;
  await assert.rejects(source.get(), /revoked/);
});
