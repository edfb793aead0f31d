import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, parseServeConfig } from '../../src/config/config.ts';

test('ok/defaults are the ones DESIGN.md promises', () => {
  const config = parseServeConfig([], {});
  assert.deepEqual(
    { ...config },
    {
      host: '127.0.0.1',
      port: 8080,
      dataDir: './anchorage-data',
      region: 'us-east-1',
      partition: 'aws',
      accountId: '000000000000',
      databaseUrl: undefined,
      tlsCertFile: undefined,
      tlsKeyFile: undefined,
      logLevel: 'info',
      workers: 1,
      auditRetentionDays: 365,
      notificationWebhookUrl: undefined,
      notificationWebhookSecretFile: undefined,
      metricsAddress: undefined,
      metricsTokenFile: undefined,
      maxConcurrentRequests: 256,
      idleTimeoutSeconds: 30,
      rateLimits: {
        createSessionPerSource: { ratePerSecond: 20, burst: 200 },
        createSessionPerAnchor: { ratePerSecond: 10, burst: 100 },
        apiPerAccessKey: { ratePerSecond: 50, burst: 500 },
        apiAuthFailuresPerSource: { ratePerSecond: 5, burst: 100 },
      },
      replayCacheSize: 1_000_000,
    },
  );
  assert.ok(Object.isFrozen(config));
});

test('ok/flags win over environment variables, which win over defaults', () => {
  const config = parseServeConfig(['--port=9000', '--region', 'cn-north-1'], {
    ANCHORAGE_PORT: '7000',
    ANCHORAGE_HOST: '::1',
    ANCHORAGE_ACCOUNT_ID: '123456789012',
  });
  assert.equal(config.port, 9000);
  assert.equal(config.host, '::1');
  assert.equal(config.accountId, '123456789012');
  assert.equal(config.region, 'cn-north-1');
  assert.equal(config.partition, 'aws-cn');
});

test('fail/every problem is reported at once', () => {
  assert.throws(
    () =>
      parseServeConfig(['--port', 'x', '--nope', '--log-level', 'loud', 'stray'], {
        ANCHORAGE_DATABASE_URL: 'mysql://x',
      }),
    (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.equal(error.problems.length, 5, error.problems.join('\n'));
      return true;
    },
  );
  assert.throws(() => parseServeConfig(['--port'], {}), /--port needs a value/);
  assert.throws(() => parseServeConfig(['--port', '1', '--port', '2'], {}), /given more than once/);
});

test('ok/--audit-retention-days takes 0 (forever) to 36500 days; fail/anything else is refused', () => {
  assert.equal(parseServeConfig(['--audit-retention-days', '0'], {}).auditRetentionDays, 0);
  assert.equal(parseServeConfig([], { ANCHORAGE_AUDIT_RETENTION_DAYS: '90' }).auditRetentionDays, 90);
  assert.equal(parseServeConfig(['--audit-retention-days=36500'], {}).auditRetentionDays, 36_500);
  for (const bad of ['-1', '36501', '1.5', '30d', 'forever', '999999']) {
    assert.throws(
      () => parseServeConfig(['--audit-retention-days', bad], {}),
      (error: unknown) =>
        error instanceof ConfigError &&
        error.problems.length === 1 &&
        /--audit-retention-days must be an integer from 0 to 36500/.test(error.problems[0] ?? ''),
      bad,
    );
  }
});

test('ok/--workers defaults to the number of cores, capped at 64', () => {
  assert.equal(parseServeConfig([], {}, 4).workers, 4);
  assert.equal(parseServeConfig([], {}, 200).workers, 64);
  assert.equal(parseServeConfig(['--workers', '1'], {}, 4).workers, 1);
});
