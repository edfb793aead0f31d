/**
 * First start: create the administrator's access key and write it to
 * `<data-dir>/admin-credentials` in the AWS shared-credentials format (profile `default`, mode
 * 0600), so that `AWS_SHARED_CREDENTIALS_FILE=<that file> aws rolesanywhere …` works at once.
 * On later starts the key is kept; the file is rewritten only if it went missing.
 */
import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Store } from '@anchorage/store/port';
import type { SecretBox } from '../secrets/secret-box.ts';
import { createAccessKey, type IssuedAccessKey } from './access-keys.ts';

export const ADMIN_CREDENTIALS_FILE = 'admin-credentials';

export function adminPrincipalArn(partition: string, accountId: string): string {
  return `arn:${partition}:iam::${accountId}:root`;
}

export async function ensureAdminCredentials(
  store: Store,
  box: SecretBox,
  dataDir: string,
  principalArn: string,
  now: number,
): Promise<{ path: string; created: boolean }> {
  const path = join(dataDir, ADMIN_CREDENTIALS_FILE);
  const existing = (await store.accessKeys.list({ limit: 100 })).items.find(
    (k) => k.principalArn === principalArn && k.status === 'Active',
  );
  if (existing !== undefined) {
    if (!existsSync(path)) {
      writeCredentialsFile(path, {
        accessKeyId: existing.id,
        secretAccessKey: box.open(existing.sealedSecret, existing.id),
      });
    }
    return { path, created: false };
  }
  const key = await createAccessKey(store, box, principalArn, now);
  writeCredentialsFile(path, key);
  return { path, created: true };
}

function writeCredentialsFile(path: string, key: IssuedAccessKey): void {
  const text = `[default]\naws_access_key_id = ${key.accessKeyId}\naws_secret_access_key = ${key.secretAccessKey}\n`;
  // Write aside then rename, so a reader never sees a half-written file.
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, text, { mode: 0o600 });
  renameSync(temporary, path);
}
