/**
 * The store the configuration names: the embedded SQLite file in the data directory, or
 * PostgreSQL when `--database-url` is a postgres:// URL (loaded only then, so the default path
 * never loads the pg driver). Several servers on one PostgreSQL database must share the data key
 * (`ANCHORAGE_DATA_KEY`), since secrets in the database are sealed with it. A `schema` query
 * parameter (`postgres://…/db?schema=anchorage`) puts the tables in that schema (default public).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Store } from '@anchorage/store/port';
import { openSqliteStore } from '@anchorage/store/sqlite/sqlite-store';
import type { ServerConfig } from './config/config.ts';

export const DATABASE_FILE = 'anchorage.db';

export async function openConfiguredStore(config: ServerConfig): Promise<Store> {
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  if (config.databaseUrl !== undefined) {
    const { openPostgresStore } = await import('@anchorage/store/postgres/postgres-store');
    const url = new URL(config.databaseUrl);
    const schema = url.searchParams.get('schema');
    url.searchParams.delete('schema');
    return openPostgresStore(url.href, schema === null ? {} : { schema });
  }
  return openSqliteStore(join(config.dataDir, DATABASE_FILE));
}
