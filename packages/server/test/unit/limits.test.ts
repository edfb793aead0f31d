/**
 * The pieces of the limits, with time as a parameter: token buckets, the replay cache, the
 * admission engine's order (replay before tokens, tokens all or none, no entry for a refusal),
 * the `RATE[:BURST]` syntax, and the key a source address is counted under.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createAdmissionEngine } from '../../src/limits/admission-engine.ts';
import { parseRateRule, RATE_OFF } from '../../src/limits/rate-rule.ts';
import { createReplayCache } from '../../src/limits/replay-cache.ts';
import { sourceKey } from '../../src/limits/source-key.ts';
import { createTokenBuckets } from '../../src/limits/token-buckets.ts';

const T = 1_750_000_000_000;

test('ok/token buckets: a burst, then one token per 1/rate seconds; keys are separate', () => {
  const buckets = createTokenBuckets({ ratePerSecond: 2, burst: 3 });
  assert.deepEqual(
    [1, 2, 3, 4].map(() => buckets.take('a', T)),
    [true, true, true, false],
  );
  assert.equal(buckets.waitMs('a', T), 500);
  assert.equal(buckets.take('a', T + 499), false);
  assert.equal(buckets.take('a', T + 500), true);
  assert.equal(buckets.take('b', T), true, 'another key has its own bucket');
  assert.equal(buckets.has('a', T + 500), false);
  assert.equal(buckets.has('a', T + 1000), true, 'has() takes nothing');
  assert.equal(buckets.has('a', T + 1000), true);
});

test('ok/token buckets: a clock that steps back adds nothing; a full bucket does not overflow', () => {
  const buckets = createTokenBuckets({ ratePerSecond: 1, burst: 2 });
  buckets.take('a', T);
  buckets.take('a', T);
  assert.equal(buckets.take('a', T - 60_000), false);
  assert.equal(buckets.take('a', T + 1000), true);
  const idle = createTokenBuckets({ ratePerSecond: 1, burst: 2 });
  assert.equal(idle.take('b', T), true);
  // An hour idle refills to the burst, not beyond.
  assert.deepEqual(
    [1, 2, 3].map(() => idle.take('b', T + 3_600_000)),
    [true, true, false],
  );
});

test('ok/token buckets are bounded: refilled buckets go first, then the least recently used', () => {
  const buckets = createTokenBuckets({ ratePerSecond: 1, burst: 1 }, 2);
  buckets.take('old', T);
  buckets.take('empty', T + 5000);
  buckets.take('new', T + 5000); // 'old' has refilled by now: dropped, nothing lost
  assert.equal(buckets.size(), 2);
  assert.equal(buckets.take('empty', T + 5000), false, 'the emptied bucket is kept');
  buckets.take('newer', T + 5001); // none refilled: the least recently used ('empty') goes
  assert.equal(buckets.size(), 2);
  assert.equal(buckets.take('new', T + 5001), false, 'the recently used one is kept');
});

test('ok/replay cache: an entry lives through its expiry instant; room is refused when full of live entries', () => {
  const cache = createReplayCache(2);
  cache.record('a', T + 1000);
  cache.record('b', T + 30_000);
  assert.equal(cache.seen('a', T + 1000), true);
  assert.equal(cache.seen('a', T + 1001), false);
  const full = cache.room(T + 500);
  assert.equal(full.kind, 'full');
  assert.equal(full.kind === 'full' ? full.waitMs : 0, 1000, 'until just after the earliest expiry');
  assert.equal(cache.room(T + 1001).kind, 'fresh', 'the expired entry is forgotten to make room');
  assert.equal(cache.size(), 1);
});

test('ok/replay cache: a sweep forgets expired entries only, and keeps a key recorded again later', () => {
  const cache = createReplayCache(100);
  cache.record('early', T + 1000);
  cache.record('late', T + 60_000);
  cache.record('again', T + 2000);
  // 'again' expired, then was recorded anew (as the engine does for a stale key).
  cache.record('again', T + 90_000);
  assert.equal(cache.sweep(T + 20_000), 1);
  assert.equal(cache.seen('early', T + 20_000), false);
  assert.equal(cache.seen('late', T + 20_000), true);
  assert.equal(cache.seen('again', T + 20_000), true);
  assert.equal(cache.sweep(T + 95_000), 2);
  assert.equal(cache.size(), 0);
});

test('ok/admission: a replay costs no token; a throttled request leaves no entry; tokens are all or none', () => {
  const engine = createAdmissionEngine(
    {
      createSessionPerAnchor: { ratePerSecond: 1, burst: 1 },
      apiPerAccessKey: { ratePerSecond: 0.001, burst: 1 },
      createSessionPerSource: RATE_OFF,
    },
    10,
  );
  const request = (key: string, anchor = 'anchor') => ({
    takes: [{ bucket: 'createSessionPerAnchor' as const, key: anchor }],
    replay: { key, expiresAt: T + 300_000 },
  });
  assert.equal(engine.decide(request('r1'), T).kind, 'admitted');
  assert.equal(engine.decide(request('r1'), T).kind, 'replayed');
  // The anchor's only token went to r1: r2 is throttled, and not recorded…
  assert.equal(engine.decide(request('r2'), T).kind, 'throttled');
  // …so once a token is back, the same r2 (a client's retry) is admitted, not called a replay.
  assert.equal(engine.decide(request('r2'), T + 1000).kind, 'admitted');
  // All or none: the key's token is not spent when the anchor's is missing.
  const both = {
    takes: [
      { bucket: 'apiPerAccessKey' as const, key: 'AKIA1' },
      { bucket: 'createSessionPerAnchor' as const, key: 'anchor' },
    ],
  };
  assert.equal(engine.decide(both, T + 1000).kind, 'throttled');
  assert.equal(
    engine.decide({ takes: [{ bucket: 'apiPerAccessKey', key: 'AKIA1' }] }, T + 1000).kind,
    'admitted',
  );
  // A bucket that is off never refuses.
  for (let i = 0; i < 50; i++) {
    assert.equal(
      engine.decide({ takes: [{ bucket: 'createSessionPerSource', key: 's' }] }, T).kind,
      'admitted',
    );
  }
});

test('ok/RATE[:BURST]: 0 is off; the burst defaults to ten seconds of the rate', () => {
  assert.deepEqual(parseRateRule('0'), RATE_OFF);
  assert.deepEqual(parseRateRule('10'), { ratePerSecond: 10, burst: 100 });
  assert.deepEqual(parseRateRule('0.05'), { ratePerSecond: 0.05, burst: 1 });
  assert.deepEqual(parseRateRule('2.5:7'), { ratePerSecond: 2.5, burst: 7 });
  for (const bad of ['', 'x', '-1', '1:0', '0:5', '1:2:3', '1e3', ' : ']) {
    assert.equal(typeof parseRateRule(bad), 'string', bad);
  }
});

test('ok/source keys: IPv4 as is, IPv4-mapped IPv6 as IPv4, IPv6 by its /64', () => {
  assert.equal(sourceKey('127.0.0.1'), '127.0.0.1');
  assert.equal(sourceKey('::ffff:10.1.2.3'), '10.1.2.3');
  assert.equal(sourceKey('2001:db8::1'), sourceKey('2001:DB8:0:0:ffff::2'));
  assert.equal(sourceKey('2001:db8::1'), '2001:db8:0:0::/64');
  assert.notEqual(sourceKey('2001:db8:0:1::1'), sourceKey('2001:db8::1'));
  assert.equal(sourceKey('fe80::1%eth0'), 'fe80:0:0:0::/64');
  assert.equal(sourceKey(undefined), 'unknown');
});
