/**
 * Runs `work` in a write transaction and commits it, or rolls it back and rethrows the very
 * error `work` threw.
 *
 * BEGIN IMMEDIATE takes the write lock before the first read, so a read-modify-write cannot
 * interleave with another connection's (another process sharing the file): the other one waits
 * (busy_timeout) instead of both reading the old value. A deferred BEGIN would fail the second
 * writer with SQLITE_BUSY at its first write, too late to wait.
 */
import type { DatabaseSync } from 'node:sqlite';

export function immediateTransaction<T>(db: DatabaseSync, work: () => T): T {
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = work();
    db.exec('COMMIT');
    return result;
  } catch (error) {
    // SQLite rolls some failures back by itself (SQLITE_FULL, I/O errors); a second ROLLBACK
    // would throw and hide the error that matters.
    if (db.isTransaction) db.exec('ROLLBACK');
    throw error;
  }
}
