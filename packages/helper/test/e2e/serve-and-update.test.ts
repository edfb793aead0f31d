/**
 * `anchorage serve` and `anchorage update` against a running Anchorage: boto3 takes credentials
 * from the IMDSv2 endpoint, the AWS SDK for JavaScript from the container endpoint, and the AWS
 * CLI from the credentials file `update --once` writes.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  ASSUMED_ROLE,
  type HelperFixture,
  keyFlags,
  REPO,
  runAnchorage,
  runProgram,
  startAnchorage,
  startHelperFixture,
} from '../support/e2e.ts';

let fx: HelperFixture;
before(async () => {
  fx = await startHelperFixture();
});
after(async () => {
  await fx.server.stop();
});

describe('serve', () => {
  test('ok/boto3 gets credentials from the IMDSv2 endpoint, the JS SDK from the container endpoint', async () => {
    const serve = startAnchorage(['serve', ...keyFlags(fx.p256), ...fx.arnFlags, '--port', '0']);
    try {
      const imds =
        (await serve.waitForLine(/^export AWS_EC2_METADATA_SERVICE_ENDPOINT=/)).split('=')[1] ?? '';
      const fullUri =
        (await serve.waitForLine(/^export AWS_CONTAINER_CREDENTIALS_FULL_URI=/)).split('=')[1] ?? '';
      const token = (await serve.waitForLine(/^export AWS_CONTAINER_AUTHORIZATION_TOKEN=/))
        .replace(/^[^=]+=/, '')
        .replace(/^'|'$/g, '');
      assert.match(imds, /^http:\/\/127\.0\.0\.1:\d+\/$/);

      const boto = await runProgram(
        'python3',
        [
          '-c',
          'import sys, boto3\ns = boto3.session.Session()\nc = s.get_credentials()\nprint(c.method)\nprint(s.client("sts", endpoint_url=sys.argv[1], region_name="us-east-1").get_caller_identity()["Arn"])',
          fx.server.url,
        ],
        {
          AWS_EC2_METADATA_SERVICE_ENDPOINT: imds,
          AWS_CONFIG_FILE: '/dev/null',
          AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
        },
      );
      assert.equal(boto.code, 0, boto.stderr);
      const [method, arn] = boto.stdout.trim().split('\n');
      assert.equal(method, 'iam-role', 'boto3 took the credentials from instance metadata');
      assert.match(arn ?? '', ASSUMED_ROLE);

      const script = `
        import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
        const sts = new STSClient({ region: 'us-east-1', endpoint: process.argv[1] });
        const out = await sts.send(new GetCallerIdentityCommand({}));
        console.log(out.Arn);`;
      const sdk = await runProgram(process.execPath, ['--input-type=module', '-e', script, fx.server.url], {
        AWS_CONTAINER_CREDENTIALS_FULL_URI: fullUri,
        AWS_CONTAINER_AUTHORIZATION_TOKEN: token,
        AWS_CONFIG_FILE: '/dev/null',
        AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
        AWS_EC2_METADATA_DISABLED: 'true',
      });
      assert.equal(sdk.code, 0, sdk.stderr);
      assert.match(sdk.stdout.trim(), ASSUMED_ROLE);

      const wrong = await fetch(fullUri, { headers: { Authorization: 'not-the-token-at-all' } });
      assert.equal(wrong.status, 401);
      assert.doesNotMatch(await wrong.text(), /AccessKeyId/);
    } finally {
      assert.equal(await serve.stop(), 0);
    }
  });

  test('ok/binds to an IPv6 address', async () => {
    const serve = startAnchorage([
      'serve',
      ...keyFlags(fx.p256),
      ...fx.arnFlags,
      '--port',
      '0',
      '--address',
      '::1',
    ]);
    try {
      const imds =
        (await serve.waitForLine(/^export AWS_EC2_METADATA_SERVICE_ENDPOINT=/)).split('=')[1] ?? '';
      assert.match(imds, /^http:\/\/\[::1\]:\d+\/$/);
      const token = await fetch(`${imds}latest/api/token`, {
        method: 'PUT',
        headers: { 'x-aws-ec2-metadata-token-ttl-seconds': '60' },
      });
      const role = await fetch(`${imds}latest/meta-data/iam/security-credentials/`, {
        headers: { 'x-aws-ec2-metadata-token': await token.text() },
      });
      assert.equal(await role.text(), 'Workload');
    } finally {
      await serve.stop();
    }
  });
});

describe('update', () => {
  test('ok/update --once writes a credentials file (0600) that the AWS CLI then uses', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'anchorage-update-'));
    const file = join(dir, 'credentials');
    writeFileSync(file, '[keep]\naws_access_key_id = KEEPME\n');
    const run = await runAnchorage(
      ['update', ...keyFlags(fx.p256), ...fx.arnFlags, '--profile', 'ra', '--once'],
      {
        env: { AWS_SHARED_CREDENTIALS_FILE: file },
      },
    );
    assert.equal(run.code, 0, run.stderr);
    const text = readFileSync(file, 'utf8');
    assert.match(
      text,
      /^\[keep\]\naws_access_key_id = KEEPME\n\n\[ra\]\naws_access_key_id = ASIA[A-Z0-9]{16}\naws_secret_access_key = \S+\naws_session_token = \S+\n$/,
    );
    assert.equal(statSync(file).mode & 0o777, 0o600);
    const cli = await runProgram(
      'aws',
      [
        'sts',
        'get-caller-identity',
        '--profile',
        'ra',
        '--endpoint-url',
        fx.server.url,
        '--region',
        'us-east-1',
        '--output',
        'json',
      ],
      { AWS_SHARED_CREDENTIALS_FILE: file, AWS_CONFIG_FILE: '/dev/null' },
      { cwd: REPO },
    );
    assert.equal(cli.code, 0, cli.stderr);
    assert.match((JSON.parse(cli.stdout) as { Arn: string }).Arn, ASSUMED_ROLE);
  });

  test('ok/update without --once writes the file, keeps running to renew it, and stops cleanly on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'anchorage-update-'));
    const file = join(dir, 'credentials');
    const update = startAnchorage(['update', ...keyFlags(fx.p256), ...fx.arnFlags], {
      AWS_SHARED_CREDENTIALS_FILE: file,
    });
    const deadline = Date.now() + 20_000;
    while (!existsSync(file) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.match(readFileSync(file, 'utf8'), /^\[default\]\naws_access_key_id = ASIA/);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(await update.stop(), 0, update.stderr());
  });

  test('fail/update --once exits 1 on a refusal and leaves the file alone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'anchorage-update-'));
    const file = join(dir, 'credentials');
    writeFileSync(file, '[default]\naws_access_key_id = OLD\n');
    const run = await runAnchorage(
      [
        'update',
        ...keyFlags(fx.p256),
        ...fx.arnFlags.map((f) =>
          f === fx.setup.roleArn ? 'arn:aws:iam::000000000000:role/NotInProfile' : f,
        ),
        '--once',
      ],
      { env: { AWS_SHARED_CREDENTIALS_FILE: file } },
    );
    assert.equal(run.code, 1);
    assert.match(run.stderr, /CreateSession refused .*AccessDeniedException/);
    assert.equal(readFileSync(file, 'utf8'), '[default]\naws_access_key_id = OLD\n');
  });
});
