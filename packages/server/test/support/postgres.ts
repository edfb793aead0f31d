/**
 * The test PostgreSQL database (`ANCHORAGE_TEST_DATABASE_URL`, default the local `test`
 * database): whether it can be reached, the skip reason for suites that need it, and schema
 * clean-up. Under CI (`CI` set) a PostgreSQL suite never skips: an unreachable database fails it.
 */
import pg from 'pg';

export const TEST_DATABASE_URL =
  process.env.ANCHORAGE_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

/** `{ skip }` for a suite that needs PostgreSQL: false when reachable or under CI, else the reason. */
export async function postgresSkip(): Promise<false | string> {
  return (await postgresReachable()) || process.env.CI !== undefined ? false : 'PostgreSQL is not reachable';
}

/** Drops the schemas a test made (and everything in them). */
export async function dropSchemas(...schemas: readonly string[]): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}
