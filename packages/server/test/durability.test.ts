/**
 * Nothing acknowledged is lost: writes survive a clean restart and a kill -9 in the middle of a
 * write load.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readAdminCredentials } from './support/admin-credentials.ts';
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

  test('ok/kill -9 during a write load loses no acknowledged write', async () => {
    const server = await startServer();
    const credentials = readAdminCredentials(server.credentialsFile);
    const acknowledged: string[] = [];
    let stop = false;
    const writer = async (worker: number) => {
      for (let i = 0; !stop && i < 10_000; i++) {
        try {
          const response = await sdkSignedFetch(server.url, credentials, 'POST', '/profiles', {
            body: { name: `load-${worker}-${i}`, roleArns: [ROLE] },
          });
          if (response.status === 201)
            acknowledged.push((response.json.profile as { profileId: string }).profileId);
        } catch {
          return; // the connection died with the server: that write was never acknowledged
        }
      }
    };
    const writers = Array.from({ length: 8 }, (_, w) => writer(w));
    // Kill once a meaningful number of writes is acknowledged (bounded in time either way).
    const deadline = Date.now() + 10_000;
    while (acknowledged.length < 150 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await server.kill();
    stop = true;
    await Promise.all(writers);
    assert.ok(
      acknowledged.length >= 150,
      `only ${acknowledged.length} writes were acknowledged before the kill`,
    );

    const restarted = await startServer({ dataDir: server.dataDir });
    try {
      const stored = await listAllProfileIds(restarted);
      const lost = acknowledged.filter((id) => !stored.has(id));
      assert.deepEqual(lost, [], `${lost.length} of ${acknowledged.length} acknowledged writes were lost`);
    } finally {
      await restarted.stop();
    }
  });
});
