/** Reads the admin access key a test server wrote to `<data-dir>/admin-credentials`. */
import { readFileSync } from 'node:fs';

export interface AccessKey {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

export function readAdminCredentials(path: string): AccessKey {
  const text = readFileSync(path, 'utf8');
  const accessKeyId = /aws_access_key_id = (\S+)/.exec(text)?.[1];
  const secretAccessKey = /aws_secret_access_key = (\S+)/.exec(text)?.[1];
  if (accessKeyId === undefined || secretAccessKey === undefined)
    throw new Error(`no credentials in ${path}`);
  return { accessKeyId, secretAccessKey };
}
