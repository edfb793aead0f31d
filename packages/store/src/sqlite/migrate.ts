/**
 * Brings a database's schema up to date: applies, in order, each migration not yet recorded in
 * `schema_migrations`, each in its own transaction; refuses a database written by a newer build.
 */
import type { DatabaseSync } from 'node:sqlite';
import { immediateTransaction } from './immediate-transaction.ts';
import { MIGRATIONS, type Migration } from './migrations.ts';
import { SchemaTooNewError } from './schema-too-new-error.ts';

export function migrate(db: DatabaseSync, path: string, migrations: readonly Migration[] = MIGRATIONS): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
  ) STRICT`);
  assertOrdered(migrations);
  const known = new Set(migrations.map((migration) => migration.version));
  const latestKnown = Math.max(0, ...known);
  const appliedVersions = db.prepare('SELECT version FROM schema_migrations ORDER BY version');
  const isApplied = db.prepare('SELECT 1 AS applied FROM schema_migrations WHERE version = ?');
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');

  const applied = new Set(appliedVersions.all().map((row) => Number(row.version)));
  const unknown = [...applied].filter((version) => !known.has(version));
  if (unknown.length > 0) throw new SchemaTooNewError(path, unknown, latestKnown);

  for (const migration of migrations) {
    if (applied.has(migration.version)) continue;
    immediateTransaction(db, () => {
      // Checked inside the write lock: another process opening the same file may have applied
      // this migration since we looked.
      if (isApplied.get(migration.version) !== undefined) return;
      db.exec(migration.sql);
      record.run(migration.version, migration.name, new Date().toISOString());
    });
  }
}

/** A list out of order would apply a migration before the one it builds on. */
function assertOrdered(migrations: readonly Migration[]): void {
  migrations.forEach((migration, i) => {
    const previous = migrations[i - 1];
    if (!Number.isSafeInteger(migration.version) || migration.version < 1) {
      throw new Error(`migration ${migration.name} has an invalid version ${migration.version}`);
    }
    if (previous !== undefined && previous.version >= migration.version) {
      throw new Error(`migration ${migration.version} is listed after ${previous.version}`);
    }
  });
}
