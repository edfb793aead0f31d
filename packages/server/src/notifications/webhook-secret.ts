/**
 * The key that signs webhook deliveries: the contents of `--notification-webhook-secret-file`
 * (surrounding whitespace trimmed) or, without that flag, `<data-dir>/notification-webhook-secret`,
 * created on first start with mode 0600 — as `data.key` is — so that a receiver can be configured
 * once and keeps working across restarts. The secret is never logged.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../config/config.ts';

export const WEBHOOK_SECRET_FILE = 'notification-webhook-secret';
/** Shorter secrets are refused: an HMAC key is only as strong as its guessability. */
export const MIN_WEBHOOK_SECRET_LENGTH = 16;

export function loadWebhookSecret(dataDir: string, secretFile: string | undefined): Buffer {
  if (secretFile !== undefined) return readSecret(secretFile, '--notification-webhook-secret-file');
  const path = join(dataDir, WEBHOOK_SECRET_FILE);
  if (!existsSync(path)) {
    // 'wx' fails if another worker created the file in the meantime; then we read theirs.
    try {
      writeFileSync(path, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
  return readSecret(path, path);
}

function readSecret(path: string, source: string): Buffer {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'an error';
    throw new ConfigError([`${source}: cannot read ${path} (${code})`]);
  }
  const secret = text.trim();
  if (secret.length < MIN_WEBHOOK_SECRET_LENGTH) {
    throw new ConfigError([
      `${source}: the webhook secret in ${path} must be at least ${MIN_WEBHOOK_SECRET_LENGTH} characters`,
    ]);
  }
  return Buffer.from(secret, 'utf8');
}
