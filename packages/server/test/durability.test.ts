/**
 * Nothing acknowledged is lost on SQLite: writes survive a clean restart, and a kill -9 at a
 * random moment of a mixed write load, with one server process and with two workers (see
 * support/crash-under-load.ts; crash-safety-postgres.test.ts does the same on PostgreSQL).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readAdminCredentials } from './support/admin-credentials.ts';
import { crashUnderWriteLoad, describeCrash } from './support/crash-under-load.ts';
import { sdkSignedFetch } from './support/sdk-signed-fetch.ts';
import { type ServerProcess, startServer } from './support/server-process.ts';

const ROLE = 'arn:aws:iam::000000000000:role/durable';

async function listAllProfileIds(server: ServerProcess): Promise<Set<string>> {
  const credentials = readAdminCredentials(server.credentialsFile);
  const ids = new Set<string>();
  let nextToken: string | undefined;
  do {
    const page = await sdkSignedFetch(server.url, credentials, 'GET', '/profiles', {
      query: { pageSize: '100', ...(nextToken === undefined ? {} : { nextToken }) },
    });
    assert.equal(page.status, 200);
    for (const p of page.json.profiles as { profileId: string }[]) ids.add(p.profileId);
    nextToken = page.json.nextToken as string | undefined;
  } while (nextToken !== undefined);
  return ids;
}

describe('durability', () => {
  test('ok/acknowledged writes survive a clean restart', async () => {
    const first = await startServer();
    const credentials = readAdminCredentials(first.credentialsFile);
    const created = await sdkSignedFetch(first.url, credentials, 'POST', '/profiles', {
      body: { name: 'survivor', roleArns: [ROLE] },
    });
    assert.equal(created.status, 201);
    assert.equal(await first.stop(), 0);
    const second = await startServer({ dataDir: first.dataDir });
    try {
      assert.deepEqual(readAdminCredentials(second.credentialsFile), credentials, 'the admin key is kept');
      const ids = await listAllProfileIds(second);
      assert.ok(ids.has((created.json.profile as { profileId: string }).profileId));
    } finally {
      await second.stop();
    }
  });

  for (const workers of [1, 2]) {
    const store = workers === 1 ? 'sqlite' : `sqlite-${workers}-workers`;
    test(`ok/kill -9 at a random moment of a mixed write load (--workers ${workers}) loses no acknowledged write`, async (t) => {
      const args = ['--workers', String(workers)];
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
