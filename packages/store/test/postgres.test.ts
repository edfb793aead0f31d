/**
 * The PostgreSQL store against a real server: ANCHORAGE_TEST_DATABASE_URL, or the local test
 * database. The tests work in schemas of their own (anchorage_test_<run>_<n>), dropped at the
 * end. Without a reachable server the file is skipped — except under CI (CI set), where these
 * tests must run and an unreachable server fails.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { Store } from '@anchorage/store/port';
import { migrate } from '@anchorage/store/postgres/migrate';
import { MIGRATIONS } from '@anchorage/store/postgres/migrations';
import { openPostgresStore } from '@anchorage/store/postgres/postgres-store';
import { SchemaTooNewError } from '@anchorage/store/sqlite/schema-too-new-error';
import pg from 'pg';
import { runStoreConformance } from './conformance.ts';
import { makeAuditEvent, makeProfile, makeSubject, makeTrustAnchor, timestamp } from './records.ts';

const url = process.env.ANCHORAGE_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
/** The URL as it may be printed: without a password. */
const shownUrl = url.replace(/:\/\/([^:@/]+):[^@/]*@/, '://$1:***@');

const unreachable = await probe();
if (unreachable === undefined) {
  run();
} else if (process.env.CI !== undefined) {
  test('fail/PostgreSQL is reachable (CI runs the PostgreSQL store tests)', () => {
    assert.fail(`PostgreSQL at ${shownUrl} is unreachable: ${unreachable}`);
  });
} else {
  test('PostgreSQL store', { skip: `PostgreSQL at ${shownUrl} is unreachable: ${unreachable}` }, () => {});
}

/** Undefined when the server answers; otherwise why not. */
async function probe(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message || error.name : String(error);
  } finally {
    await client.end().catch(() => {});
  }
}

function run(): void {
  const admin = new pg.Pool({ connectionString: url, max: 2 });
  const runId = randomBytes(4).toString('hex');
  const created: string[] = [];
  let schemas = 0;
  function freshSchema(): string {
    schemas += 1;
    const schema = `anchorage_test_${runId}_${schemas}`;
    created.push(schema);
    return schema;
  }
  async function dropSchemas(): Promise<void> {
    // One statement each: dropping hundreds of tables in one transaction could run out of locks.
    for (const schema of created.splice(0)) {
      await admin.query(`DROP SCHEMA IF EXISTS ${pg.escapeIdentifier(schema)} CASCADE`);
    }
  }
  /** Deletes every record, keeping the migrations and the change counter. */
  async function emptySchema(schema: string): Promise<void> {
    const { rows } = await admin.query<{ tablename: string }>(
      `SELECT tablename FROM pg_tables
       WHERE schemaname = $1 AND tablename NOT IN ('schema_migrations', 'store_changes')`,
      [schema],
    );
    const quoted = pg.escapeIdentifier(schema);
    await admin.query(
      rows.map((row) => `DELETE FROM ${quoted}.${pg.escapeIdentifier(row.tablename)};`).join('\n'),
    );
  }
  after(async () => {
    await dropSchemas();
    await admin.end();
  });

  // One schema for the whole suite, emptied before each open: migrating a fresh schema per
  // open would cost five times as long (the migration has its own tests below).
  const suiteSchema = freshSchema();
  let migrated = false;
  runStoreConformance(
    'postgres',
    async () => {
      if (migrated) await emptySchema(suiteSchema);
      migrated = true;
      return openPostgresStore(url, { schema: suiteSchema });
    },
    { reopen: () => openPostgresStore(url, { schema: suiteSchema }) },
  );

  describe('postgres only', () => {
    const openTwo = async (): Promise<[Store, Store, string]> => {
      const schema = freshSchema();
      const a = await openPostgresStore(url, { schema });
      return [a, await openPostgresStore(url, { schema }), schema];
    };

    test('ok/schema_migrations records every migration once, and a reopen applies none again', async () => {
      const schema = freshSchema();
      await (await openPostgresStore(url, { schema })).close();
      const read = async () =>
        (
          await admin.query(
            `SELECT version, name, applied_at FROM ${pg.escapeIdentifier(schema)}.schema_migrations ORDER BY version`,
          )
        ).rows;
      const first = await read();
      assert.deepEqual(
        first.map((row) => [row.version, row.name]),
        MIGRATIONS.map((migration) => [migration.version, migration.name]),
      );
      await (await openPostgresStore(url, { schema })).close();
      assert.deepEqual(await read(), first);
    });

    test('ok/every collection is a table of seq, id and doc (JSONB), with x509_subject unique', async () => {
      const schema = freshSchema();
      await (await openPostgresStore(url, { schema })).close();
      const { rows } = await admin.query(
        `SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns
         WHERE table_schema = $1 AND column_name IN ('seq', 'id', 'doc') ORDER BY table_name, ordinal_position`,
        [schema],
      );
      const tables = new Set(rows.map((row) => row.table_name));
      assert.equal(tables.size, 14);
      for (const table of tables) {
        assert.deepEqual(
          rows
            .filter((row) => row.table_name === table)
            .map((row) => [row.column_name, row.data_type, row.is_nullable]),
          [
            ['seq', 'bigint', 'NO'],
            ['id', 'text', 'NO'],
            ['doc', 'jsonb', 'NO'],
          ],
          table,
        );
      }
      const unique = await admin.query(
        `SELECT 1 FROM pg_indexes WHERE schemaname = $1 AND tablename = 'subjects'
         AND indexdef LIKE 'CREATE UNIQUE INDEX % (x509_subject)'`,
        [schema],
      );
      assert.equal(unique.rowCount, 1);
    });

    test('ok/two stores on one schema see each other’s writes and each other’s change markers move', async () => {
      const [a, b] = await openTwo();
      try {
        const [beforeA, beforeB] = [await a.changeMarker(), await b.changeMarker()];
        await a.trustAnchors.insert(makeTrustAnchor(1));
        await b.profiles.insert(makeProfile(1));
        assert.deepEqual(await b.trustAnchors.get(makeTrustAnchor(1).id), makeTrustAnchor(1));
        assert.deepEqual(await a.profiles.get(makeProfile(1).id), makeProfile(1));
        // The other store's commits are noticed within 10 ms.
        await new Promise((resolve) => setTimeout(resolve, 15));
        const [afterA, afterB] = [await a.changeMarker(), await b.changeMarker()];
        assert.notEqual(afterA, beforeA);
        assert.notEqual(afterB, beforeB);
        // A marker moved by the other store alone: b only reads from here on.
        await a.profiles.delete(makeProfile(1).id);
        await new Promise((resolve) => setTimeout(resolve, 15));
        assert.notEqual(await b.changeMarker(), afterB);
        assert.equal(await b.profiles.get(makeProfile(1).id), undefined);
      } finally {
        await a.close();
        await b.close();
      }
    });

    test('ok/a write made outside the store (psql) moves the change marker', async () => {
      const schema = freshSchema();
      const store = await openPostgresStore(url, { schema });
      try {
        await store.profiles.insert(makeProfile(1));
        await new Promise((resolve) => setTimeout(resolve, 15));
        const before = await store.changeMarker();
        await admin.query(`UPDATE ${pg.escapeIdentifier(schema)}.profiles SET doc = doc`);
        await new Promise((resolve) => setTimeout(resolve, 15));
        assert.notEqual(await store.changeMarker(), before);
      } finally {
        await store.close();
      }
    });

    test('ok/concurrent updates of one record from two pools lose nothing', async () => {
      const [a, b] = await openTwo();
      try {
        await a.profiles.insert(makeProfile(1));
        const markers = Array.from({ length: 100 }, (_, i) => `marker-${i}`);
        await Promise.all(
          markers.map((marker, i) =>
            (i % 2 === 0 ? a : b).profiles.update(makeProfile(1).id, (current) => ({
              ...current,
              roleArns: [...current.roleArns, marker],
            })),
          ),
        );
        const [viaA, viaB] = [
          await a.profiles.get(makeProfile(1).id),
          await b.profiles.get(makeProfile(1).id),
        ];
        assert.deepEqual(viaA, viaB);
        assert.deepEqual(viaA?.roleArns.slice(1).sort(), [...markers].sort());
      } finally {
        await a.close();
        await b.close();
      }
    });

    test('ok/a cursor handed out while an older insert is still committing does not skip it', async () => {
      const [a, b, schema] = await openTwo();
      const quoted = pg.escapeIdentifier(schema);
      // Holds the insert of profile 2 between drawing its seq and committing, for half a second.
      await admin.query(`
        CREATE FUNCTION ${quoted}.slow_insert() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.id = '${makeProfile(2).id}' THEN PERFORM pg_sleep(0.5); END IF;
          RETURN NULL;
        END $$;
        CREATE TRIGGER slow_insert AFTER INSERT ON ${quoted}.profiles
          FOR EACH ROW EXECUTE FUNCTION ${quoted}.slow_insert();`);
      try {
        await a.profiles.insert(makeProfile(1));
        const slow = a.profiles.insert(makeProfile(2));
        await new Promise((resolve) => setTimeout(resolve, 100));
        // Had these drawn larger seqs and committed before profile 2, the first page would end on
        // profile 3 and its cursor would pass profile 2 for good.
        await b.profiles.insert(makeProfile(3));
        await b.profiles.insert(makeProfile(4));
        const first = await b.profiles.list({ limit: 2 });
        await slow;
        assert.ok(first.next !== undefined);
        const rest = await b.profiles.list({ limit: 10, after: first.next });
        assert.deepEqual(
          [...first.items, ...rest.items].map((item) => item.id),
          [1, 2, 3, 4].map((n) => makeProfile(n).id),
        );
      } finally {
        await a.close();
        await b.close();
      }
    });

    test('ok/migrations started by several processes at once are applied once', async () => {
      const schema = freshSchema();
      const children = Array.from({ length: 4 }, () => startOpener(url, schema));
      // Every child is loaded and connected-ready before any opens: the opens then overlap.
      await Promise.all(children.map((child) => child.ready));
      for (const child of children) child.go();
      const results = await Promise.all(children.map((child) => child.done));
      for (const result of results) assert.equal(result.code, 0, result.stderr);
      const { rows } = await admin.query(
        `SELECT version FROM ${pg.escapeIdentifier(schema)}.schema_migrations ORDER BY version`,
      );
      assert.deepEqual(
        rows.map((row) => row.version),
        MIGRATIONS.map((migration) => migration.version),
      );
      const store = await openPostgresStore(url, { schema });
      try {
        await store.subjects.insert(makeSubject(1));
        assert.equal(await store.subjects.count(), 1);
      } finally {
        await store.close();
      }
    });

    test('ok/the audit trail is indexed by time, also for records written before the index existed', async () => {
      const schema = freshSchema();
      const quoted = pg.escapeIdentifier(schema);
      // A schema as the release before retention left it (migration 1), with audit records.
      const pool = new pg.Pool({ connectionString: url, max: 1 });
      try {
        await migrate(
          pool,
          schema,
          MIGRATIONS.filter((m) => m.version <= 1),
        );
        for (const n of [1, 2, 3]) {
          await pool.query(`INSERT INTO ${quoted}.audit_events (id, doc) VALUES ($1, $2::jsonb)`, [
            makeAuditEvent(n).id,
            JSON.stringify(makeAuditEvent(n)),
          ]);
        }
      } finally {
        await pool.end();
      }
      const store = await openPostgresStore(url, { schema });
      try {
        await store.auditEvents.append([makeAuditEvent(4)]);
        assert.equal(await store.auditEvents.deleteOlderThan(Date.parse(timestamp(3)), 100), 2);
        assert.deepEqual(
          (await store.auditEvents.list({ limit: 10 })).items.map((e) => e.id),
          [3, 4].map((n) => makeAuditEvent(n).id),
        );
      } finally {
        await store.close();
      }
      const index = await admin.query(
        `SELECT indexdef FROM pg_indexes WHERE schemaname = $1 AND indexname = 'audit_events_by_time'`,
        [schema],
      );
      assert.match(String(index.rows[0]?.indexdef), /\(event_time\)/);
      // The planner takes the index once seq scans are ruled out (the table here is tiny).
      const client = await admin.connect();
      try {
        await client.query('BEGIN');
        await client.query('SET LOCAL enable_seqscan = off');
        const plan = await client.query(
          `EXPLAIN SELECT seq FROM ${quoted}.audit_events WHERE event_time < '2031' ORDER BY event_time LIMIT 10`,
        );
        assert.match(plan.rows.map((row) => row['QUERY PLAN']).join('\n'), /audit_events_by_time/);
      } finally {
        await client.query('ROLLBACK');
        client.release();
      }
    });

    test('fail/a schema written by a newer Anchorage is refused with SchemaTooNewError', async () => {
      const schema = freshSchema();
      const store = await openPostgresStore(url, { schema });
      await store.profiles.insert(makeProfile(1));
      await store.close();
      await admin.query(
        `INSERT INTO ${pg.escapeIdentifier(schema)}.schema_migrations (version, name, applied_at)
         VALUES (999, 'from the future', now())`,
      );
      await assert.rejects(openPostgresStore(url, { schema }), (error) => {
        assert.ok(error instanceof SchemaTooNewError);
        assert.deepEqual(error.unknownVersions, [999]);
        assert.match(error.message, /newer/);
        return true;
      });
      const { rows } = await admin.query(
        `SELECT count(*)::int AS n FROM ${pg.escapeIdentifier(schema)}.profiles`,
      );
      assert.equal(rows[0].n, 1);
    });

    test('fail/a migration that fails is rolled back whole and not recorded', async () => {
      const schema = freshSchema();
      const pool = new pg.Pool({ connectionString: url, max: 1 });
      try {
        const broken = {
          version: MIGRATIONS.length + 1,
          name: 'broken',
          sql: 'CREATE TABLE half_done (x TEXT); SELECT * FROM missing;',
        };
        await assert.rejects(migrate(pool, schema, [...MIGRATIONS, broken]), /missing/);
        // Everything was one transaction: not even the schema is left.
        const left = await admin.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
        assert.equal(left.rowCount, 0);
        await migrate(pool, schema);
        const halfDone = await admin.query(`SELECT to_regclass($1) AS oid`, [`${schema}.half_done`]);
        assert.equal(halfDone.rows[0].oid, null);
      } finally {
        await pool.end();
      }
    });

    test('fail/an unusable pool size or schema name is refused before connecting', async () => {
      await assert.rejects(openPostgresStore(url, { poolSize: 0 }), RangeError);
      await assert.rejects(openPostgresStore(url, { schema: '' }), RangeError);
      await assert.rejects(openPostgresStore(url, { schema: 'x'.repeat(64) }), RangeError);
    });
  });
}

interface Opener {
  readonly ready: Promise<void>;
  go(): void;
  readonly done: Promise<{ code: number | null; stderr: string }>;
}

/** A child process that opens (and so migrates) the store on `schema` when told to go. */
function startOpener(databaseUrl: string, schema: string): Opener {
  const storeModule = pathToFileURL(
    join(import.meta.dirname, '..', 'src', 'postgres', 'postgres-store.ts'),
  ).href;
  const code = `
    const { openPostgresStore } = await import(process.env.STORE_MODULE);
    process.stdout.write('ready\\n');
    await new Promise((resolve) => process.stdin.once('data', resolve));
    const store = await openPostgresStore(process.env.DATABASE_URL, { schema: process.env.SCHEMA });
    await store.close();
    process.stdin.destroy();
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', code], {
    env: { ...process.env, STORE_MODULE: storeModule, DATABASE_URL: databaseUrl, SCHEMA: schema },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderr += chunk;
  });
  const done = new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      if (chunk.includes('ready')) resolve();
    });
    done.then(({ stderr: text }) => reject(new Error(`the child ended before it was ready: ${text}`)));
  });
  return { ready, go: () => child.stdin.write('go\n'), done };
}
