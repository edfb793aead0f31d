/**
 * Replay claims in the SQLite file (see `ReplayClaims` in port.ts), shared by every process that
 * opens it. One upsert claims a key: it inserts, or replaces an expired claim, or changes nothing
 * when a live claim holds the key — and reports which through the number of rows changed.
 */
import type { DatabaseSync } from 'node:sqlite';
import type { ReplayClaims } from '../port.ts';

export function createSqliteReplayClaims(db: DatabaseSync): ReplayClaims {
  const claim = db.prepare(
    'INSERT INTO replay_claims (key, expires_at) VALUES (?, ?) ' +
      'ON CONFLICT (key) DO UPDATE SET expires_at = excluded.expires_at WHERE replay_claims.expires_at < ?',
  );
  const purge = db.prepare('DELETE FROM replay_claims WHERE expires_at < ?');
  return {
    async claim(key, expiresAt, now) {
      return Number(claim.run(key, expiresAt, now).changes) === 1;
    },
    async purge(before) {
      return Number(purge.run(before).changes);
    },
  };
}
