/** The webhook options: URL validated at start (never echoed: it may embed a token), secret file and its fallback. */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ConfigError, parseServeConfig } from '../../src/config/config.ts';
import { loadWebhookSecret, WEBHOOK_SECRET_FILE } from '../../src/notifications/webhook-secret.ts';

const refusal = (argv: readonly string[], env: Record<string, string> = {}): readonly string[] => {
  try {
    parseServeConfig(argv, env);
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return error.problems;
  }
  assert.fail('expected a ConfigError');
};

test('ok/a webhook URL and secret file from flags or the environment', () => {
  const fromFlags = parseServeConfig(
    [
      '--notification-webhook-url',
      'https://hooks.example.com/x?token=1',
      '--notification-webhook-secret-file=/s',
    ],
    {},
  );
  assert.equal(fromFlags.notificationWebhookUrl, 'https://hooks.example.com/x?token=1');
  assert.equal(fromFlags.notificationWebhookSecretFile, '/s');
  const fromEnv = parseServeConfig([], {
    ANCHORAGE_NOTIFICATION_WEBHOOK_URL: 'http://127.0.0.1:9000/hook',
    ANCHORAGE_NOTIFICATION_WEBHOOK_SECRET_FILE: '/run/secrets/hook',
  });
  assert.equal(fromEnv.notificationWebhookUrl, 'http://127.0.0.1:9000/hook');
  assert.equal(fromEnv.notificationWebhookSecretFile, '/run/secrets/hook');
});

test('fail/an invalid webhook URL is refused with a clear message that does not echo it', () => {
  assert.deepEqual(refusal(['--notification-webhook-url', 'not a url secret-token']), [
    '--notification-webhook-url is not a valid URL',
  ]);
  assert.deepEqual(refusal(['--notification-webhook-url', 'ftp://files.example.com/secret-token']), [
    '--notification-webhook-url must be an http:// or https:// URL, got a ftp: URL',
  ]);
  assert.deepEqual(
    refusal([], { ANCHORAGE_NOTIFICATION_WEBHOOK_URL: 'https://user:secret-token@example.com/' }),
    ['--notification-webhook-url must not contain a user name or password'],
  );
});

test('fail/a secret file without a webhook URL is refused', () => {
  assert.deepEqual(refusal(['--notification-webhook-secret-file', '/s']), [
    '--notification-webhook-secret-file needs --notification-webhook-url',
  ]);
});

test('ok/without a secret file, one is generated once in the data directory, mode 0600', () => {
  const dir = mkdtempSync(join(tmpdir(), 'anchorage-webhook-'));
  const first = loadWebhookSecret(dir, undefined);
  const path = join(dir, WEBHOOK_SECRET_FILE);
  assert.equal(statSync(path).mode & 0o777, 0o600);
  assert.equal(first.toString(), readFileSync(path, 'utf8').trim());
  assert.ok(first.length >= 32);
  assert.deepEqual(loadWebhookSecret(dir, undefined), first);
});

test('ok/a secret file is read and trimmed; fail/missing or short ones are refused', () => {
  const dir = mkdtempSync(join(tmpdir(), 'anchorage-webhook-'));
  const file = join(dir, 'secret');
  writeFileSync(file, '  0123456789abcdef-long-enough\n');
  assert.equal(loadWebhookSecret(dir, file).toString(), '0123456789abcdef-long-enough');
  writeFileSync(file, 'short\n');
  assert.throws(() => loadWebhookSecret(dir, file), /at least 16 characters/);
  assert.throws(
    () => loadWebhookSecret(dir, join(dir, 'missing')),
    (error: unknown) =>
      error instanceof ConfigError && /cannot read .*missing \(ENOENT\)/.test(error.message),
  );
});
