/**
 * Replay claims in PostgreSQL (see `ReplayClaims` in port.ts), shared by every server on the
 * database. One statement claims a key: `INSERT … ON CONFLICT DO UPDATE … WHERE` inserts, or
 * replaces an expired claim, or leaves a live claim alone and returns no row. Concurrent claims
 * of one key serialise on the primary key's index entry, so exactly one of them gets the row.
 */
import type { Pool } from 'pg';
import type { ReplayClaims } from '../port.ts';

export function createPostgresReplayClaims(pool: Pool, quotedSchema: string): ReplayClaims {
  const table = `${quotedSchema}.replay_claims`;
  const claim =
    `INSERT INTO ${table} AS claims (key, expires_at) VALUES ($1, $2) ` +
    'ON CONFLICT (key) DO UPDATE SET expires_at = EXCLUDED.expires_at WHERE claims.expires_at < $3 RETURNING 1';
  const purge = `DELETE FROM ${table} WHERE expires_at < $1`;
  return {
    async claim(key, expiresAt, now) {
      return (await pool.query(claim, [key, expiresAt, now])).rowCount === 1;
    },
    async purge(before) {
      return (await pool.query(purge, [before])).rowCount ?? 0;
    },
  };
}
