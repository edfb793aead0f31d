import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { after, describe, test } from 'node:test';
import { migrate } from '@anchorage/store/sqlite/migrate';
import { MIGRATIONS } from '@anchorage/store/sqlite/migrations';
import { SchemaTooNewError } from '@anchorage/store/sqlite/schema-too-new-error';
import { openSqliteStore } from '@anchorage/store/sqlite/sqlite-store';
import { runStoreConformance } from './conformance.ts';
import { makeAuditEvent, makeProfile, makeTrustAnchor, timestamp } from './records.ts';

const dir = await mkdtemp(join(tmpdir(), 'anchorage-store-'));
after(() => rm(dir, { recursive: true, force: true }));

let files = 0;
function freshPath(): string {
  files += 1;
  return join(dir, `store-${files}.db`);
}

let current = freshPath();
runStoreConformance(
  'sqlite file',
  () => {
    current = freshPath();
    return openSqliteStore(current);
  },
  { reopen: () => openSqliteStore(current) },
);

runStoreConformance('sqlite :memory:', () => openSqliteStore(':memory:'));

/** Runs `use` on a plain connection to the file, outside the store. */
function withDatabase<T>(path: string, use: (db: DatabaseSync) => T): T {
  const db = new DatabaseSync(path);
  try {
    return use(db);
  } finally {
    db.close();
  }
}

describe('sqlite only', () => {
  test('ok/schema_migrations records every migration once, in order, and a reopen applies none again', async () => {
    const path = freshPath();
    await (await openSqliteStore(path)).close();
    const read = () =>
      withDatabase(path, (db) =>
        db.prepare('SELECT version, name, applied_at FROM schema_migrations ORDER BY version').all(),
      );
    const first = read();
    assert.deepEqual(
      first.map((row) => [row.version, row.name]),
      MIGRATIONS.map((migration) => [migration.version, migration.name]),
    );
    for (const row of first) {
      assert.equal(typeof row.applied_at, 'string');
      assert.equal(new Date(String(row.applied_at)).toISOString(), row.applied_at);
    }
    await (await openSqliteStore(path)).close();
    assert.deepEqual(read(), first);
  });

  test('ok/every collection is a table of seq, id and doc, with the lookups indexed', async () => {
    const path = freshPath();
    await (await openSqliteStore(path)).close();
    withDatabase(path, (db) => {
      for (const table of ['trust_anchors', 'profiles', 'crls', 'subjects', 'access_keys']) {
        const columns = db.prepare(`PRAGMA table_info(${table})`).all();
        assert.deepEqual(
          columns.slice(0, 3).map((column) => [column.name, column.type, column.notnull, column.pk]),
          [
            ['seq', 'INTEGER', 0, 1],
            ['id', 'TEXT', 1, 0],
            ['doc', 'TEXT', 1, 0],
          ],
          table,
        );
      }
      const plan = (sql: string) =>
        db
          .prepare(`EXPLAIN QUERY PLAN ${sql}`)
          .all()
          .map((row) => String(row.detail))
          .join('; ');
      assert.match(plan("SELECT doc FROM crls WHERE trust_anchor_arn = 'x' ORDER BY seq"), /USING INDEX/);
      assert.match(plan("SELECT doc FROM subjects WHERE x509_subject = 'x'"), /USING INDEX/);
    });
  });

  test('ok/the audit trail is indexed by time, also for records written before the index existed', async () => {
    const path = freshPath();
    // A database as the release before retention left it: migrations 1–4, with audit records.
    withDatabase(path, (db) => {
      migrate(
        db,
        path,
        MIGRATIONS.filter((m) => m.version <= 4),
      );
      const insert = db.prepare('INSERT INTO audit_events (id, doc) VALUES (?, ?)');
      for (const n of [1, 2, 3]) insert.run(makeAuditEvent(n).id, JSON.stringify(makeAuditEvent(n)));
    });
    const store = await openSqliteStore(path);
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
    withDatabase(path, (db) => {
      const plan = db
        .prepare(
          'EXPLAIN QUERY PLAN SELECT seq FROM audit_events WHERE event_time < ? ORDER BY event_time LIMIT 10',
        )
        .all('2031-01-01')
        .map((row) => String(row.detail))
        .join('; ');
      assert.match(plan, /USING (COVERING )?INDEX audit_events_by_time/);
    });
  });

  test('fail/a database written by a newer Anchorage is refused with SchemaTooNewError', async () => {
    const path = freshPath();
    const store = await openSqliteStore(path);
    await store.profiles.insert(makeProfile(1));
    await store.close();
    withDatabase(path, (db) =>
      db
        .prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)')
        .run(999, 'from the future', new Date().toISOString()),
    );
    await assert.rejects(openSqliteStore(path), (error) => {
      assert.ok(error instanceof SchemaTooNewError);
      assert.deepEqual(error.unknownVersions, [999]);
      assert.match(error.message, /999/);
      assert.match(error.message, /newer/);
      return true;
    });
    // Refusing touched nothing: the data and the foreign migration are as they were.
    withDatabase(path, (db) => {
      assert.equal(db.prepare('SELECT count(*) AS n FROM profiles').get()?.n, 1);
      assert.equal(db.prepare('SELECT max(version) AS v FROM schema_migrations').get()?.v, 999);
    });
  });

  test('fail/a migration that fails is rolled back whole and not recorded', () => {
    const path = freshPath();
    withDatabase(path, (db) => {
      const broken = {
        version: MIGRATIONS.length + 1,
        name: 'broken',
        sql: 'CREATE TABLE half_done (x TEXT); SELECT * FROM missing;',
      };
      assert.throws(() => migrate(db, path, [...MIGRATIONS, broken]), /missing/);
      const versions = db.prepare('SELECT version FROM schema_migrations').all();
      assert.deepEqual(
        versions.map((row) => row.version),
        MIGRATIONS.map((m) => m.version),
      );
      const halfDone = db.prepare("SELECT name FROM sqlite_master WHERE name = 'half_done'").get();
      assert.equal(halfDone, undefined);
      assert.equal(db.isTransaction, false);
    });
  });

  test('fail/a migration list out of order is refused before anything is applied', () => {
    const path = freshPath();
    withDatabase(path, (db) => {
      const reordered = [
        { version: MIGRATIONS.length + 1, name: 'second', sql: 'CREATE TABLE second (x TEXT);' },
        ...MIGRATIONS,
      ];
      assert.throws(() => migrate(db, path, reordered), /listed after/);
      assert.equal(db.prepare("SELECT name FROM sqlite_master WHERE name = 'second'").get(), undefined);
    });
  });

  test('ok/the database is in WAL mode', async () => {
    const path = freshPath();
    await (await openSqliteStore(path)).close();
    withDatabase(path, (db) => assert.equal(db.prepare('PRAGMA journal_mode').get()?.journal_mode, 'wal'));
  });

  test('ok/close checkpoints and empties the WAL even while another connection is open', async () => {
    const path = freshPath();
    const store = await openSqliteStore(path);
    // The other connection keeps SQLite from deleting the WAL at close: only the checkpoint can
    // empty it.
    await withDatabase(path, async () => {
      for (let n = 1; n <= 20; n += 1) await store.profiles.insert(makeProfile(n));
      assert.ok(statSync(`${path}-wal`).size > 0);
      await store.close();
      assert.ok(!existsSync(`${path}-wal`) || statSync(`${path}-wal`).size === 0);
    });
  });

  test('ok/two connections to one file see each other’s writes and lose no update', async () => {
    const path = freshPath();
    const [a, b] = [await openSqliteStore(path), await openSqliteStore(path)];
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
      const [viaA, viaB] = [await a.profiles.get(makeProfile(1).id), await b.profiles.get(makeProfile(1).id)];
      assert.deepEqual(viaA, viaB);
      assert.deepEqual(viaA?.roleArns.slice(1).sort(), [...markers].sort());
    } finally {
      await a.close();
      await b.close();
    }
  });

  test('ok/a write through another connection moves this connection’s change marker', async () => {
    const path = freshPath();
    const [a, b] = [await openSqliteStore(path), await openSqliteStore(path)];
    try {
      const before = await a.changeMarker();
      await b.trustAnchors.insert(makeTrustAnchor(1));
      // Another connection's commit is noticed within 10 ms.
      await new Promise((resolve) => setTimeout(resolve, 15));
      assert.notEqual(await a.changeMarker(), before);
    } finally {
      await a.close();
      await b.close();
    }
  });

  test('ok/crash/every acknowledged insert survives a kill -9 and the database is not corrupt', async (t) => {
    const path = freshPath();
    const { acknowledged, signal, stderr } = await insertUntilKilled(path, 200, 5_000);
    assert.equal(signal, 'SIGKILL', `the child ended on its own: ${stderr}`);
    assert.ok(acknowledged.length > 0, `no insert was acknowledged before the deadline: ${stderr}`);
    t.diagnostic(`${acknowledged.length} inserts acknowledged before the kill`);
    withDatabase(path, (db) => {
      assert.equal(db.prepare('PRAGMA integrity_check').get()?.integrity_check, 'ok');
    });
    const store = await openSqliteStore(path);
    try {
      const missing: string[] = [];
      for (const id of acknowledged) if ((await store.profiles.get(id)) === undefined) missing.push(id);
      assert.deepEqual(missing, [], `${missing.length} of ${acknowledged.length} acknowledged inserts lost`);
      assert.ok((await store.profiles.count()) >= acknowledged.length);
    } finally {
      await store.close();
    }
  });
});

/**
 * Runs the insert-until-killed fixture on `path` and SIGKILLs it once `killAfter` ids were
 * acknowledged, or at `deadlineMs` at the latest. Resolves to the acknowledged ids.
 */
function insertUntilKilled(
  path: string,
  killAfter: number,
  deadlineMs: number,
): Promise<{ acknowledged: string[]; signal: NodeJS.Signals | null; stderr: string }> {
  const fixture = join(import.meta.dirname, 'fixtures', 'insert-until-killed.ts');
  const child = spawn(process.execPath, [fixture, path], { stdio: ['ignore', 'pipe', 'pipe'] });
  const acknowledged: string[] = [];
  let partial = '';
  let stderr = '';
  const deadline = setTimeout(() => child.kill('SIGKILL'), deadlineMs);
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    // Only complete lines count: a partial line is an id whose acknowledgement was cut off.
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    acknowledged.push(...lines);
    if (acknowledged.length >= killAfter) child.kill('SIGKILL');
  });
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (_code, signal) => {
      clearTimeout(deadline);
      resolve({ acknowledged, signal, stderr });
    });
  });
}
