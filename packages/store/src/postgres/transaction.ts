/**
 * Runs `work` on one pooled connection inside BEGIN … COMMIT, or rolls back and rethrows the very
 * error `work` threw. Isolation is PostgreSQL's default, READ COMMITTED: the callers take the row
 * or advisory locks they need, which is all the contract asks for.
 */
import type { Pool, PoolClient } from 'pg';

export async function inTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  // A connection whose ROLLBACK failed is in an unknown state: the pool must not hand it out again.
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    try {
      await client.query('ROLLBACK');
    } catch (rollbackError) {
      broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
    }
    throw error;
  } finally {
    client.release(broken);
  }
}
