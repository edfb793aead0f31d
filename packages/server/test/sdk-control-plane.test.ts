/**
 * Drives the control plane through @aws-sdk/client-rolesanywhere (every operation that client
 * version has) and, for the four operations it predates, through requests signed by the SDK's
 * own SigV4 signer. The client must parse every response and map every error to its class.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openSqliteStore } from '@anchorage/store/sqlite/sqlite-store';
import {
  CreateProfileCommand,
  CreateTrustAnchorCommand,
  DeleteCrlCommand,
  DeleteProfileCommand,
  DeleteTrustAnchorCommand,
  DisableCrlCommand,
  DisableProfileCommand,
  DisableTrustAnchorCommand,
  EnableCrlCommand,
  EnableProfileCommand,
  EnableTrustAnchorCommand,
  GetCrlCommand,
  GetProfileCommand,
  GetSubjectCommand,
  GetTrustAnchorCommand,
  ImportCrlCommand,
  ListCrlsCommand,
  ListSubjectsCommand,
  ListTagsForResourceCommand,
  ListTrustAnchorsCommand,
  paginateListProfiles,
  ResourceNotFoundException,
  RolesAnywhereClient,
  TagResourceCommand,
  TooManyTagsException,
  UntagResourceCommand,
  UpdateCrlCommand,
  UpdateProfileCommand,
  UpdateTrustAnchorCommand,
  ValidationException,
} from '@aws-sdk/client-rolesanywhere';
import { type AccessKey, readAdminCredentials } from './support/admin-credentials.ts';
import { makeCa, makeCrl, type TestCa } from './support/pki.ts';
import { sdkSignedFetch } from './support/sdk-signed-fetch.ts';
import { seedSubject } from './support/seed.ts';
import { newDataDir, type ServerProcess, startServer } from './support/server-process.ts';

const ACCOUNT = '000000000000';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/sdk-role`;
const MISSING = '00000000-0000-4000-8000-000000000000';

async function rejectsWith(
  promise: Promise<unknown>,
  errorClass: new (...args: never[]) => Error,
  status: number,
): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof errorClass, `expected ${errorClass.name}, got ${String(error)}`);
    assert.equal(
      (error as unknown as { $metadata: { httpStatusCode: number } }).$metadata.httpStatusCode,
      status,
    );
    return true;
  });
}

describe('AWS SDK for JavaScript against the control plane', () => {
  let server: ServerProcess;
  let client: RolesAnywhereClient;
  let credentials: AccessKey;
  let ca: TestCa;
  let subjectId: string;

  before(async () => {
    const dataDir = newDataDir();
    const store = await openSqliteStore(join(dataDir, 'anchorage.db'));
    subjectId = await seedSubject(store, ACCOUNT);
    await store.close();
    server = await startServer({ dataDir });
    credentials = readAdminCredentials(server.credentialsFile);
    client = new RolesAnywhereClient({
      endpoint: server.url,
      region: 'us-east-1',
      credentials,
      maxAttempts: 1,
    });
    ca = makeCa('SDK Root');
  });

  after(async () => {
    client?.destroy();
    await server?.stop();
  });

  test('ok/the full trust-anchor, profile, CRL, subject and tag lifecycle', async () => {
    const created = await client.send(
      new CreateTrustAnchorCommand({
        name: 'sdk-anchor',
        enabled: true,
        source: { sourceType: 'CERTIFICATE_BUNDLE', sourceData: { x509CertificateData: ca.certPem } },
        tags: [{ key: 'team', value: 'sdk' }],
      }),
    );
    assert.equal(created.$metadata.httpStatusCode, 201);
    assert.ok(created.$metadata.requestId, 'x-amzn-RequestId is returned');
    const anchor = created.trustAnchor;
    assert.ok(anchor?.trustAnchorId && anchor.trustAnchorArn);
    assert.ok(anchor.createdAt instanceof Date, 'timestamps parse as dates');
    const trustAnchorId = anchor.trustAnchorId;
    const trustAnchorArn = anchor.trustAnchorArn;

    assert.equal(
      (await client.send(new GetTrustAnchorCommand({ trustAnchorId }))).trustAnchor?.name,
      'sdk-anchor',
    );
    assert.equal(
      (await client.send(new UpdateTrustAnchorCommand({ trustAnchorId, name: 'sdk-anchor-2' }))).trustAnchor
        ?.name,
      'sdk-anchor-2',
    );
    assert.equal(
      (await client.send(new DisableTrustAnchorCommand({ trustAnchorId }))).trustAnchor?.enabled,
      false,
    );
    assert.equal(
      (await client.send(new EnableTrustAnchorCommand({ trustAnchorId }))).trustAnchor?.enabled,
      true,
    );
    assert.equal((await client.send(new ListTrustAnchorsCommand({}))).trustAnchors?.length, 1);

    const profileOut = await client.send(
      new CreateProfileCommand({ name: 'sdk-profile', roleArns: [ROLE], durationSeconds: 1800 }),
    );
    assert.equal(profileOut.$metadata.httpStatusCode, 201);
    const profileId = profileOut.profile?.profileId ?? '';
    const profileArn = profileOut.profile?.profileArn ?? '';
    assert.equal(profileOut.profile?.durationSeconds, 1800);
    assert.equal((await client.send(new GetProfileCommand({ profileId }))).profile?.name, 'sdk-profile');
    assert.equal(
      (await client.send(new UpdateProfileCommand({ profileId, durationSeconds: 7200 }))).profile
        ?.durationSeconds,
      7200,
    );
    assert.equal((await client.send(new EnableProfileCommand({ profileId }))).profile?.enabled, true);
    assert.equal((await client.send(new DisableProfileCommand({ profileId }))).profile?.enabled, false);

    const crlOut = await client.send(
      new ImportCrlCommand({ name: 'sdk-crl', crlData: makeCrl(ca, ['05']).der, trustAnchorArn }),
    );
    assert.equal(crlOut.$metadata.httpStatusCode, 201);
    const crlId = crlOut.crl?.crlId ?? '';
    const crlArn = crlOut.crl?.crlArn ?? '';
    assert.ok(crlOut.crl?.crlData instanceof Uint8Array, 'crlData parses as a blob');
    assert.equal((await client.send(new GetCrlCommand({ crlId }))).crl?.name, 'sdk-crl');
    assert.equal(
      (await client.send(new UpdateCrlCommand({ crlId, name: 'sdk-crl-2' }))).crl?.name,
      'sdk-crl-2',
    );
    assert.equal((await client.send(new EnableCrlCommand({ crlId }))).crl?.enabled, true);
    assert.equal((await client.send(new DisableCrlCommand({ crlId }))).crl?.enabled, false);
    assert.equal((await client.send(new ListCrlsCommand({}))).crls?.length, 1);

    const subjects = await client.send(new ListSubjectsCommand({}));
    assert.equal(subjects.subjects?.[0]?.subjectId, subjectId);
    assert.ok(subjects.subjects?.[0]?.lastSeenAt instanceof Date);
    const subject = await client.send(new GetSubjectCommand({ subjectId }));
    assert.equal(subject.subject?.credentials?.[0]?.serialNumber, '0123456789ABCDEF');
    assert.equal(subject.subject?.instanceProperties?.[0]?.properties?.hostname, 'host-1');

    for (const resourceArn of [trustAnchorArn, profileArn, crlArn]) {
      const tagged = await client.send(
        new TagResourceCommand({ resourceArn, tags: [{ key: 'k', value: 'v' }] }),
      );
      assert.equal(tagged.$metadata.httpStatusCode, 201);
      const tags = await client.send(new ListTagsForResourceCommand({ resourceArn }));
      assert.ok(tags.tags?.some((t) => t.key === 'k' && t.value === 'v'));
      await client.send(new UntagResourceCommand({ resourceArn, tagKeys: ['k'] }));
      assert.ok(
        !(await client.send(new ListTagsForResourceCommand({ resourceArn }))).tags?.some(
          (t) => t.key === 'k',
        ),
      );
    }

    assert.equal((await client.send(new DeleteCrlCommand({ crlId }))).crl?.crlId, crlId);
    assert.equal((await client.send(new DeleteProfileCommand({ profileId }))).profile?.profileId, profileId);
    assert.equal(
      (await client.send(new DeleteTrustAnchorCommand({ trustAnchorId }))).trustAnchor?.trustAnchorId,
      trustAnchorId,
    );
  });

  test('ok/the SDK paginator walks every page of ListProfiles', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const out = await client.send(new CreateProfileCommand({ name: `paged-${i}`, roleArns: [ROLE] }));
      ids.push(out.profile?.profileId ?? '');
    }
    const seen: string[] = [];
    let pages = 0;
    for await (const page of paginateListProfiles({ client, pageSize: 2 }, { pageSize: 2 })) {
      pages++;
      for (const p of page.profiles ?? []) seen.push(p.profileId ?? '');
    }
    assert.equal(pages, 3);
    assert.deepEqual(seen, ids);
  });

  test('fail/errors map to the SDK exception classes with their HTTP statuses', async () => {
    await rejectsWith(
      client.send(new GetTrustAnchorCommand({ trustAnchorId: MISSING })),
      ResourceNotFoundException,
      404,
    );
    await rejectsWith(
      client.send(new GetProfileCommand({ profileId: MISSING })),
      ResourceNotFoundException,
      404,
    );
    await rejectsWith(client.send(new GetCrlCommand({ crlId: MISSING })), ResourceNotFoundException, 404);
    await rejectsWith(
      client.send(new GetSubjectCommand({ subjectId: MISSING })),
      ResourceNotFoundException,
      404,
    );
    await rejectsWith(
      client.send(new CreateProfileCommand({ name: 'x', roleArns: [ROLE], durationSeconds: 10 })),
      ValidationException,
      400,
    );
    await rejectsWith(
      client.send(
        new CreateTrustAnchorCommand({
          name: 'x',
          source: { sourceType: 'CERTIFICATE_BUNDLE', sourceData: { x509CertificateData: 'garbage' } },
        }),
      ),
      ValidationException,
      400,
    );
    const profile = await client.send(new CreateProfileCommand({ name: 'tags', roleArns: [ROLE] }));
    await rejectsWith(
      client.send(
        new TagResourceCommand({
          resourceArn: profile.profile?.profileArn ?? '',
          tags: Array.from({ length: 51 }, (_, i) => ({ key: `k${i}`, value: 'v' })),
        }),
      ),
      TooManyTagsException,
      400,
    );
  });

  test('ok/the four operations newer than the SDK client, signed by the SDK signer', async () => {
    const anchor = await client.send(
      new CreateTrustAnchorCommand({
        name: 'notif',
        source: { sourceType: 'CERTIFICATE_BUNDLE', sourceData: { x509CertificateData: ca.certPem } },
      }),
    );
    const trustAnchorId = anchor.trustAnchor?.trustAnchorId ?? '';
    const put = await sdkSignedFetch(server.url, credentials, 'PATCH', '/put-notifications-settings', {
      body: {
        trustAnchorId,
        notificationSettings: [{ enabled: true, event: 'CA_CERTIFICATE_EXPIRY', threshold: 10 }],
      },
    });
    assert.equal(put.status, 200);
    const settings = (put.json.trustAnchor as Record<string, unknown>).notificationSettings as Record<
      string,
      unknown
    >[];
    assert.equal(settings[0]?.threshold, 10);
    const reset = await sdkSignedFetch(server.url, credentials, 'PATCH', '/reset-notifications-settings', {
      body: { trustAnchorId, notificationSettingKeys: [{ event: 'CA_CERTIFICATE_EXPIRY' }] },
    });
    assert.equal(reset.status, 200);
    const restored = (reset.json.trustAnchor as Record<string, unknown>).notificationSettings as Record<
      string,
      unknown
    >[];
    assert.equal(restored[0]?.threshold, 45);

    const profile = await client.send(new CreateProfileCommand({ name: 'mapping', roleArns: [ROLE] }));
    const profileId = profile.profile?.profileId ?? '';
    const mapped = await sdkSignedFetch(server.url, credentials, 'PUT', `/profiles/${profileId}/mappings`, {
      body: { certificateField: 'x509Issuer', mappingRules: [{ specifier: 'CN' }] },
    });
    assert.equal(mapped.status, 200);
    const removed = await sdkSignedFetch(
      server.url,
      credentials,
      'DELETE',
      `/profiles/${profileId}/mappings`,
      {
        query: { certificateField: 'x509SAN', specifiers: ['DNS', 'URI'] },
      },
    );
    assert.equal(removed.status, 200);
    const mappings = (removed.json.profile as Record<string, unknown>).attributeMappings;
    assert.deepEqual(mappings, [
      { certificateField: 'x509SAN', mappingRules: [{ specifier: 'Name/*' }] },
      { certificateField: 'x509Subject', mappingRules: [{ specifier: '*' }] },
      { certificateField: 'x509Issuer', mappingRules: [{ specifier: 'CN' }] },
    ]);
    const missing = await sdkSignedFetch(server.url, credentials, 'PUT', `/profiles/${MISSING}/mappings`, {
      body: { certificateField: 'x509Issuer', mappingRules: [{ specifier: 'CN' }] },
    });
    assert.equal(missing.status, 404);
    assert.equal(missing.headers.get('x-amzn-errortype'), 'ResourceNotFoundException');
  });
});
