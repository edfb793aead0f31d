/**
 * Brings a schema up to date: creates it if missing, then applies each migration not yet recorded
 * in its `schema_migrations`, all in one transaction; refuses a schema written by a newer build.
 *
 * Several servers may start at once on one database: a transaction-scoped advisory lock, one per
 * schema, makes them take turns, so the second sees the first one's migrations as applied
 * instead of failing on "relation already exists". The lock goes with the transaction, even when
 * a server dies halfway.
 */
import type { Pool, PoolClient } from 'pg';
import { SchemaTooNewError } from '../sqlite/schema-too-new-error.ts';
import { quoteIdentifier } from './identifier.ts';
import { MIGRATIONS, type Migration } from './migrations.ts';
import { inTransaction } from './transaction.ts';

export async function migrate(
  pool: Pool,
  schema: string,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<void> {
  assertOrdered(migrations);
  const known = new Set(migrations.map((migration) => migration.version));
  const quotedSchema = quoteIdentifier(schema);
  await inTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
      `anchorage:migrate:${schema}`,
    ]);
    // Existence is looked up rather than left to IF NOT EXISTS, which checks the CREATE privilege
    // first: a server whose role may only read and write the tables still starts once migrated.
    if (!(await exists(client, 'SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]))) {
      await client.query(`CREATE SCHEMA ${quotedSchema}`);
    }
    await client.query(`SET LOCAL search_path TO ${quotedSchema}`);
    const hasTable = 'SELECT 1 FROM pg_tables WHERE schemaname = $1 AND tablename = $2';
    if (!(await exists(client, hasTable, [schema, 'schema_migrations']))) {
      await client.query(`CREATE TABLE schema_migrations (
        version INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        applied_at TIMESTAMPTZ NOT NULL
      )`);
    }
    const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations');
    const applied = new Set(rows.map((row) => row.version));
    const unknown = [...applied].filter((version) => !known.has(version)).sort((a, b) => a - b);
    if (unknown.length > 0) throw new SchemaTooNewError(`schema ${schema}`, unknown, Math.max(0, ...known));
    for (const migration of migrations) {
      if (applied.has(migration.version)) continue;
      await client.query(migration.sql);
      await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, now())', [
        migration.version,
        migration.name,
      ]);
    }
  });
}

async function exists(client: PoolClient, sql: string, values: readonly string[]): Promise<boolean> {
  return ((await client.query(sql, [...values])).rowCount ?? 0) > 0;
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
