/**
 * Seals session tokens with a test server's own key ring, read from its data directory: the way
 * to make a token that is intact but expired, or that names claims the server never issued.
 * Only someone holding the data key can do this — which is the point of the refusals it tests.
 */

import { createSecretKey, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SessionClaims } from '@anchorage/core/sts/session-claims';
import { sealSessionToken } from '@anchorage/core/sts/session-token';
import { openSqliteStore } from '@anchorage/store/sqlite/sqlite-store';
import { createSecretBox } from '../../src/secrets/secret-box.ts';

export async function sealWithServerKey(dataDir: string, claims: SessionClaims): Promise<string> {
  const box = createSecretBox(Buffer.from(readFileSync(join(dataDir, 'data.key'), 'utf8').trim(), 'base64'));
  const store = await openSqliteStore(join(dataDir, 'anchorage.db'));
  try {
    const record = (await store.tokenKeys.list({ limit: 100 })).items.find((k) => k.status === 'active');
    if (record === undefined) throw new Error('the server has no active token key');
    const key = {
      id: record.id,
      key: createSecretKey(Buffer.from(box.open(record.sealedKey, record.id), 'base64')),
    };
    return sealSessionToken(claims, key, randomBytes(12));
  } finally {
    await store.close();
  }
}
