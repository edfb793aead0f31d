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
      notificationWebhookUrl: undefined,
      notificationWebhookSecretFile: undefined,
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

test('ok/--workers defaults to the number of cores, capped at 64', () => {
  assert.equal(parseServeConfig([], {}, 4).workers, 4);
  assert.equal(parseServeConfig([], {}, 200).workers, 64);
  assert.equal(parseServeConfig(['--workers', '1'], {}, 4).workers, 1);
});
