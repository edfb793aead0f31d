/**
 * `Store.changeMarker` for PostgreSQL: the sum of the `store_changes` counters (a trigger adds one
 * in every transaction that writes a collection, whoever commits it; see `migrations.ts`), next
 * to this process's own write counter.
 *
 * The sum costs a round trip, so it is read at most once per READ_INTERVAL_MS; other servers'
 * commits are therefore noticed at most READ_INTERVAL_MS (plus one round trip) late — the same
 * bound as SQLite's. This process's own writes move the local counter at once. Callers arriving
 * while a read is under way share it.
 */
import type { Pool } from 'pg';
import type { ChangeCounter } from '../change-counter.ts';

export const READ_INTERVAL_MS = 10;

export function createChangeMarker(
  pool: Pool,
  quotedSchema: string,
  own: ChangeCounter,
): () => Promise<string> {
  const sql = `SELECT sum(writes)::text AS writes FROM ${quotedSchema}.store_changes`;
  let others = '';
  let readAt = Number.NEGATIVE_INFINITY;
  let reading: Promise<void> | undefined;

  async function read(): Promise<void> {
    const startedAt = performance.now();
    const { rows } = await pool.query<{ writes: string | null }>(sql);
    others = rows[0]?.writes ?? '0';
    // The value may describe the database as it was when the read began: count from then.
    readAt = startedAt;
  }

  return async () => {
    if (performance.now() - readAt >= READ_INTERVAL_MS) {
      reading ??= read().finally(() => {
        reading = undefined;
      });
      await reading;
    }
    return `${others}:${own.value()}`;
  };
}
