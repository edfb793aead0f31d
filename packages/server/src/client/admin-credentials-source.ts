/**
 * The credentials the `anchorage ca` and `anchorage quickstart` commands sign with: the
 * administrator key the server wrote to `<data-dir>/admin-credentials`, else the usual AWS
 * sources (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY[/AWS_SESSION_TOKEN], then the shared
 * credentials file's AWS_PROFILE or `default` profile).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ADMIN_CREDENTIALS_FILE } from '../auth/admin-credentials.ts';

export interface ClientCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  /** For messages: where they came from. */
  readonly source: string;
}

export class NoCredentialsError extends Error {}

export function resolveClientCredentials(
  dataDir: string,
  env: Readonly<Record<string, string | undefined>>,
  homeDir: string,
): ClientCredentials {
  const adminFile = join(dataDir, ADMIN_CREDENTIALS_FILE);
  const fromAdmin = readProfile(adminFile, 'default');
  if (fromAdmin !== undefined) return { ...fromAdmin, source: adminFile };
  const id = env.AWS_ACCESS_KEY_ID;
  const secret = env.AWS_SECRET_ACCESS_KEY;
  if (id !== undefined && id !== '' && secret !== undefined && secret !== '') {
    const token = env.AWS_SESSION_TOKEN;
    return {
      accessKeyId: id,
      secretAccessKey: secret,
      ...(token === undefined || token === '' ? {} : { sessionToken: token }),
      source: 'the environment (AWS_ACCESS_KEY_ID)',
    };
  }
  const sharedFile = env.AWS_SHARED_CREDENTIALS_FILE ?? join(homeDir, '.aws', 'credentials');
  const profile = env.AWS_PROFILE ?? 'default';
  const fromShared = readProfile(sharedFile, profile);
  if (fromShared !== undefined) return { ...fromShared, source: `${sharedFile} [${profile}]` };
  throw new NoCredentialsError(
    `no credentials: neither ${adminFile} (start the server with this --data-dir), nor AWS_ACCESS_KEY_ID, nor profile ${profile} in ${sharedFile}`,
  );
}

function readProfile(
  file: string,
  profile: string,
): { accessKeyId: string; secretAccessKey: string; sessionToken?: string } | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  let inProfile = false;
  const values: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const section = /^\s*\[\s*([^\]]+?)\s*\]\s*$/.exec(line);
    if (section !== null) {
      inProfile = section[1] === profile;
      continue;
    }
    const pair = /^\s*([A-Za-z_]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (inProfile && pair !== null) values[(pair[1] ?? '').toLowerCase()] = pair[2] ?? '';
  }
  const accessKeyId = values.aws_access_key_id;
  const secretAccessKey = values.aws_secret_access_key;
  if (accessKeyId === undefined || secretAccessKey === undefined) return undefined;
  const sessionToken = values.aws_session_token;
  return { accessKeyId, secretAccessKey, ...(sessionToken === undefined ? {} : { sessionToken }) };
}
