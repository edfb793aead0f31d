/**
 * Drives every one of the 30 control-plane operations through the real AWS CLI (botocore)
 * against a real server process: success paths with the exact wire members, and the refusals
 * with their AWS error codes.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openSqliteStore } from '@anchorage/store/sqlite/sqlite-store';
import { aws, fails, ok, withoutClientValidation } from './support/aws-cli.ts';
import { makeCa, makeCrl, type TestCa } from './support/pki.ts';
import { seedSubject } from './support/seed.ts';
import { newDataDir, type ServerProcess, startServer } from './support/server-process.ts';

const ACCOUNT = '000000000000';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/workload`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

describe('AWS CLI against the control plane', () => {
  let server: ServerProcess;
  let ca: TestCa;
  let otherCa: TestCa;
  let subjectId: string;
  const files: Record<string, string> = {};
  let trustAnchorId = '';
  let trustAnchorArn = '';
  let profileId = '';
  let profileArn = '';
  let crlId = '';
  let crlArn = '';

  before(async () => {
    ca = makeCa('Anchorage Test Root');
    otherCa = makeCa('Unrelated Root');
    const dataDir = newDataDir();
    // Subjects are created by CreateSession; seed one through the store so GetSubject has something to read.
    const store = await openSqliteStore(join(dataDir, 'anchorage.db'));
    subjectId = await seedSubject(store, ACCOUNT);
    await store.close();
    server = await startServer({ dataDir });
    const crl = makeCrl(ca, ['0A', '1B']);
    files.crlPem = join(ca.dir, 'crl.pem');
    files.crlDer = join(ca.dir, 'crl.der');
    files.otherCrl = join(otherCa.dir, 'crl.pem');
    makeCrl(otherCa, ['01']);
    assert.ok(crl.pem.startsWith('-----BEGIN X509 CRL-----'));
    files.sourceJson = join(ca.dir, 'source.json');
    writeFileSync(
      files.sourceJson,
      JSON.stringify({ sourceType: 'CERTIFICATE_BUNDLE', sourceData: { x509CertificateData: ca.certPem } }),
    );
    files.otherSourceJson = join(otherCa.dir, 'source.json');
    writeFileSync(
      files.otherSourceJson,
      JSON.stringify({
        sourceType: 'CERTIFICATE_BUNDLE',
        sourceData: { x509CertificateData: otherCa.certPem },
      }),
    );
  });

  after(async () => {
    await server?.stop();
  });

  test('ok/CreateTrustAnchor returns the detail with defaults, tags and custom notification settings', async () => {
    const out = ok(
      await aws(server, [
        'rolesanywhere',
        'create-trust-anchor',
        '--name',
        'test anchor_1',
        '--enabled',
        '--source',
        `file://${files.sourceJson}`,
        '--tags',
        'key=team,value=platform',
        'key=env,value=test',
        '--notification-settings',
        'enabled=true,event=CA_CERTIFICATE_EXPIRY,threshold=30',
      ]),
    );
    const anchor = out.trustAnchor as Record<string, unknown>;
    assert.match(String(anchor.trustAnchorId), UUID);
    trustAnchorId = String(anchor.trustAnchorId);
    trustAnchorArn = String(anchor.trustAnchorArn);
    assert.equal(trustAnchorArn, `arn:aws:rolesanywhere:us-east-1:${ACCOUNT}:trust-anchor/${trustAnchorId}`);
    assert.equal(anchor.name, 'test anchor_1');
    assert.equal(anchor.enabled, true);
    assert.match(String(anchor.createdAt), ISO);
    assert.deepEqual(anchor.source, {
      sourceType: 'CERTIFICATE_BUNDLE',
      sourceData: { x509CertificateData: ca.certPem },
    });
    assert.deepEqual(anchor.notificationSettings, [
      { enabled: true, event: 'CA_CERTIFICATE_EXPIRY', threshold: 30, channel: 'ALL', configuredBy: ACCOUNT },
      {
        enabled: true,
        event: 'END_ENTITY_CERTIFICATE_EXPIRY',
        threshold: 45,
        channel: 'ALL',
        configuredBy: 'rolesanywhere.amazonaws.com',
      },
    ]);
  });

  test('fail/CreateTrustAnchor refuses a name outside the pattern, a non-CA bundle and an unknown source type', async () => {
    fails(
      await aws(server, [
        'rolesanywhere',
        'create-trust-anchor',
        '--name',
        'bad/name',
        '--source',
        `file://${files.sourceJson}`,
      ]),
      'ValidationException',
      "at 'name' failed to satisfy constraint",
    );
    const leafSource = join(ca.dir, 'leaf-source.json');
    const notCa = makeCa('Not A CA', {
      ext: 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\n',
    });
    writeFileSync(
      leafSource,
      JSON.stringify({
        sourceType: 'CERTIFICATE_BUNDLE',
        sourceData: { x509CertificateData: notCa.certPem },
      }),
    );
    fails(
      await aws(server, [
        'rolesanywhere',
        'create-trust-anchor',
        '--name',
        'leaf',
        '--source',
        `file://${leafSource}`,
      ]),
      'ValidationException',
      'CA',
    );
    const sha1Ca = makeCa('SHA1 Root', { digest: 'sha1' });
    writeFileSync(
      leafSource,
      JSON.stringify({
        sourceType: 'CERTIFICATE_BUNDLE',
        sourceData: { x509CertificateData: sha1Ca.certPem },
      }),
    );
    fails(
      await aws(server, [
        'rolesanywhere',
        'create-trust-anchor',
        '--name',
        'sha1',
        '--source',
        `file://${leafSource}`,
      ]),
      'ValidationException',
      'SHA',
    );
    writeFileSync(
      leafSource,
      JSON.stringify({ sourceType: 'CERTIFICATE_BUNDLE', sourceData: { x509CertificateData: 'not a pem' } }),
    );
    fails(
      await aws(server, [
        'rolesanywhere',
        'create-trust-anchor',
        '--name',
        'garbage',
        '--source',
        `file://${leafSource}`,
      ]),
      'ValidationException',
    );
    fails(
      await aws(server, [
        'rolesanywhere',
        'create-trust-anchor',
        '--name',
        'pca',
        '--source',
        'sourceType=AWS_ACM_PCA,sourceData={acmPcaArn=not-an-arn}',
      ]),
      'ValidationException',
      'acmPcaArn',
    );
    const listed = ok(await aws(server, ['rolesanywhere', 'list-trust-anchors']));
    assert.equal((listed.trustAnchors as unknown[]).length, 1, 'refused creates must not store anything');
  });

  test('ok/CreateTrustAnchor accepts an AWS_ACM_PCA source with a CA ARN', async () => {
    const arn = `arn:aws:acm-pca:us-east-1:${ACCOUNT}:certificate-authority/11111111-2222-3333-4444-555555555555`;
    const out = ok(
      await aws(server, [
        'rolesanywhere',
        'create-trust-anchor',
        '--name',
        'pca-anchor',
        '--source',
        `sourceType=AWS_ACM_PCA,sourceData={acmPcaArn=${arn}}`,
      ]),
    );
    const anchor = out.trustAnchor as Record<string, unknown>;
    assert.deepEqual(anchor.source, { sourceType: 'AWS_ACM_PCA', sourceData: { acmPcaArn: arn } });
    assert.equal(anchor.enabled, false, 'a trust anchor created without --enabled is disabled');
    ok(
      await aws(server, [
        'rolesanywhere',
        'delete-trust-anchor',
        '--trust-anchor-id',
        String(anchor.trustAnchorId),
      ]),
    );
  });

  test('ok/GetTrustAnchor, UpdateTrustAnchor, DisableTrustAnchor, EnableTrustAnchor', async () => {
    const got = ok(
      await aws(server, ['rolesanywhere', 'get-trust-anchor', '--trust-anchor-id', trustAnchorId]),
    );
    assert.equal((got.trustAnchor as Record<string, unknown>).trustAnchorArn, trustAnchorArn);
    const updated = ok(
      await aws(server, [
        'rolesanywhere',
        'update-trust-anchor',
        '--trust-anchor-id',
        trustAnchorId,
        '--name',
        'renamed',
      ]),
    );
    assert.equal((updated.trustAnchor as Record<string, unknown>).name, 'renamed');
    const disabled = ok(
      await aws(server, ['rolesanywhere', 'disable-trust-anchor', '--trust-anchor-id', trustAnchorId]),
    );
    assert.equal((disabled.trustAnchor as Record<string, unknown>).enabled, false);
    const enabled = ok(
      await aws(server, ['rolesanywhere', 'enable-trust-anchor', '--trust-anchor-id', trustAnchorId]),
    );
    assert.equal((enabled.trustAnchor as Record<string, unknown>).enabled, true);
    const sourceUpdated = ok(
      await aws(server, [
        'rolesanywhere',
        'update-trust-anchor',
        '--trust-anchor-id',
        trustAnchorId,
        '--source',
        `file://${files.sourceJson}`,
      ]),
    );
    assert.equal((sourceUpdated.trustAnchor as Record<string, unknown>).name, 'renamed');
  });

  test('fail/trust-anchor operations on unknown or malformed ids', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    for (const op of [
      'get-trust-anchor',
      'delete-trust-anchor',
      'enable-trust-anchor',
      'disable-trust-anchor',
    ]) {
      fails(
        await aws(server, ['rolesanywhere', op, '--trust-anchor-id', unknown]),
        'ResourceNotFoundException',
      );
    }
    fails(
      await aws(server, [
        'rolesanywhere',
        'update-trust-anchor',
        '--trust-anchor-id',
        unknown,
        '--name',
        'x',
      ]),
      'ResourceNotFoundException',
    );
    fails(
      await aws(server, [
        'rolesanywhere',
        'get-trust-anchor',
        '--trust-anchor-id',
        'ABCDEFGH-0000-4000-8000-000000000000',
      ]),
      'ValidationException',
      'trustAnchorId',
    );
  });

  test('ok/PutNotificationSettings and ResetNotificationSettings', async () => {
    const put = ok(
      await aws(server, [
        'rolesanywhere',
        'put-notification-settings',
        '--trust-anchor-id',
        trustAnchorId,
        '--notification-settings',
        'enabled=false,event=END_ENTITY_CERTIFICATE_EXPIRY',
      ]),
    );
    const settings = (put.trustAnchor as Record<string, unknown>).notificationSettings as Record<
      string,
      unknown
    >[];
    assert.deepEqual(settings[1], {
      enabled: false,
      event: 'END_ENTITY_CERTIFICATE_EXPIRY',
      threshold: 45,
      channel: 'ALL',
      configuredBy: ACCOUNT,
    });
    const reset = ok(
      await aws(server, [
        'rolesanywhere',
        'reset-notification-settings',
        '--trust-anchor-id',
        trustAnchorId,
        '--notification-setting-keys',
        'event=END_ENTITY_CERTIFICATE_EXPIRY',
        'event=CA_CERTIFICATE_EXPIRY,channel=ALL',
      ]),
    );
    const restored = (reset.trustAnchor as Record<string, unknown>).notificationSettings as Record<
      string,
      unknown
    >[];
    assert.deepEqual(
      restored.map((s) => [s.event, s.enabled, s.threshold, s.configuredBy]),
      [
        ['CA_CERTIFICATE_EXPIRY', true, 45, 'rolesanywhere.amazonaws.com'],
        ['END_ENTITY_CERTIFICATE_EXPIRY', true, 45, 'rolesanywhere.amazonaws.com'],
      ],
    );
  });

  test('fail/notification settings: threshold out of range, enabled without threshold, unknown anchor', async () => {
    fails(
      await aws(server, [
        'rolesanywhere',
        'put-notification-settings',
        '--trust-anchor-id',
        trustAnchorId,
        '--notification-settings',
        'enabled=true,event=CA_CERTIFICATE_EXPIRY,threshold=400',
      ]),
      'ValidationException',
      'threshold',
    );
    fails(
      await aws(server, [
        'rolesanywhere',
        'put-notification-settings',
        '--trust-anchor-id',
        trustAnchorId,
        '--notification-settings',
        'enabled=true,event=CA_CERTIFICATE_EXPIRY',
      ]),
      'ValidationException',
      'threshold is required',
    );
    fails(
      await aws(server, [
        'rolesanywhere',
        'reset-notification-settings',
        '--trust-anchor-id',
        '00000000-0000-4000-8000-000000000000',
        '--notification-setting-keys',
        'event=CA_CERTIFICATE_EXPIRY',
      ]),
      'ResourceNotFoundException',
    );
  });

  test('ok/CreateProfile with defaults and attribute mappings; Get/Update/Enable/Disable/List', async () => {
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }],
    });
    const out = ok(
      await aws(server, [
        'rolesanywhere',
        'create-profile',
        '--name',
        'workloads',
        '--role-arns',
        ROLE,
        '--session-policy',
        policy,
        '--managed-policy-arns',
        'arn:aws:iam::aws:policy/ReadOnlyAccess',
        '--tags',
        'key=team,value=platform',
        '--accept-role-session-name',
      ]),
    );
    const profile = out.profile as Record<string, unknown>;
    profileId = String(profile.profileId);
    profileArn = String(profile.profileArn);
    assert.equal(profileArn, `arn:aws:rolesanywhere:us-east-1:${ACCOUNT}:profile/${profileId}`);
    assert.equal(profile.durationSeconds, 3600);
    assert.equal(profile.enabled, false);
    assert.equal(profile.acceptRoleSessionName, true);
    assert.equal(profile.requireInstanceProperties, false);
    assert.equal(profile.sessionPolicy, policy);
    assert.equal(profile.createdBy, `arn:aws:iam::${ACCOUNT}:root`);
    assert.deepEqual(profile.roleArns, [ROLE]);
    assert.deepEqual(profile.attributeMappings, [
      { certificateField: 'x509Issuer', mappingRules: [{ specifier: '*' }] },
      {
        certificateField: 'x509SAN',
        mappingRules: [{ specifier: 'DNS' }, { specifier: 'URI' }, { specifier: 'Name/*' }],
      },
      { certificateField: 'x509Subject', mappingRules: [{ specifier: '*' }] },
    ]);
    const updated = ok(
      await aws(server, [
        'rolesanywhere',
        'update-profile',
        '--profile-id',
        profileId,
        '--duration-seconds',
        '900',
        '--name',
        'workloads-2',
        '--no-accept-role-session-name',
      ]),
    );
    const up = updated.profile as Record<string, unknown>;
    assert.equal(up.durationSeconds, 900);
    assert.equal(up.name, 'workloads-2');
    assert.equal(up.acceptRoleSessionName, false);
    assert.equal(
      (
        ok(await aws(server, ['rolesanywhere', 'enable-profile', '--profile-id', profileId]))
          .profile as Record<string, unknown>
      ).enabled,
      true,
    );
    assert.equal(
      (
        ok(await aws(server, ['rolesanywhere', 'disable-profile', '--profile-id', profileId]))
          .profile as Record<string, unknown>
      ).enabled,
      false,
    );
    const got = ok(await aws(server, ['rolesanywhere', 'get-profile', '--profile-id', profileId]));
    assert.equal((got.profile as Record<string, unknown>).name, 'workloads-2');
    const listed = ok(await aws(server, ['rolesanywhere', 'list-profiles']));
    assert.deepEqual(
      (listed.profiles as Record<string, unknown>[]).map((p) => p.profileId),
      [profileId],
    );
  });

  test('fail/CreateProfile and UpdateProfile refuse bad input and change nothing', async () => {
    fails(
      await aws(
        server,
        ['rolesanywhere', 'create-profile', '--name', 'p', '--role-arns', ROLE, '--duration-seconds', '60'],
        withoutClientValidation(),
      ),
      'ValidationException',
      'durationSeconds',
    );
    fails(
      await aws(server, [
        'rolesanywhere',
        'create-profile',
        '--name',
        'p',
        '--role-arns',
        'arn:aws:s3:::bucket',
      ]),
      'ValidationException',
      'roleArns',
    );
    fails(
      await aws(server, [
        'rolesanywhere',
        'create-profile',
        '--name',
        'p',
        '--role-arns',
        'arn:aws:iam::111111111111:role/other',
      ]),
      'ValidationException',
      'account',
    );
    fails(
      await aws(server, [
        'rolesanywhere',
        'create-profile',
        '--name',
        'p',
        '--role-arns',
        ROLE,
        '--session-policy',
        '{not json',
      ]),
      'ValidationException',
      'sessionPolicy',
    );
    fails(
      await aws(
        server,
        ['rolesanywhere', 'update-profile', '--profile-id', profileId, '--duration-seconds', '50000'],
        withoutClientValidation(),
      ),
      'ValidationException',
    );
    fails(
      await aws(server, [
        'rolesanywhere',
        'update-profile',
        '--profile-id',
        '00000000-0000-4000-8000-000000000000',
        '--name',
        'x',
      ]),
      'ResourceNotFoundException',
    );
    const got = ok(await aws(server, ['rolesanywhere', 'get-profile', '--profile-id', profileId]));
    assert.equal((got.profile as Record<string, unknown>).durationSeconds, 900);
    const listed = ok(await aws(server, ['rolesanywhere', 'list-profiles']));
    assert.equal((listed.profiles as unknown[]).length, 1);
  });

  test('ok/PutAttributeMapping replaces a field; DeleteAttributeMapping removes specifiers or the field', async () => {
    const put = ok(
      await aws(server, [
        'rolesanywhere',
        'put-attribute-mapping',
        '--profile-id',
        profileId,
        '--certificate-field',
        'x509Subject',
        '--mapping-rules',
        'specifier=CN',
        'specifier=OU',
      ]),
    );
    const mappings = (put.profile as Record<string, unknown>).attributeMappings as Record<string, unknown>[];
    assert.deepEqual(
      mappings.find((m) => m.certificateField === 'x509Subject'),
      {
        certificateField: 'x509Subject',
        mappingRules: [{ specifier: 'CN' }, { specifier: 'OU' }],
      },
    );
    const deleted = ok(
      await aws(server, [
        'rolesanywhere',
        'delete-attribute-mapping',
        '--profile-id',
        profileId,
        '--certificate-field',
        'x509SAN',
        '--specifiers',
        'URI',
        'DNS',
      ]),
    );
    const after = (deleted.profile as Record<string, unknown>).attributeMappings as Record<string, unknown>[];
    assert.deepEqual(
      after.find((m) => m.certificateField === 'x509SAN'),
      {
        certificateField: 'x509SAN',
        mappingRules: [{ specifier: 'Name/*' }],
      },
    );
    const whole = ok(
      await aws(server, [
        'rolesanywhere',
        'delete-attribute-mapping',
        '--profile-id',
        profileId,
        '--certificate-field',
        'x509Issuer',
      ]),
    );
    const left = (whole.profile as Record<string, unknown>).attributeMappings as Record<string, unknown>[];
    assert.deepEqual(left.map((m) => m.certificateField).sort(), ['x509SAN', 'x509Subject']);
  });

  test('fail/attribute mappings: unknown field, unknown profile', async () => {
    fails(
      await aws(server, [
        'rolesanywhere',
        'put-attribute-mapping',
        '--profile-id',
        profileId,
        '--certificate-field',
        'x509Serial',
        '--mapping-rules',
        'specifier=CN',
      ]),
      'ValidationException',
      'certificateField',
    );
    fails(
      await aws(server, [
        'rolesanywhere',
        'delete-attribute-mapping',
        '--profile-id',
        '00000000-0000-4000-8000-000000000000',
        '--certificate-field',
        'x509Subject',
      ]),
      'ResourceNotFoundException',
    );
  });

  test('ok/ImportCrl (PEM and DER), GetCrl, UpdateCrl, EnableCrl, DisableCrl, ListCrls', async () => {
    const out = ok(
      await aws(server, [
        'rolesanywhere',
        'import-crl',
        '--name',
        'root-crl',
        '--crl-data',
        `fileb://${files.crlPem}`,
        '--trust-anchor-arn',
        trustAnchorArn,
        '--tags',
        'key=k,value=v',
      ]),
    );
    const crl = out.crl as Record<string, unknown>;
    crlId = String(crl.crlId);
    crlArn = String(crl.crlArn);
    assert.equal(crlArn, `arn:aws:rolesanywhere:us-east-1:${ACCOUNT}:crl/${crlId}`);
    assert.equal(crl.enabled, false);
    assert.equal(crl.trustAnchorArn, trustAnchorArn);
    assert.ok(
      String(crl.crlData).startsWith('LS0tLS1CRUdJTiBYNTA5IENSTC0tLS0t'),
      'crlData echoes the PEM as base64',
    );
    const der = ok(
      await aws(server, [
        'rolesanywhere',
        'import-crl',
        '--name',
        'root-crl-der',
        '--crl-data',
        `fileb://${files.crlDer}`,
        '--trust-anchor-arn',
        trustAnchorArn,
        '--enabled',
      ]),
    );
    const derCrl = der.crl as Record<string, unknown>;
    assert.equal(derCrl.enabled, true);
    assert.equal(
      (
        ok(await aws(server, ['rolesanywhere', 'enable-crl', '--crl-id', crlId])).crl as Record<
          string,
          unknown
        >
      ).enabled,
      true,
    );
    assert.equal(
      (
        ok(await aws(server, ['rolesanywhere', 'disable-crl', '--crl-id', crlId])).crl as Record<
          string,
          unknown
        >
      ).enabled,
      false,
    );
    const renamed = ok(
      await aws(server, [
        'rolesanywhere',
        'update-crl',
        '--crl-id',
        crlId,
        '--name',
        'renamed-crl',
        '--crl-data',
        `fileb://${files.crlDer}`,
      ]),
    );
    assert.equal((renamed.crl as Record<string, unknown>).name, 'renamed-crl');
    assert.equal(
      (ok(await aws(server, ['rolesanywhere', 'get-crl', '--crl-id', crlId])).crl as Record<string, unknown>)
        .name,
      'renamed-crl',
    );
    const listed = ok(await aws(server, ['rolesanywhere', 'list-crls']));
    assert.equal((listed.crls as unknown[]).length, 2);
    ok(await aws(server, ['rolesanywhere', 'delete-crl', '--crl-id', String(derCrl.crlId)]));
  });

  test('fail/ImportCrl refuses a CRL of another CA, garbage, and an unknown trust anchor', async () => {
    fails(
      await aws(server, [
        'rolesanywhere',
        'import-crl',
        '--name',
        'foreign',
        '--crl-data',
        `fileb://${files.otherCrl}`,
        '--trust-anchor-arn',
        trustAnchorArn,
      ]),
      'ValidationException',
      'not signed by a CA certificate of the trust anchor',
    );
    const garbage = join(ca.dir, 'garbage.bin');
    writeFileSync(garbage, Buffer.from('this is not a CRL'));
    fails(
      await aws(server, [
        'rolesanywhere',
        'import-crl',
        '--name',
        'garbage',
        '--crl-data',
        `fileb://${garbage}`,
        '--trust-anchor-arn',
        trustAnchorArn,
      ]),
      'ValidationException',
    );
    fails(
      await aws(server, [
        'rolesanywhere',
        'import-crl',
        '--name',
        'orphan',
        '--crl-data',
        `fileb://${files.crlPem}`,
        '--trust-anchor-arn',
        `arn:aws:rolesanywhere:us-east-1:${ACCOUNT}:trust-anchor/00000000-0000-4000-8000-000000000000`,
      ]),
      'ValidationException',
      'trustAnchorArn',
    );
    fails(
      await aws(server, [
        'rolesanywhere',
        'update-crl',
        '--crl-id',
        crlId,
        '--crl-data',
        `fileb://${files.otherCrl}`,
      ]),
      'ValidationException',
    );
    fails(
      await aws(server, ['rolesanywhere', 'get-crl', '--crl-id', '00000000-0000-4000-8000-000000000000']),
      'ResourceNotFoundException',
    );
    const listed = ok(await aws(server, ['rolesanywhere', 'list-crls']));
    assert.equal((listed.crls as unknown[]).length, 1);
  });

  test('ok/ListSubjects and GetSubject', async () => {
    const listed = ok(await aws(server, ['rolesanywhere', 'list-subjects']));
    const subjects = listed.subjects as Record<string, unknown>[];
    assert.equal(subjects.length, 1);
    assert.equal(subjects[0]?.subjectId, subjectId);
    assert.equal(subjects[0]?.x509Subject, 'CN=workload-1,O=Example');
    const got = ok(await aws(server, ['rolesanywhere', 'get-subject', '--subject-id', subjectId]));
    const subject = got.subject as Record<string, unknown>;
    assert.equal(subject.subjectArn, `arn:aws:rolesanywhere:us-east-1:${ACCOUNT}:subject/${subjectId}`);
    assert.equal((subject.credentials as unknown[]).length, 1);
    fails(
      await aws(server, [
        'rolesanywhere',
        'get-subject',
        '--subject-id',
        '00000000-0000-4000-8000-000000000000',
      ]),
      'ResourceNotFoundException',
    );
  });

  test('ok/TagResource, ListTagsForResource, UntagResource on anchors, profiles and CRLs', async () => {
    for (const arn of [trustAnchorArn, profileArn, crlArn]) {
      const tagged = await aws(server, [
        'rolesanywhere',
        'tag-resource',
        '--resource-arn',
        arn,
        '--tags',
        'key=owner,value=alice',
        'key=team,value=security',
      ]);
      ok(tagged);
      const listed = ok(
        await aws(server, ['rolesanywhere', 'list-tags-for-resource', '--resource-arn', arn]),
      );
      const keys = (listed.tags as { key: string; value: string }[]).map((t) => `${t.key}=${t.value}`).sort();
      assert.ok(keys.includes('owner=alice') && keys.includes('team=security'), keys.join(','));
      ok(
        await aws(server, [
          'rolesanywhere',
          'untag-resource',
          '--resource-arn',
          arn,
          '--tag-keys',
          'owner',
          'absent-key',
        ]),
      );
      const after = ok(await aws(server, ['rolesanywhere', 'list-tags-for-resource', '--resource-arn', arn]));
      assert.ok(!(after.tags as { key: string }[]).some((t) => t.key === 'owner'));
    }
  });

  test('fail/tagging: too many tags, reserved prefix, unknown resource, not taggable', async () => {
    const many = Array.from({ length: 51 }, (_, i) => `key=k${i},value=v`);
    fails(
      await aws(server, ['rolesanywhere', 'tag-resource', '--resource-arn', profileArn, '--tags', ...many]),
      'TooManyTagsException',
    );
    fails(
      await aws(server, [
        'rolesanywhere',
        'tag-resource',
        '--resource-arn',
        profileArn,
        '--tags',
        'key=aws:x,value=v',
      ]),
      'ValidationException',
      'reserved',
    );
    const missing = `arn:aws:rolesanywhere:us-east-1:${ACCOUNT}:profile/00000000-0000-4000-8000-000000000000`;
    fails(
      await aws(server, ['rolesanywhere', 'list-tags-for-resource', '--resource-arn', missing]),
      'ResourceNotFoundException',
    );
    fails(
      await aws(server, ['rolesanywhere', 'untag-resource', '--resource-arn', missing, '--tag-keys', 'a']),
      'ResourceNotFoundException',
    );
    fails(
      await aws(server, [
        'rolesanywhere',
        'tag-resource',
        '--resource-arn',
        'arn:aws:s3:::bucket',
        '--tags',
        'key=a,value=b',
      ]),
      'ValidationException',
    );
    const tags = ok(
      await aws(server, ['rolesanywhere', 'list-tags-for-resource', '--resource-arn', profileArn]),
    );
    assert.ok((tags.tags as unknown[]).length < 50, 'a refused TagResource adds nothing');
  });

  test('ok/list pagination with --page-size follows nextToken across pages', async () => {
    for (let i = 0; i < 4; i++) {
      ok(await aws(server, ['rolesanywhere', 'create-profile', '--name', `page-${i}`, '--role-arns', ROLE]));
    }
    const firstPage = ok(
      await aws(server, ['rolesanywhere', 'list-profiles', '--page-size', '2', '--max-items', '2']),
    );
    assert.equal((firstPage.profiles as unknown[]).length, 2);
    assert.ok(typeof firstPage.NextToken === 'string' || typeof firstPage.nextToken === 'string');
    const all = ok(await aws(server, ['rolesanywhere', 'list-profiles', '--page-size', '2']));
    assert.equal((all.profiles as unknown[]).length, 5, 'the CLI paginator walks every page');
    fails(
      await aws(server, ['rolesanywhere', 'list-profiles', '--page-size', '0']),
      'ValidationException',
      'pageSize',
    );
  });

  test('ok/DeleteProfile, DeleteCrl, DeleteTrustAnchor return the deleted resource; later reads are 404', async () => {
    const profile = ok(await aws(server, ['rolesanywhere', 'delete-profile', '--profile-id', profileId]));
    assert.equal((profile.profile as Record<string, unknown>).profileId, profileId);
    fails(
      await aws(server, ['rolesanywhere', 'get-profile', '--profile-id', profileId]),
      'ResourceNotFoundException',
    );
    fails(
      await aws(server, ['rolesanywhere', 'delete-profile', '--profile-id', profileId]),
      'ResourceNotFoundException',
    );
    const crl = ok(await aws(server, ['rolesanywhere', 'delete-crl', '--crl-id', crlId]));
    assert.equal((crl.crl as Record<string, unknown>).crlId, crlId);
    fails(await aws(server, ['rolesanywhere', 'delete-crl', '--crl-id', crlId]), 'ResourceNotFoundException');
    const anchor = ok(
      await aws(server, ['rolesanywhere', 'delete-trust-anchor', '--trust-anchor-id', trustAnchorId]),
    );
    assert.equal((anchor.trustAnchor as Record<string, unknown>).trustAnchorId, trustAnchorId);
    fails(
      await aws(server, ['rolesanywhere', 'get-trust-anchor', '--trust-anchor-id', trustAnchorId]),
      'ResourceNotFoundException',
    );
  });
});
