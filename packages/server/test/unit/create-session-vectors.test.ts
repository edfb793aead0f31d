/**
 * The appendix-B vectors of the protocol notes through the whole CreateSession pipeline, with
 * their trust anchor, profile and role registered under the ARNs the vectors name, and the clock
 * fixed at the vectors' time. (A1 and A2 are captures of the official helper against a CA whose
 * certificate was never published: their signatures verify in the core's tests, but no trust
 * anchor can be registered for them.)
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { DEFAULT_ATTRIBUTE_MAPPINGS } from '@anchorage/core/rolesanywhere/defaults';
import type { SignedRequest } from '@anchorage/core/sigv4/signed-request';
import { createCertificateCache } from '@anchorage/core/x509/certificate-cache';
import { createValidationCache } from '@anchorage/core/x509/path/validation-cache';
import { createMemoryStore } from '@anchorage/store/memory/memory-store';
import { parseQuery } from '../../src/http/query.ts';
import { createSecretBox } from '../../src/secrets/secret-box.ts';
import { createSession } from '../../src/sessions/create-session.ts';
import { createSessionReads } from '../../src/sessions/session-reads.ts';
import { createSubjectRecorder } from '../../src/sessions/subject-recorder.ts';
import { createTrustDecisions } from '../../src/sessions/trust-decisions.ts';
import { createTrustMaterialSource } from '../../src/sessions/trust-material.ts';
import { createKeyRing } from '../../src/sts/key-ring.ts';

const vectors = new URL('../../../core/test/vectors/', import.meta.url);
const ACCOUNT = '123456789012';
const location = { partition: 'aws', region: 'us-east-1', accountId: ACCOUNT };
const ANCHOR_ID = '4b9a6a0c-3f8e-4a57-9a3c-8a1f6f0c2d11';
const PROFILE_ID = '7d3f1c2b-9e4a-4c1d-8b6e-2f5a9c0d1e22';
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/team/Workload+Role=1,a@b`;
const AT = '2025-06-01T12:00:00.000Z';

async function pipeline() {
  const store = createMemoryStore();
  await store.trustAnchors.insert({
    id: ANCHOR_ID,
    arn: `arn:aws:rolesanywhere:us-east-1:${ACCOUNT}:trust-anchor/${ANCHOR_ID}`,
    name: 'appendix-b',
    source: {
      sourceType: 'CERTIFICATE_BUNDLE',
      // Root and intermediate: B2 sends no chain, so its leaf must chain to an anchor certificate directly.
      sourceData: {
        x509CertificateData: [
          readFileSync(new URL('x509/b-root.pem', vectors), 'utf8'),
          readFileSync(new URL('x509/b-intermediate.pem', vectors), 'utf8'),
        ].join('\n'),
      },
    },
    enabled: true,
    notificationSettings: [],
    tags: [],
    createdAt: AT,
    updatedAt: AT,
  });
  await store.profiles.insert({
    id: PROFILE_ID,
    arn: `arn:aws:rolesanywhere:us-east-1:${ACCOUNT}:profile/${PROFILE_ID}`,
    name: 'appendix-b',
    enabled: true,
    roleArns: [ROLE_ARN],
    managedPolicyArns: [],
    durationSeconds: 3600,
    requireInstanceProperties: false,
    acceptRoleSessionName: true,
    attributeMappings: DEFAULT_ATTRIBUTE_MAPPINGS,
    createdBy: `arn:aws:iam::${ACCOUNT}:root`,
    tags: [],
    createdAt: AT,
    updatedAt: AT,
  });
  await store.roles.insert({
    id: 'workload+role=1,a@b',
    roleId: 'AROAAPPENDIXBVECTOR01',
    roleName: 'Workload+Role=1,a@b',
    path: '/team/',
    arn: ROLE_ARN,
    assumeRolePolicyDocument: JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 'rolesanywhere.amazonaws.com' },
          Action: ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'],
          Condition: {
            ArnEquals: {
              'aws:SourceArn': `arn:aws:rolesanywhere:us-east-1:${ACCOUNT}:trust-anchor/${ANCHOR_ID}`,
            },
            StringEquals: {
              'aws:PrincipalTag/x509Subject/OU': 'Security/Engineering',
              'sts:SourceIdentity': 'CN=workload-1',
            },
          },
        },
      ],
    }),
    maxSessionDuration: 3600,
    inlinePolicies: [],
    attachedPolicies: [],
    tags: [],
    createDate: AT,
  });
  const box = createSecretBox(randomBytes(32));
  return {
    store,
    location,
    keyRing: createKeyRing(store, box),
    trust: createTrustMaterialSource(),
    reads: createSessionReads(store),
    trustDecisions: createTrustDecisions(100),
    validationCache: createValidationCache(10),
    subjects: createSubjectRecorder(store, location, () => '11111111-2222-4333-8444-555555555555'),
    certificates: createCertificateCache(10),
  };
}

function vector(name: 'b1' | 'b2'): { signed: SignedRequest; rawQuery: string; body: string } {
  const v = JSON.parse(readFileSync(new URL(`sigv4/${name}.json`, vectors), 'utf8')) as {
    request: { method: string; rawPath: string; rawQuery: string; headers: [string, string][]; body: string };
  };
  return {
    signed: { ...v.request, payloadSha256Hex: createHash('sha256').update(v.request.body).digest('hex') },
    rawQuery: v.request.rawQuery,
    body: v.request.body,
  };
}

for (const [name, sessionName, seconds] of [
  ['b1', 'my-session', 900],
  ['b2', '0123456789ABCDEF', 3600],
] as const) {
  test(`ok/vector ${name.toUpperCase()} obtains credentials at its own time, with the tags and source identity of its certificate`, async () => {
    const deps = await pipeline();
    const { signed, rawQuery, body } = vector(name);
    const now = Date.parse(AT);
    const trace = {};
    const output = (await createSession(
      deps,
      {
        signed,
        query: parseQuery(rawQuery),
        body: JSON.parse(body) as Record<string, unknown>,
        facts: { now },
      },
      trace,
    )) as {
      credentialSet: {
        assumedRoleUser: { arn: string };
        credentials: { expiration: string };
        sourceIdentity: string;
      }[];
      subjectArn: string;
    };
    const [set] = output.credentialSet;
    assert.equal(
      set?.assumedRoleUser.arn,
      `arn:aws:sts::${ACCOUNT}:assumed-role/Workload+Role=1,a@b/${sessionName}`,
    );
    assert.equal(set?.sourceIdentity, 'CN=workload-1');
    assert.equal(
      set?.credentials.expiration,
      new Date(now + seconds * 1000).toISOString().replace('.000', ''),
    );
    assert.equal(
      output.subjectArn,
      `arn:aws:rolesanywhere:us-east-1:${ACCOUNT}:subject/11111111-2222-4333-8444-555555555555`,
    );
    await deps.subjects.close();
    assert.equal(
      (await deps.store.subjects.list({ limit: 10 })).items[0]?.x509Subject,
      'CN=workload-1,OU=Engineering,OU=Security,O=Example',
    );
  });
}

test('fail/vector B2 six minutes later is refused, and so is B1 with its anchor disabled', async () => {
  const deps = await pipeline();
  const b2 = vector('b2');
  await assert.rejects(
    createSession(
      deps,
      {
        signed: b2.signed,
        query: parseQuery(''),
        body: JSON.parse(b2.body) as Record<string, unknown>,
        facts: { now: Date.parse(AT) + 6 * 60_000 },
      },
      {},
    ),
    (e: Error & { code?: string }) => e.code === 'AccessDeniedException',
  );
  await deps.store.trustAnchors.update(ANCHOR_ID, (a) => ({ ...a, enabled: false }));
  const b1 = vector('b1');
  await assert.rejects(
    createSession(
      deps,
      {
        signed: b1.signed,
        query: parseQuery(b1.rawQuery),
        body: JSON.parse(b1.body) as Record<string, unknown>,
        facts: { now: Date.parse(AT) },
      },
      {},
    ),
    (e: Error & { code?: string; reason?: string }) =>
      e.code === 'AccessDeniedException' && /disabled/.test(e.reason ?? ''),
  );
});

test('fail/a profile that requires instance properties refuses a request without them', async () => {
  const deps = await pipeline();
  await deps.store.profiles.update(PROFILE_ID, (p) => ({ ...p, requireInstanceProperties: true }));
  const b1 = vector('b1');
  await assert.rejects(
    createSession(
      deps,
      {
        signed: b1.signed,
        query: parseQuery(b1.rawQuery),
        body: JSON.parse(b1.body) as Record<string, unknown>,
        facts: { now: Date.parse(AT) },
      },
      {},
    ),
    (e: Error & { code?: string }) =>
      e.code === 'ValidationException' && /instanceProperties/.test(e.message),
  );
});
