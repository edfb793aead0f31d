/**
 * Several servers on one PostgreSQL database (issue 8): a configuration change made through one
 * is seen by the other at once; credentials minted by one (CreateSession, then AssumeRole) are
 * accepted by the other, through the key ring they share in the database.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { aws } from './support/aws-cli.ts';
import { issue } from './support/certificates.ts';
import { createSession } from './support/create-session-client.ts';
import { dropSchemas, postgresSkip, TEST_DATABASE_URL } from './support/postgres.ts';
import { control, setUpRolesAnywhere } from './support/roles-anywhere-setup.ts';
import { type ServerProcess, startServer } from './support/server-process.ts';

const DATABASE = TEST_DATABASE_URL;
const schema = `anchorage_servers_${randomBytes(4).toString('hex')}`;

// Under CI, PostgreSQL must be there: this fails rather than skips.
const skip = await postgresSkip();

describe('two servers on one PostgreSQL database', { skip }, () => {
  let a: ServerProcess;
  let b: ServerProcess;
  before(async () => {
    const env = { ANCHORAGE_DATA_KEY: randomBytes(32).toString('base64') };
    const url = `${DATABASE}?schema=${schema}`;
    a = await startServer({ args: ['--database-url', url], env });
    b = await startServer({ args: ['--database-url', url], env });
  });
  after(async () => {
    await a?.stop();
    await b?.stop();
    await dropSchemas(schema);
  });

  test('ok/a trust anchor made through one server is listed and used by the other at once', async () => {
    const root = issue({ subject: [['CN', 'PG Root']], ca: true, keyType: 'p256' });
    const leaf = issue({ subject: [['CN', 'pg-workload']], issuer: root, keyType: 'p256' });
    const setup = await setUpRolesAnywhere(a, root.pem);
    const listed = (await control(b, 'GET', '/trustanchors')).trustAnchors as Array<{
      trustAnchorArn: string;
    }>;
    assert.ok(listed.some((t) => t.trustAnchorArn === setup.trustAnchorArn));
    // A session from server B, on the configuration server A wrote.
    const session = await createSession({
      endpoint: b.url,
      arns: setup,
      certificate: leaf.der,
      privateKey: leaf.privateKey,
      serial: leaf.serial,
    });
    assert.equal(session.status, 201, JSON.stringify(session.json));
    const credentials =
      (session.json.credentialSet as Array<{ credentials: Record<string, string> }>)[0]?.credentials ?? {};
    // …verified by server A, which never saw the session being made.
    const identity = await aws(a, ['sts', 'get-caller-identity'], {
      AWS_ACCESS_KEY_ID: credentials.accessKeyId ?? '',
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey ?? '',
      AWS_SESSION_TOKEN: credentials.sessionToken ?? '',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    });
    assert.equal(identity.exitCode, 0, identity.stderr);
    assert.match(
      String((identity.json as { Arn: string }).Arn),
      /^arn:aws:sts::000000000000:assumed-role\/Workload\//,
    );

    // Disabling the anchor through B refuses the next CreateSession on A.
    await control(b, 'POST', `/trustanchor/${setup.trustAnchorId}/disable`);
    const refused = await createSession({
      endpoint: a.url,
      arns: setup,
      certificate: leaf.der,
      privateKey: leaf.privateKey,
      serial: leaf.serial,
    });
    assert.equal(refused.status, 403);
  });

  test('ok/concurrent CreateSession calls through both servers lose no subject update', async () => {
    const root = issue({ subject: [['CN', 'PG Concurrent Root']], ca: true, keyType: 'p256' });
    const setup = await setUpRolesAnywhere(a, root.pem, { roleName: 'Concurrent' });
    // Eight certificates of one subject: each sighting must end up in the one subject record.
    const leaves = Array.from({ length: 8 }, () =>
      issue({
        subject: [
          ['O', 'Anchorage Test'],
          ['CN', 'shared-subject'],
        ],
        issuer: root,
        keyType: 'p256',
      }),
    );
    const results = await Promise.all(
      leaves.map((leaf, i) =>
        createSession({
          endpoint: (i % 2 === 0 ? a : b).url,
          arns: setup,
          certificate: leaf.der,
          privateKey: leaf.privateKey,
          serial: leaf.serial,
        }),
      ),
    );
    for (const result of results) assert.equal(result.status, 201, JSON.stringify(result.json));
    const subjectId = String(results[0]?.json.subjectArn).split('/').pop() ?? '';
    // Sightings are buffered up to 250 ms per server.
    let serials: string[] = [];
    for (let attempt = 0; attempt < 20 && serials.length < leaves.length; attempt++) {
      await new Promise((r) => setTimeout(r, 250));
      const subject = (await control(b, 'GET', `/subject/${subjectId}`)).subject as {
        credentials: { serialNumber: string }[];
      };
      serials = subject.credentials.map((c) => c.serialNumber);
    }
    const canonical = (hex: string) => hex.replace(/^0+/, '').toUpperCase();
    assert.deepEqual(
      serials.map(canonical).sort(),
      leaves.map((l) => canonical(l.serial.toString(16))).sort(),
    );
  });
});
