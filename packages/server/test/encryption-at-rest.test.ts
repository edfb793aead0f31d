/**
 * Secrets are encrypted at rest: after a server has made a CA (its private key), holds its
 * administrator access key, has minted temporary credentials and set a console password, the
 * database — the SQLite files byte for byte, or every PostgreSQL table as text — holds none of
 * them in any usual encoding, nor the data key that seals them; it does hold their sealed forms
 * (so the search looks at the right bytes).
 */
import assert from 'node:assert/strict';
import { createPrivateKey, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import type { Store } from '@anchorage/store/port';
import { openSqliteStore } from '@anchorage/store/sqlite/sqlite-store';
import pg from 'pg';
import { createSecretBox } from '../src/secrets/secret-box.ts';
import { readAdminCredentials } from './support/admin-credentials.ts';
import { dropSchemas, postgresSkip, TEST_DATABASE_URL } from './support/postgres.ts';
import { adminClient, createActiveCa, issueWorkload, mintSession } from './support/private-ca-workloads.ts';
import { setUpRolesAnywhere } from './support/roles-anywhere-setup.ts';
import { type ServerProcess, startServer } from './support/server-process.ts';
import { storedSecrets } from './support/stored-secrets.ts';

const DATABASE = TEST_DATABASE_URL;
const CONSOLE_PASSWORD = `console-${randomBytes(12).toString('hex')}`;

interface Needle {
  readonly what: string;
  readonly bytes: Buffer;
}

/** A secret in every form it could be stored in: raw bytes, base64, base64url, hex. */
function forms(what: string, bytes: Buffer): Needle[] {
  return [
    { what: `${what} (bytes)`, bytes },
    { what: `${what} (base64)`, bytes: Buffer.from(bytes.toString('base64')) },
    { what: `${what} (base64url)`, bytes: Buffer.from(bytes.toString('base64url')) },
    { what: `${what} (hex)`, bytes: Buffer.from(bytes.toString('hex')) },
  ];
}

/**
 * Makes every kind of secret on the server and returns what must not be found in the database,
 * and the sealed forms that must be (read from the store with the data key, as a check).
 */
async function makeSecrets(
  server: ServerProcess,
  dataKey: Buffer,
  openStore: () => Promise<Store>,
): Promise<{ secrets: Needle[]; sealed: string[] }> {
  const ca = await createActiveCa(server, 'EC_prime256v1', 'At Rest Root');
  const setup = await setUpRolesAnywhere(server, ca.certificatePem);
  const credentials = await mintSession(server, setup, await issueWorkload(server, ca.arn));
  await adminClient(server).rolesAnywhere('PUT', '/console/api/users/alice', { password: CONSOLE_PASSWORD });
  const admin = readAdminCredentials(server.credentialsFile);

  const store = await openStore();
  const stored = await storedSecrets(store);
  await store.close();
  const box = createSecretBox(dataKey);
  const secrets: Needle[] = [
    ...forms('data key', dataKey),
    { what: 'admin secret access key', bytes: Buffer.from(admin.secretAccessKey) },
    { what: 'temporary secret access key', bytes: Buffer.from(credentials.secretAccessKey) },
    { what: 'session token', bytes: Buffer.from(credentials.sessionToken) },
    { what: 'console password', bytes: Buffer.from(CONSOLE_PASSWORD) },
  ];
  for (const s of stored.filter((x) => x.kind === 'CA private key')) {
    const pkcs8 = Buffer.from(box.open(s.sealed, s.associatedData), 'base64');
    const key = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
    secrets.push(
      ...forms('CA private key PKCS#8 DER', pkcs8),
      ...forms('CA private key SEC1 DER', key.export({ type: 'sec1', format: 'der' })),
      ...forms('CA private scalar', Buffer.from(String(key.export({ format: 'jwk' }).d), 'base64url')),
      {
        what: 'CA private key PEM',
        bytes: Buffer.from(String(key.export({ type: 'pkcs8', format: 'pem' }))),
      },
    );
  }
  for (const s of stored.filter((x) => x.kind === 'session-token key'))
    secrets.push(...forms('session-token key', Buffer.from(box.open(s.sealed, s.associatedData), 'base64')));
  assert.equal(stored.filter((x) => x.kind === 'CA private key').length, 1);
  assert.ok(stored.some((x) => x.kind === 'session-token key'));
  return { secrets, sealed: stored.map((s) => s.sealed) };
}

function assertAbsent(
  haystack: Buffer,
  where: string,
  secrets: readonly Needle[],
  sealed: readonly string[],
) {
  for (const secret of secrets)
    assert.equal(haystack.includes(secret.bytes), false, `${where} holds the ${secret.what}`);
  // The control: the sealed secrets are there, so the search read the stored records.
  for (const text of sealed)
    assert.ok(haystack.includes(Buffer.from(text)), `${where} lacks a sealed secret`);
  assert.equal(haystack.includes(Buffer.from('PRIVATE KEY')), false, `${where} holds a PEM private key`);
}

describe('encryption at rest', () => {
  test('ok/SQLite: the database files hold no CA key, access key, credentials, console password or data key', async () => {
    const server = await startServer();
    const dataKey = Buffer.from(readFileSync(join(server.dataDir, 'data.key'), 'utf8').trim(), 'base64');
    const dbFiles = () =>
      Buffer.concat(
        readdirSync(server.dataDir)
          .filter((name) => name.startsWith('anchorage.db'))
          .map((name) => readFileSync(join(server.dataDir, name))),
      );
    try {
      const { secrets, sealed } = await makeSecrets(server, dataKey, () =>
        openSqliteStore(join(server.dataDir, 'anchorage.db')),
      );
      // While running (recent writes in the WAL) and after a clean stop (checkpointed).
      assertAbsent(dbFiles(), 'the running database', secrets, sealed);
      assert.equal(await server.stop(), 0);
      assertAbsent(dbFiles(), 'the stopped database', secrets, sealed);
    } finally {
      await server.stop();
    }
  });
});

// Under CI, PostgreSQL must be there: this fails rather than skips.
const skipPostgres = await postgresSkip();

describe('encryption at rest on PostgreSQL', { skip: skipPostgres }, () => {
  const schema = `anchorage_at_rest_${randomBytes(4).toString('hex')}`;
  after(async () => {
    await dropSchemas(schema);
  });

  test('ok/PostgreSQL: no table holds a CA key, access key, credentials, console password or data key', async () => {
    const dataKey = randomBytes(32);
    const server = await startServer({
      dataDir: mkdtempSync(join(tmpdir(), 'anchorage-at-rest-')),
      args: ['--database-url', `${DATABASE}?schema=${schema}`],
      env: { ANCHORAGE_DATA_KEY: dataKey.toString('base64') },
    });
    try {
      const { openPostgresStore } = await import('@anchorage/store/postgres/postgres-store');
      const { secrets, sealed } = await makeSecrets(server, dataKey, () =>
        openPostgresStore(DATABASE, { schema }),
      );
      const client = new pg.Client({ connectionString: DATABASE });
      await client.connect();
      try {
        const tables = await client.query<{ table_name: string }>(
          'SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name',
          [schema],
        );
        assert.ok(tables.rows.length >= 10, 'every collection table is read');
        const text: string[] = [];
        for (const { table_name } of tables.rows) {
          const rows = await client.query<{ row: string }>(
            `SELECT t::text AS row FROM ${schema}.${table_name} AS t`,
          );
          text.push(...rows.rows.map((r) => r.row));
        }
        assertAbsent(Buffer.from(text.join('\n')), `schema ${schema}`, secrets, sealed);
      } finally {
        await client.end();
      }
    } finally {
      await server.stop();
    }
  });
});
