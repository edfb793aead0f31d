/** The credential-process cache: private files, renewal ahead of expiry, one renewal under contention, fallback on passing failures. */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { cachedCredentials, cacheKey } from '../../src/commands/credential-cache.ts';
import { HelperError } from '../../src/helper-error.ts';

const HOUR = 3600_000;
const creds = (n: number, expiresAt: number) => ({
  accessKeyId: `AKID${n}`,
  secretAccessKey: 's',
  sessionToken: 't',
  expiration: new Date(expiresAt).toISOString(),
});
const newDir = () => join(mkdtempSync(join(tmpdir(), 'anchorage-cache-unit-')), 'c');

test('ok/the key changes with every input and is stable across orderings', () => {
  const a = cacheKey({ roleArn: 'r', certificate: 'x', durationSeconds: 3600 });
  assert.equal(a, cacheKey({ durationSeconds: 3600, certificate: 'x', roleArn: 'r' }));
  assert.notEqual(a, cacheKey({ roleArn: 'r', certificate: 'y', durationSeconds: 3600 }));
  assert.notEqual(a, cacheKey({ roleArn: 'r', certificate: 'x', durationSeconds: 900 }));
});

test('ok/hit before the refresh time, renewal after it; files 0600 in a 0700 directory', async () => {
  const dir = newDir();
  let clock = Date.parse('2026-01-01T00:00:00Z');
  let fetches = 0;
  const options = { dir, key: 'k', now: () => clock, warn: () => {} };
  const fetch = async () => creds(++fetches, clock + HOUR);
  assert.equal((await cachedCredentials(options, fetch)).accessKeyId, 'AKID1');
  clock += 30 * 60_000;
  assert.equal((await cachedCredentials(options, fetch)).accessKeyId, 'AKID1');
  clock += 16 * 60_000;
  assert.equal((await cachedCredentials(options, fetch)).accessKeyId, 'AKID2');
  assert.equal(statSync(dir).mode & 0o777, 0o700);
  assert.equal(statSync(join(dir, 'k.json')).mode & 0o777, 0o600);
  assert.deepEqual(readdirSync(dir), ['k.json'], 'no lock or temporary file left behind');
});

test('ok/concurrent renewals in one process make one fetch', async () => {
  const dir = newDir();
  let fetches = 0;
  const options = { dir, key: 'k', now: Date.now, warn: () => {} };
  const fetch = async () => {
    fetches++;
    await new Promise((r) => setTimeout(r, 50));
    return creds(fetches, Date.now() + HOUR);
  };
  const results = await Promise.all(Array.from({ length: 8 }, () => cachedCredentials(options, fetch)));
  assert.equal(fetches, 1);
  assert.ok(results.every((c) => c.accessKeyId === 'AKID1'));
});

test('ok/a transient failure serves the cached credentials until they expire; then it fails', async () => {
  const dir = newDir();
  let clock = Date.parse('2026-01-01T00:00:00Z');
  const warnings: string[] = [];
  const options = { dir, key: 'k', now: () => clock, warn: (m: string) => warnings.push(m) };
  await cachedCredentials(options, async () => creds(1, clock + HOUR));
  const failing = async (): Promise<never> => {
    throw new HelperError('cannot reach the server', { transient: true });
  };
  clock += 50 * 60_000;
  assert.equal((await cachedCredentials(options, failing)).accessKeyId, 'AKID1');
  assert.match(warnings[0] ?? '', /using the cached ones, which expire at/);
  clock += 11 * 60_000;
  await assert.rejects(cachedCredentials(options, failing), /cannot reach/);
});

test('fail/a refusal removes the entry, so revoked access is not served from the cache', async () => {
  const dir = newDir();
  let clock = Date.parse('2026-01-01T00:00:00Z');
  const options = { dir, key: 'k', now: () => clock, warn: () => {} };
  await cachedCredentials(options, async () => creds(1, clock + HOUR));
  clock += 50 * 60_000;
  await assert.rejects(
    cachedCredentials(options, async () => {
      throw new HelperError('AccessDeniedException: Certificate revoked');
    }),
    /revoked/,
  );
  assert.deepEqual(readdirSync(dir), []);
});

test('ok/a corrupt entry is a miss, and a lock left by a dead process is taken over', async () => {
  const dir = newDir();
  const options = { dir, key: 'k', now: Date.now, warn: () => {} };
  await cachedCredentials(options, async () => creds(1, Date.now() + HOUR));
  writeFileSync(join(dir, 'k.json'), '{"half');
  writeFileSync(join(dir, 'k.json.lock'), '999999999');
  assert.equal(
    (await cachedCredentials(options, async () => creds(2, Date.now() + HOUR))).accessKeyId,
    'AKID2',
  );
});

test('ok/a directory owned by another user or unusable means no cache, with a warning', async () => {
  const warnings: string[] = [];
  let fetches = 0;
  const file = join(mkdtempSync(join(tmpdir(), 'anchorage-cache-unit-')), 'not-a-dir');
  writeFileSync(file, 'x');
  const options = { dir: join(file, 'sub'), key: 'k', now: Date.now, warn: (m: string) => warnings.push(m) };
  await cachedCredentials(options, async () => creds(++fetches, Date.now() + HOUR));
  await cachedCredentials(options, async () => creds(++fetches, Date.now() + HOUR));
  assert.equal(fetches, 2);
  assert.match(warnings[0] ?? '', /not caching credentials/);
});
