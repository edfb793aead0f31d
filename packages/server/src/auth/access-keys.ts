/**
 * Long-term access keys that sign control-plane requests. Ids look like AWS's (`AKIA` + 16
 * base32 characters) so that tools which sniff key formats accept them; secrets are 40
 * characters of base64 like AWS's, and are stored only sealed.
 */

import type { AccessKeyRecord } from '@anchorage/core/rolesanywhere/records';
import type { Store } from '@anchorage/store/port';
import { pooledRandomBytes } from '../secrets/random-pool.ts';
import type { SecretBox } from '../secrets/secret-box.ts';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function newAccessKeyId(prefix = 'AKIA'): string {
  const bytes = pooledRandomBytes(16);
  let id = prefix;
  for (const b of bytes) id += BASE32[b & 31];
  return id;
}

export function newSecretAccessKey(): string {
  return pooledRandomBytes(30).toString('base64');
}

export interface IssuedAccessKey {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

export async function createAccessKey(
  store: Store,
  box: SecretBox,
  principalArn: string,
  now: number,
): Promise<IssuedAccessKey> {
  const accessKeyId = newAccessKeyId();
  const secretAccessKey = newSecretAccessKey();
  const record: AccessKeyRecord = {
    id: accessKeyId,
    principalArn,
    sealedSecret: box.seal(secretAccessKey, accessKeyId),
    status: 'Active',
    createdAt: new Date(now).toISOString(),
  };
  await store.accessKeys.insert(record);
  return { accessKeyId, secretAccessKey };
}

/** The secret of an active key, for signature verification; undefined for unknown or inactive keys. */
export async function lookupSecret(
  store: Store,
  box: SecretBox,
  accessKeyId: string,
): Promise<{ secretAccessKey: string; principalArn: string } | undefined> {
  const record = await store.accessKeys.get(accessKeyId);
  if (record === undefined || record.status !== 'Active') return undefined;
  return { secretAccessKey: box.open(record.sealedSecret, record.id), principalArn: record.principalArn };
}
