/**
 * Nothing acknowledged is lost on PostgreSQL: a kill -9 at a random moment of a mixed write load
 * (support/crash-under-load.ts), with one server process and with two workers, then a restart on
 * the same schema. Each run gets a fresh schema; under CI (CI set) the test fails rather than
 * skips when PostgreSQL is not reachable.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, describe, test } from 'node:test';
import { crashUnderWriteLoad, describeCrash } from './support/crash-under-load.ts';
import { dropSchemas, postgresSkip, TEST_DATABASE_URL } from './support/postgres.ts';
import { startServer } from './support/server-process.ts';

const DATABASE = TEST_DATABASE_URL;

// Under CI, PostgreSQL must be there: this fails rather than skips.
const skip = await postgresSkip();

describe('crash safety on PostgreSQL', { skip }, () => {
  const schemas: string[] = [];
  after(async () => {
    await dropSchemas(...schemas);
  });

  for (const workers of [1, 2]) {
    const store = workers === 1 ? 'postgres' : `postgres-${workers}-workers`;
    test(`ok/kill -9 at a random moment of a mixed write load (--workers ${workers}) loses no acknowledged write`, async (t) => {
      const schema = `anchorage_crash_${randomBytes(4).toString('hex')}`;
      schemas.push(schema);
      const args = ['--database-url', `${DATABASE}?schema=${schema}`, '--workers', String(workers)];
      const report = await crashUnderWriteLoad({
        label: store,
        start: () => startServer({ args }),
        restart: (dataDir) => startServer({ dataDir, args }),
      });
      for (const line of describeCrash(store, report)) t.diagnostic(line);
      assert.equal(report.recovered, report.acknowledged);
    });
  }
});
