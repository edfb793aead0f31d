/**
 * Replay claims in PostgreSQL (see `ReplayClaims` in port.ts), shared by every server on the
 * database. One statement claims keys: `INSERT … ON CONFLICT DO UPDATE … WHERE` inserts, or
 * replaces an expired claim, or leaves a live claim alone and returns no row. Concurrent claims
 * of one key serialise on the primary key's index entry, so exactly one of them gets the row.
 *
 * CreateSession waits for its claim, so claims are the one database write on its path: the
 * claims made in one turn of the event loop go as one prepared statement (`unnest` of arrays),
 * which under load is one round trip and one plan for many requests instead of one each.
 */
import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import type { ReplayClaims } from '../port.ts';

/** Keys per statement at most; more wait for the next one. */
const MAX_BATCH = 256;

interface PendingClaim {
  readonly key: string;
  readonly expiresAt: number;
  readonly now: number;
  readonly resolve: (claimed: boolean) => void;
  readonly reject: (error: unknown) => void;
}

export function createPostgresReplayClaims(pool: Pool, quotedSchema: string): ReplayClaims {
  const table = `${quotedSchema}.replay_claims`;
  // A claim replaces one that expired before the batch's earliest `now`: for a later request of
  // the batch that is at most a few milliseconds early, which only ever errs towards refusing.
  const claimMany = {
    name: `replay-claims-${createHash('sha256').update(table).digest('hex').slice(0, 16)}`,
    text:
      `INSERT INTO ${table} AS claims (key, expires_at) ` +
      'SELECT * FROM unnest($1::text[], $2::bigint[]) ' +
      'ON CONFLICT (key) DO UPDATE SET expires_at = EXCLUDED.expires_at WHERE claims.expires_at < $3 ' +
      'RETURNING key',
  };
  const purge = `DELETE FROM ${table} WHERE expires_at < $1`;
  let queue: PendingClaim[] = [];

  const flush = async (batch: readonly PendingClaim[]) => {
    // A key twice in one batch: the first occurrence goes to the database, the others are
    // replays of it whatever it gets (one statement may not update a row twice).
    const first = new Map<string, PendingClaim>();
    const repeats: PendingClaim[] = [];
    for (const claim of batch) {
      if (first.has(claim.key)) repeats.push(claim);
      else first.set(claim.key, claim);
    }
    for (const claim of repeats) claim.resolve(false);
    const claims = [...first.values()];
    try {
      const result = await pool.query<{ key: string }>({
        ...claimMany,
        values: [
          claims.map((c) => c.key),
          claims.map((c) => c.expiresAt),
          Math.min(...claims.map((c) => c.now)),
        ],
      });
      const claimed = new Set(result.rows.map((row) => row.key));
      for (const claim of claims) claim.resolve(claimed.has(claim.key));
    } catch (error) {
      for (const claim of claims) claim.reject(error);
    }
  };

  const drain = () => {
    while (queue.length > 0) {
      const batch = queue.slice(0, MAX_BATCH);
      queue = queue.slice(MAX_BATCH);
      void flush(batch);
    }
  };

  return {
    claim(key, expiresAt, now) {
      return new Promise<boolean>((resolve, reject) => {
        if (queue.length === 0) setImmediate(drain);
        queue.push({ key, expiresAt, now, resolve, reject });
      });
    },
    async purge(before) {
      return (await pool.query(purge, [before])).rowCount ?? 0;
    },
  };
}
