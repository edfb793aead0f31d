/**
 * fromRolesAnywhere against a running Anchorage: the documented example drives
 * @aws-sdk/client-sts from a Node script; in-process, the provider caches, renews ahead of
 * expiry with re-read files, and names AWS's regional endpoint when none is given.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { issue } from '../../../server/test/support/certificates.ts';
import { fromRolesAnywhere } from '../../src/index.ts';
import {
  ASSUMED_ROLE,
  type HelperFixture,
  REPO,
  runProgram,
  startHelperFixture,
  writeWorkload,
} from '../support/e2e.ts';

let fx: HelperFixture;
before(async () => {
  fx = await startHelperFixture();
});
after(async () => {
  await fx.server.stop();
});

describe('fromRolesAnywhere', () => {
  test('ok/the README example drives @aws-sdk/client-sts from a Node script', async () => {
    const run = await runProgram(
      process.execPath,
      [join(REPO, 'examples/sdk-provider/get-caller-identity.ts')],
      {
        ANCHORAGE_CERTIFICATE: fx.p256.certFile,
        ANCHORAGE_PRIVATE_KEY: fx.p256.keyFile,
        ANCHORAGE_INTERMEDIATES: fx.p256.chainFile,
        ANCHORAGE_TRUST_ANCHOR_ARN: fx.setup.trustAnchorArn,
        ANCHORAGE_PROFILE_ARN: fx.setup.profileArn,
        ANCHORAGE_ROLE_ARN: fx.setup.roleArn,
        ANCHORAGE_ENDPOINT: fx.server.url,
        AWS_CONFIG_FILE: '/dev/null',
        AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      },
    );
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout.trim(), ASSUMED_ROLE);
  });

  test('ok/cached until the refresh time, then renewed with the rotated certificate file; one CreateSession per renewal', async () => {
    let clock = Date.now();
    const workload = writeWorkload(
      fx.dir,
      'sdk-rotating',
      issue({ subject: [['CN', 'sdk-1']], issuer: fx.roots.rsa, keyType: 'rsa2048' }),
      [],
    );
    const provider = fromRolesAnywhere({
      certificate: { path: workload.certFile },
      privateKey: { path: workload.keyFile },
      trustAnchorArn: fx.setup.trustAnchorArn,
      profileArn: fx.setup.profileArn,
      roleArn: fx.setup.roleArn,
      endpoint: fx.server.url,
      now: () => clock,
    });
    const sts = new STSClient({ region: 'us-east-1', endpoint: fx.server.url, credentials: provider });
    const before = fx.createSessionCount();
    const results = await Promise.all(Array.from({ length: 5 }, () => provider()));
    assert.equal(new Set(results.map((r) => r.accessKeyId)).size, 1);
    assert.ok(results[0]?.expiration instanceof Date);
    assert.equal(results[0]?.accountId, '000000000000');
    assert.match((await sts.send(new GetCallerIdentityCommand({}))).Arn ?? '', ASSUMED_ROLE);
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(fx.createSessionCount() - before, 1);

    writeWorkload(
      fx.dir,
      'sdk-rotating',
      issue({ subject: [['CN', 'sdk-2']], issuer: fx.roots.rsa, keyType: 'rsa2048' }),
      [],
    );
    clock += 46 * 60_000; // past the refresh time of a one-hour session
    const renewed = await provider();
    assert.notEqual(renewed.accessKeyId, results[0]?.accessKeyId);
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(fx.createSessionCount() - before, 2);
    const last = fx.server.logs.filter((l) => l.path === '/sessions' && l.status === 201).at(-1);
    assert.match(JSON.stringify(last), /sdk-2/, 'the renewal used the rotated certificate');
  });

  test('fail/a refusal rejects with the server message and request id; no credentials', async () => {
    const provider = fromRolesAnywhere({
      certificate: fx.p256.identity.pem,
      privateKey: fx.p256.identity.privateKey,
      // no intermediates: the leaf does not chain to the anchor's root on its own
      trustAnchorArn: fx.setup.trustAnchorArn,
      profileArn: fx.setup.profileArn,
      roleArn: fx.setup.roleArn,
      endpoint: fx.server.url,
    });
    await assert.rejects(
      provider(),
      /CreateSession refused .*request id [\w-]+\): AccessDeniedException: Untrusted Signing Certificate/,
    );
  });

  test("ok/without an endpoint it calls AWS's regional Roles Anywhere endpoint (unreachable from this sandbox)", async () => {
    const provider = fromRolesAnywhere({
      certificate: fx.p256.identity.pem,
      privateKey: fx.p256.identity.privateKey,
      trustAnchorArn: fx.setup.trustAnchorArn,
      profileArn: fx.setup.profileArn,
      roleArn: fx.setup.roleArn,
    });
    await assert.rejects(
      provider(),
      /cannot reach https:\/\/rolesanywhere\.us-east-1\.amazonaws\.com for CreateSession/,
    );
  });
});
