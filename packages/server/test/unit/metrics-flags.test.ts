/**
 * `--metrics-address` and `--metrics-token-file`: parsed and validated with the other flags; the
 * token file read once and checked; the bearer comparison accepts exactly the token.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ConfigError, parseServeConfig } from '../../src/config/config.ts';
import { loadMetricsToken, metricsToken } from '../../src/metrics/metrics-token.ts';

test('ok/--metrics-address takes host:port, an IPv6 host in brackets, or the environment', () => {
  assert.deepEqual(parseServeConfig(['--metrics-address', '127.0.0.1:9464'], {}).metricsAddress, {
    host: '127.0.0.1',
    port: 9464,
  });
  assert.deepEqual(parseServeConfig(['--metrics-address=[::1]:0'], {}).metricsAddress, {
    host: '::1',
    port: 0,
  });
  assert.deepEqual(parseServeConfig([], { ANCHORAGE_METRICS_ADDRESS: 'localhost:9100' }).metricsAddress, {
    host: 'localhost',
    port: 9100,
  });
  const defaults = parseServeConfig([], {});
  assert.equal(defaults.metricsAddress, undefined, 'off by default');
  assert.equal(defaults.metricsTokenFile, undefined);
  assert.equal(parseServeConfig([], { ANCHORAGE_METRICS_TOKEN_FILE: '/t' }).metricsTokenFile, '/t');
});

test('fail/a malformed --metrics-address is reported with the other problems', () => {
  for (const bad of ['9464', '127.0.0.1', '127.0.0.1:70000', '::1:9464', 'host:port', ' a:1']) {
    assert.throws(
      () => parseServeConfig(['--metrics-address', bad, '--port', 'x'], {}),
      (e: unknown) =>
        e instanceof ConfigError &&
        e.problems.some((p) => p.startsWith('--metrics-address must be host:port')) &&
        e.problems.some((p) => p.startsWith('--port')),
      bad,
    );
  }
});

const request = (authorization?: string) =>
  ({ headers: authorization === undefined ? {} : { authorization } }) as IncomingMessage;
const TOKEN = 'Zm9vYmFyYmF6cXV4cXV1eA==';

test('ok/the bearer token is accepted exactly, the scheme in any case', () => {
  const token = metricsToken(TOKEN);
  token.check(request(`Bearer ${TOKEN}`));
  token.check(request(`bearer ${TOKEN}`));
});

test('fail/a missing, wrong, truncated or non-Bearer credential is refused with its AWS error type', () => {
  const token = metricsToken(TOKEN);
  const refusedAs = (header: string | undefined, code: string) =>
    assert.throws(
      () => token.check(request(header)),
      (e: Error & { code?: string }) => e.code === code,
      String(header),
    );
  refusedAs(undefined, 'MissingAuthenticationTokenException');
  refusedAs(`Bearer ${TOKEN}x`, 'AccessDeniedException');
  refusedAs(`Bearer ${TOKEN.slice(0, -1)}`, 'AccessDeniedException');
  refusedAs('Bearer ', 'AccessDeniedException');
  refusedAs(`Basic ${TOKEN}`, 'AccessDeniedException');
  refusedAs(TOKEN, 'AccessDeniedException');
});

test('ok/the token file is read once, surrounding whitespace ignored; fail/a short or unreadable one stops start', () => {
  const dir = mkdtempSync(join(tmpdir(), 'anchorage-metrics-'));
  const good = join(dir, 'good');
  writeFileSync(good, `${TOKEN}\n`);
  loadMetricsToken(good).check(request(`Bearer ${TOKEN}`));
  const short = join(dir, 'short');
  writeFileSync(short, 'abc\n');
  assert.throws(() => loadMetricsToken(short), ConfigError);
  const spaced = join(dir, 'spaced');
  writeFileSync(spaced, 'two words here, long enough\n');
  assert.throws(() => loadMetricsToken(spaced), ConfigError);
  assert.throws(
    () => loadMetricsToken(join(dir, 'missing')),
    (e: unknown) => e instanceof ConfigError && /ENOENT/.test(e.message) && !e.message.includes(TOKEN),
  );
});
