/**
 * Minting temporary credentials: an `ASIA…` access key id, a fresh secret, and a session token
 * that seals both with the session's claims. Nothing is written to the store: the token is the
 * session.
 */

import type { SessionClaims } from '@anchorage/core/sts/session-claims';
import { sealSessionToken } from '@anchorage/core/sts/session-token';
import { newAccessKeyId, newSecretAccessKey } from '../auth/access-keys.ts';
import { pooledRandomBytes } from '../secrets/random-pool.ts';
import type { KeyRing } from './key-ring.ts';

export interface TemporaryCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  /** Epoch ms. */
  readonly expiration: number;
  readonly claims: SessionClaims;
}

export type SessionDescription = Omit<SessionClaims, 'accessKeyId' | 'secretAccessKey'>;

export async function mintTemporaryCredentials(
  keyRing: KeyRing,
  session: SessionDescription,
  now: number,
): Promise<TemporaryCredentials> {
  const claims: SessionClaims = {
    ...session,
    accessKeyId: newAccessKeyId('ASIA'),
    secretAccessKey: newSecretAccessKey(),
  };
  const key = await keyRing.sealingKey(now);
  return {
    accessKeyId: claims.accessKeyId,
    secretAccessKey: claims.secretAccessKey,
    sessionToken: sealSessionToken(claims, key, pooledRandomBytes(12)),
    expiration: claims.expiresAt,
    claims,
  };
}
