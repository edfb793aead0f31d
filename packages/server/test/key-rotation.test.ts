/**
 * `anchorage keys`: rotating the session-token key ring while servers run (credentials minted
 * before keep working, new ones are sealed with the new key, in every worker), listing keys
 * without their material, and rotating the data key: every CA, access key and session survives,
 * the old data key opens nothing left in the database, and a rotation stopped at any step leaves
 * a server that starts and works. On SQLite (key in the data directory) and on PostgreSQL (keys in
 * the environment, as several servers share them).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { sessionTokenKeyId } from '@anchorage/core/sts/session-token';
import type { Store } from '@anchorage/store/port';
import { openPostgresStore } from '@anchorage/store/postgres/postgres-store';
import { openSqliteStore } from '@anchorage/store/sqlite/sqlite-store';
import { createSecretBox, type SecretBox } from '../src/secrets/secret-box.ts';
import { issue } from './support/certificates.ts';
import { dropSchemas, postgresSkip, TEST_DATABASE_URL } from './support/postgres.ts';
import {
  adminClient,
  createActiveCa,
  getRoleWith,
  issueWorkload,
  mintSession,
  type TemporaryCredentials,
} from './support/private-ca-workloads.ts';
import { type RolesAnywhereSetup, setUpRolesAnywhere } from './support/roles-anywhere-setup.ts';
import { type ServerProcess, startServer } from './support/server-process.ts';
import { sealedTextsIn, storedSecrets } from './support/stored-secrets.ts';

const BIN = new URL('../bin/anchorage.js', import.meta.url).pathname;
const DATABASE = TEST_DATABASE_URL;

function keys(args: readonly string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [BIN, 'keys', ...args], {
    encoding: 'utf8',
    env: { ...process.env, ANCHORAGE_DATA_KEY: '', ANCHORAGE_DATA_KEY_NEXT: '', ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, out: `${r.stdout}${r.stderr}` };
}

const readKey = (dataDir: string, name = 'data.key') => readFileSync(join(dataDir, name), 'utf8').trim();

function opens(box: SecretBox, sealed: string, associatedData: string): boolean {
  try {
    box.open(sealed, associatedData);
    return true;
  } catch {
    return false;
  }
}

/** Every form a 32-byte key could be printed in. */
function keyForms(bytes: Buffer): string[] {
  return [bytes.toString('base64'), bytes.toString('base64url'), bytes.toString('hex')];
}

/** The store's sealed secrets: each opens with `current`, none with `old`; returns how many. */
async function assertSealedUnder(store: Store, current: Buffer, old: Buffer): Promise<number> {
  const secrets = await storedSecrets(store);
  for (const s of secrets) {
    assert.ok(
      opens(createSecretBox(current), s.sealed, s.associatedData),
      `${s.kind} ${s.id} opens with the new key`,
    );
    assert.ok(
      !opens(createSecretBox(old), s.sealed, s.associatedData),
      `${s.kind} ${s.id} opens with the old key`,
    );
  }
  return secrets.length;
}

/** The files of the SQLite database, as a thief would copy them: no sealed text in them opens with `old`. */
async function assertOldKeyOpensNothingInFiles(dataDir: string, old: Buffer): Promise<void> {
  const store = await openSqliteStore(join(dataDir, 'anchorage.db'));
  const bindings = (await storedSecrets(store)).map((s) => s.associatedData);
  await store.close();
  const files = readdirSync(dataDir).filter((name) => name.startsWith('anchorage.db'));
  let found = 0;
  for (const name of files) {
    for (const sealed of sealedTextsIn(readFileSync(join(dataDir, name)))) {
      found++;
      for (const binding of bindings)
        assert.ok(
          !opens(createSecretBox(old), sealed, binding),
          `${name} still holds a secret the old key opens`,
        );
    }
  }
  assert.ok(
    found >= bindings.length,
    `the files hold the ${bindings.length} sealed secrets (found ${found})`,
  );
}

interface Workload {
  readonly caArns: string[];
  readonly setup: RolesAnywhereSetup;
  readonly credentials: TemporaryCredentials;
}

/** Two CAs (EC and RSA keys sealed by the server), a trust anchor on the first, a session. */
async function prepareWorkload(server: ServerProcess): Promise<Workload> {
  const ec = await createActiveCa(server, 'EC_prime256v1', 'Rotation EC Root');
  const rsa = await createActiveCa(server, 'RSA_2048', 'Rotation RSA Root');
  const setup = await setUpRolesAnywhere(server, `${ec.certificatePem}${rsa.certificatePem}`);
  const credentials = await mintSession(server, setup, await issueWorkload(server, ec.arn));
  return { caArns: [ec.arn, rsa.arn], setup, credentials };
}

/**
 * What must work after a rotation: the admin key signs, every CA issues a certificate that
 * CreateSession accepts and revokes it (signing its CRL), the session minted before still works.
 */
async function assertEverythingWorks(server: ServerProcess, workload: Workload): Promise<void> {
  const client = adminClient(server);
  const listed = (await client.acmPca('ListCertificateAuthorities', {})).CertificateAuthorities as unknown[];
  assert.equal(listed.length, 2);
  for (const caArn of workload.caArns) {
    const leaf = await issueWorkload(server, caArn, 'after-rotation');
    await mintSession(server, workload.setup, leaf);
    await client.acmPca('RevokeCertificate', {
      CertificateAuthorityArn: caArn,
      CertificateSerial: leaf.serial.toString(16),
      RevocationReason: 'SUPERSEDED',
    });
  }
  assert.deepEqual(await getRoleWith(server, workload.credentials), { status: 200 });
}

describe('session-token key rotation with the server running', () => {
  test('ok/`keys rotate`: credentials minted before still work, every worker seals with the new key at once, `keys list` shows no key material', async () => {
    const server = await startServer({ args: ['--workers', '2'] });
    try {
      const root = issue({ subject: [['CN', 'Token Rotation Root']], ca: true, keyType: 'p256' });
      const leaf = issue({ subject: [['CN', 'token-rotation']], issuer: root, keyType: 'p256' });
      const setup = await setUpRolesAnywhere(server, root.pem);
      const before = await mintSession(server, setup, leaf);
      const oldKeyId = sessionTokenKeyId(before.sessionToken);
      assert.ok(oldKeyId !== undefined);

      const listedBefore = keys(['list', '--data-dir', server.dataDir]);
      assert.equal(listedBefore.code, 0, listedBefore.out);
      assert.match(listedBefore.stdout, new RegExp(`^${oldKeyId}\\s+\\S+\\s+current\\s+-$`, 'm'));

      const rotated = keys(['rotate', '--data-dir', server.dataDir]);
      assert.equal(rotated.code, 0, rotated.out);
      const newKeyId = /session-token key (\S+) is now current/.exec(rotated.stdout)?.[1];
      assert.ok(newKeyId !== undefined && newKeyId !== oldKeyId, rotated.out);

      const listed = keys(['list', '--data-dir', server.dataDir]);
      assert.equal(listed.code, 0, listed.out);
      assert.match(listed.stdout, new RegExp(`^${newKeyId}\\s+\\S+\\s+current\\s+-$`, 'm'));
      assert.match(listed.stdout, new RegExp(`^${oldKeyId}\\s+\\S+\\s+retired\\s+\\d{4}-\\S+Z$`, 'm'));
      // No key material: neither the token keys (in any encoding), their sealed form, nor the data key.
      const dataKey = Buffer.from(readKey(server.dataDir), 'base64');
      const store = await openSqliteStore(join(server.dataDir, 'anchorage.db'));
      const tokenKeys = (await storedSecrets(store)).filter((s) => s.kind === 'session-token key');
      await store.close();
      assert.equal(tokenKeys.length, 2);
      for (const output of [listed.out, rotated.out]) {
        for (const key of tokenKeys) {
          const bytes = Buffer.from(createSecretBox(dataKey).open(key.sealed, key.associatedData), 'base64');
          for (const form of [...keyForms(bytes), key.sealed]) assert.equal(output.includes(form), false);
        }
        for (const form of keyForms(dataKey)) assert.equal(output.includes(form), false);
      }

      // Each worker reads the ring again within a second of a sealing: once one session names the
      // new key, keep minting until both workers have served, and every session names it.
      let first = await mintSession(server, setup, leaf);
      for (let i = 0; i < 50 && sessionTokenKeyId(first.sessionToken) !== newKeyId; i++) {
        await new Promise((r) => setTimeout(r, 100));
        first = await mintSession(server, setup, leaf);
      }
      assert.equal(
        sessionTokenKeyId(first.sessionToken),
        newKeyId,
        'new sessions are sealed with the new key',
      );
      await new Promise((r) => setTimeout(r, 1100));
      const pids = new Set<unknown>();
      for (let batch = 0; batch < 10 && pids.size < 2; batch++) {
        const sessions = await Promise.all(Array.from({ length: 6 }, () => mintSession(server, setup, leaf)));
        for (const s of sessions) {
          assert.equal(sessionTokenKeyId(s.sessionToken), newKeyId);
          pids.add((await server.waitForLog((l) => l.requestId === s.requestId)).pid);
        }
      }
      assert.equal(pids.size, 2, 'both workers minted sessions');
      assert.deepEqual(
        await getRoleWith(server, before),
        { status: 200 },
        'a session sealed with the retired key works',
      );
      assert.deepEqual(await getRoleWith(server, first), { status: 200 });
    } finally {
      await server.stop();
    }
  });

  test('fail/`keys` refuses a directory with no Anchorage data in it, and creates nothing there', () => {
    const empty = mkdtempSync(join(tmpdir(), 'anchorage-keys-'));
    for (const sub of ['list', 'rotate', 'rotate-data-key']) {
      const r = keys([sub, '--data-dir', empty]);
      assert.equal(r.code, 2, r.out);
      assert.match(r.stderr, /no data key in .*is --data-dir the server's data directory\?/);
      assert.deepEqual(readdirSync(empty), []);
    }
    const unknown = keys(['rotate', '--data-dir', empty, '--port', '1']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown flag: --port/);
  });
});

describe('data-key rotation on SQLite (key in the data directory)', () => {
  test('ok/`keys rotate-data-key`: every CA, access key and session survives; the old key opens nothing in the database files', async () => {
    const first = await startServer();
    const workload = await prepareWorkload(first);
    const admin = readFileSync(first.credentialsFile, 'utf8');
    assert.equal(await first.stop(), 0);
    const oldKey = Buffer.from(readKey(first.dataDir), 'base64');

    const rotated = keys(['rotate-data-key', '--data-dir', first.dataDir]);
    assert.equal(rotated.code, 0, rotated.out);
    assert.match(rotated.stdout, /secret access key: 1 sealed, 1 re-sealed/);
    assert.match(rotated.stdout, /CA private key: 2 sealed, 2 re-sealed/);
    const newKey = Buffer.from(readKey(first.dataDir), 'base64');
    assert.notDeepEqual(newKey, oldKey);
    assert.equal(existsSync(join(first.dataDir, 'data.key.next')), false);
    for (const form of [...keyForms(oldKey), ...keyForms(newKey)])
      assert.equal(rotated.out.includes(form), false);

    const store = await openSqliteStore(join(first.dataDir, 'anchorage.db'));
    assert.ok((await assertSealedUnder(store, newKey, oldKey)) >= 4);
    await store.close();
    await assertOldKeyOpensNothingInFiles(first.dataDir, oldKey);

    const second = await startServer({ dataDir: first.dataDir });
    try {
      assert.equal(readFileSync(second.credentialsFile, 'utf8'), admin, 'the admin key is the same key');
      await assertEverythingWorks(second, workload);
    } finally {
      await second.stop();
    }
  });

  test('ok/a rotation stopped after any step leaves a server that starts and works; running it again finishes', async () => {
    const first = await startServer();
    const workload = await prepareWorkload(first);
    assert.equal(await first.stop(), 0);
    const dataDir = first.dataDir;
    const k1 = Buffer.from(readKey(dataDir), 'base64');
    const k2 = randomBytes(32);
    const reseal = async (kinds: readonly string[]) => {
      const store = await openSqliteStore(join(dataDir, 'anchorage.db'));
      const from = createSecretBox(k1);
      const to = createSecretBox(k2);
      for (const s of await storedSecrets(store)) {
        if (!kinds.includes(s.kind) || !opens(from, s.sealed, s.associatedData)) continue;
        const resealed = to.seal(from.open(s.sealed, s.associatedData), s.associatedData);
        if (s.kind === 'CA private key')
          await store.certificateAuthorities.update(s.id, (r) => ({ ...r, sealedPrivateKey: resealed }));
        else if (s.kind === 'session-token key')
          await store.tokenKeys.update(s.id, (r) => ({ ...r, sealedKey: resealed }));
        else await store.accessKeys.update(s.id, (r) => ({ ...r, sealedSecret: resealed }));
      }
      await store.close();
    };
    const startAndCheck = async () => {
      const server = await startServer({ dataDir });
      try {
        await assertEverythingWorks(server, workload);
      } finally {
        assert.equal(await server.stop(), 0);
      }
    };

    // Stopped after step 1: the next key is written, nothing re-sealed yet.
    writeFileSync(join(dataDir, 'data.key.next'), `${k2.toString('base64')}\n`, { mode: 0o600 });
    await startAndCheck();
    // Stopped half-way through step 2: the CA keys are re-sealed, the others not.
    await reseal(['CA private key']);
    await startAndCheck();
    // Stopped before the switch: everything re-sealed, data.key still the old key.
    await reseal(['CA private key', 'session-token key', 'secret access key']);
    await startAndCheck();

    const resumed = keys(['rotate-data-key', '--data-dir', dataDir]);
    assert.equal(resumed.code, 0, resumed.out);
    assert.match(resumed.stdout, /re-sealing under the next data key/);
    assert.deepEqual(
      Buffer.from(readKey(dataDir), 'base64'),
      k2,
      'the next key written first is the one kept',
    );
    assert.equal(existsSync(join(dataDir, 'data.key.next')), false);
    const store = await openSqliteStore(join(dataDir, 'anchorage.db'));
    await assertSealedUnder(store, k2, k1);
    await store.close();
    await assertOldKeyOpensNothingInFiles(dataDir, k1);
    await startAndCheck();
  });
});

// Under CI, PostgreSQL must be there: this fails rather than skips.
const skipPostgres = await postgresSkip();

describe('key rotation on PostgreSQL (keys in the environment)', { skip: skipPostgres }, () => {
  const schema = `anchorage_keys_${randomBytes(4).toString('hex')}`;
  const url = `${DATABASE}?schema=${schema}`;
  after(async () => {
    await dropSchemas(schema);
  });

  test('ok/with ANCHORAGE_DATA_KEY_NEXT, rotate-data-key re-seals every row; the server then runs on the new key alone and takes a token-key rotation at once', async () => {
    const k1 = randomBytes(32);
    const k2 = randomBytes(32);
    const dataDir = mkdtempSync(join(tmpdir(), 'anchorage-keys-pg-'));
    const args = ['--database-url', url];
    const first = await startServer({ dataDir, args, env: { ANCHORAGE_DATA_KEY: k1.toString('base64') } });
    const workload = await prepareWorkload(first);
    assert.equal(await first.stop(), 0);
    const pgStore = await openPostgresStore(DATABASE, { schema });
    try {
      const sealedBefore = (await storedSecrets(pgStore)).map((s) => s.sealed);

      // Refused: with keys in the environment the new key must be given, not made up here.
      const refused = keys(['rotate-data-key', '--data-dir', dataDir, ...args], {
        ANCHORAGE_DATA_KEY: k1.toString('base64'),
      });
      assert.equal(refused.code, 2, refused.out);
      assert.match(refused.stderr, /set ANCHORAGE_DATA_KEY_NEXT to the new data key/);
      assert.deepEqual(
        (await storedSecrets(pgStore)).map((s) => s.sealed),
        sealedBefore,
        'nothing changed',
      );

      const rotated = keys(['rotate-data-key', '--data-dir', dataDir, ...args], {
        ANCHORAGE_DATA_KEY: k1.toString('base64'),
        ANCHORAGE_DATA_KEY_NEXT: k2.toString('base64'),
      });
      assert.equal(rotated.code, 0, rotated.out);
      assert.match(rotated.stdout, /set ANCHORAGE_DATA_KEY to that value, remove ANCHORAGE_DATA_KEY_NEXT/);
      for (const form of [...keyForms(k1), ...keyForms(k2)]) assert.equal(rotated.out.includes(form), false);
      assert.ok((await assertSealedUnder(pgStore, k2, k1)) >= 4);
    } finally {
      await pgStore.close();
    }

    const second = await startServer({ dataDir, args, env: { ANCHORAGE_DATA_KEY: k2.toString('base64') } });
    try {
      await assertEverythingWorks(second, workload);
      // The token key ring lives in the database: a rotation made by the command reaches the server.
      const rotated = keys(['rotate', '--data-dir', dataDir, ...args], {
        ANCHORAGE_DATA_KEY: k2.toString('base64'),
      });
      assert.equal(rotated.code, 0, rotated.out);
      const newKeyId = /session-token key (\S+) is now current/.exec(rotated.stdout)?.[1];
      const leaf = await issueWorkload(second, workload.caArns[0] ?? '');
      let session = await mintSession(second, workload.setup, leaf);
      for (let i = 0; i < 50 && sessionTokenKeyId(session.sessionToken) !== newKeyId; i++) {
        await new Promise((r) => setTimeout(r, 100));
        session = await mintSession(second, workload.setup, leaf);
      }
      assert.equal(sessionTokenKeyId(session.sessionToken), newKeyId);
      assert.deepEqual(await getRoleWith(second, workload.credentials), { status: 200 });
    } finally {
      await second.stop();
    }
  });

  test('fail/after the switch a server given only the old key refuses to start; on the new key it works', async () => {
    const k1 = randomBytes(32);
    const k2 = randomBytes(32);
    const dataDir = mkdtempSync(join(tmpdir(), 'anchorage-keys-pg-'));
    const ownSchema = `${schema}_old`;
    const args = ['--database-url', `${DATABASE}?schema=${ownSchema}`];
    try {
      const first = await startServer({ dataDir, args, env: { ANCHORAGE_DATA_KEY: k1.toString('base64') } });
      const { arn } = await createActiveCa(first);
      assert.equal(await first.stop(), 0);
      const rotated = keys(['rotate-data-key', '--data-dir', dataDir, ...args], {
        ANCHORAGE_DATA_KEY: k1.toString('base64'),
        ANCHORAGE_DATA_KEY_NEXT: k2.toString('base64'),
      });
      assert.equal(rotated.code, 0, rotated.out);
      // Started on the old key, the server cannot open its token keys: it refuses to start
      // rather than serve with secrets it cannot read.
      await assert.rejects(
        startServer({ dataDir, args, env: { ANCHORAGE_DATA_KEY: k1.toString('base64') } }),
        /exited with 1 before listening/,
      );
      const ok = await startServer({ dataDir, args, env: { ANCHORAGE_DATA_KEY: k2.toString('base64') } });
      try {
        await issueWorkload(ok, arn);
      } finally {
        await ok.stop();
      }
    } finally {
      await dropSchemas(ownSchema);
    }
  });
});
