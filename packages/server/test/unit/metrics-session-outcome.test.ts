/**
 * CreateSession's refusals, made by the real pipeline (appendix-B vector B1 at its own time, on a
 * memory store changed one way per case), classified into the bounded `reason` label of
 * `anchorage_create_session_total`. A step whose reason text changed would show up here as
 * `other`.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { DEFAULT_ATTRIBUTE_MAPPINGS } from '@anchorage/core/rolesanywhere/defaults';
import { createCertificateCache } from '@anchorage/core/x509/certificate-cache';
import { createValidationCache } from '@anchorage/core/x509/path/validation-cache';
import { createMemoryStore } from '@anchorage/store/memory/memory-store';
import type { Store } from '@anchorage/store/port';
import { parseQuery } from '../../src/http/query.ts';
import { toWireError } from '../../src/http/wire-error.ts';
import { SESSION_REASONS, sessionOutcomeOf } from '../../src/metrics/session-outcome.ts';
import { createSecretBox } from '../../src/secrets/secret-box.ts';
import { createSession } from '../../src/sessions/create-session.ts';
import { createSessionReads } from '../../src/sessions/session-reads.ts';
import { createSubjectRecorder } from '../../src/sessions/subject-recorder.ts';
import { createTrustDecisions } from '../../src/sessions/trust-decisions.ts';
import { createTrustMaterialSource } from '../../src/sessions/trust-material.ts';
import { createKeyRing } from '../../src/sts/key-ring.ts';

const vectors = new URL('../../../core/test/vectors/', import.meta.url);
const pem = (name: string) => readFileSync(new URL(`x509/${name}`, vectors), 'utf8');
const ACCOUNT = '123456789012';
const location = { partition: 'aws', region: 'us-east-1', accountId: ACCOUNT };
const ANCHOR_ID = '4b9a6a0c-3f8e-4a57-9a3c-8a1f6f0c2d11';
const PROFILE_ID = '7d3f1c2b-9e4a-4c1d-8b6e-2f5a9c0d1e22';
const ANCHOR_ARN = `arn:aws:rolesanywhere:us-east-1:${ACCOUNT}:trust-anchor/${ANCHOR_ID}`;
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/team/Workload+Role=1,a@b`;
const ROLE_ID = 'workload+role=1,a@b';
const AT = '2025-06-01T12:00:00.000Z';

const trustPolicy = (sourceIdentity: string) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Service: 'rolesanywhere.amazonaws.com' },
        Action: ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'],
        Condition: {
          ArnEquals: { 'aws:SourceArn': ANCHOR_ARN },
          StringEquals: { 'sts:SourceIdentity': sourceIdentity },
        },
      },
    ],
  });

async function seededStore(): Promise<Store> {
  const store = createMemoryStore();
  await store.trustAnchors.insert({
    id: ANCHOR_ID,
    arn: ANCHOR_ARN,
    name: 'appendix-b',
    source: {
      sourceType: 'CERTIFICATE_BUNDLE',
      sourceData: { x509CertificateData: [pem('b-root.pem'), pem('b-intermediate.pem')].join('\n') },
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
    id: ROLE_ID,
    roleId: 'AROAAPPENDIXBVECTOR01',
    roleName: 'Workload+Role=1,a@b',
    path: '/team/',
    arn: ROLE_ARN,
    assumeRolePolicyDocument: trustPolicy('CN=workload-1'),
    maxSessionDuration: 3600,
    inlinePolicies: [],
    attachedPolicies: [],
    tags: [],
    createDate: AT,
  });
  return store;
}

/** Vector B1 through the pipeline after `change`; its outcome as the metric labels it. */
async function outcomeAfter(
  change: (store: Store) => Promise<unknown>,
  options: { minutesLater?: number; tamperBody?: boolean } = {},
): Promise<ReturnType<typeof sessionOutcomeOf>> {
  const store = await seededStore();
  await change(store);
  const deps = {
    store,
    location,
    keyRing: createKeyRing(store, createSecretBox(randomBytes(32))),
    trust: createTrustMaterialSource(),
    reads: createSessionReads(store),
    trustDecisions: createTrustDecisions(10),
    validationCache: createValidationCache(10),
    subjects: createSubjectRecorder(store, location, () => '11111111-2222-4333-8444-555555555555'),
    certificates: createCertificateCache(10),
  };
  const v = JSON.parse(readFileSync(new URL('sigv4/b1.json', vectors), 'utf8')) as {
    request: { method: string; rawPath: string; rawQuery: string; headers: [string, string][]; body: string };
  };
  const body = options.tamperBody === true ? v.request.body.replace('900', '901') : v.request.body;
  try {
    await createSession(
      deps,
      {
        signed: { ...v.request, payloadSha256Hex: createHash('sha256').update(body).digest('hex') },
        query: parseQuery(v.request.rawQuery),
        body: JSON.parse(body) as Record<string, unknown>,
        facts: { now: Date.parse(AT) + (options.minutesLater ?? 0) * 60_000 },
      },
      {},
    );
    return sessionOutcomeOf(undefined);
  } catch (error) {
    const wire = toWireError(error, 'test');
    return sessionOutcomeOf({ type: wire.type, reason: wire.reason, fault: wire.fault });
  } finally {
    await deps.subjects.close();
  }
}

const nothing = async () => undefined;

test('ok/a granted session is allowed, reason none', async () => {
  assert.deepEqual(await outcomeAfter(nothing), { outcome: 'allowed', reason: 'none' });
});

const refusals: [string, () => Promise<ReturnType<typeof sessionOutcomeOf>>][] = [
  ['clock_skew', () => outcomeAfter(nothing, { minutesLater: 6 })],
  ['invalid_signature', () => outcomeAfter(nothing, { tamperBody: true })],
  ['trust_anchor_not_found', () => outcomeAfter((s) => s.trustAnchors.delete(ANCHOR_ID))],
  [
    'trust_anchor_disabled',
    () => outcomeAfter((s) => s.trustAnchors.update(ANCHOR_ID, (a) => ({ ...a, enabled: false }))),
  ],
  ['profile_not_found', () => outcomeAfter((s) => s.profiles.delete(PROFILE_ID))],
  [
    'profile_disabled',
    () => outcomeAfter((s) => s.profiles.update(PROFILE_ID, (p) => ({ ...p, enabled: false }))),
  ],
  [
    'role_not_in_profile',
    () =>
      outcomeAfter((s) =>
        s.profiles.update(PROFILE_ID, (p) => ({ ...p, roleArns: [`arn:aws:iam::${ACCOUNT}:role/Other`] })),
      ),
  ],
  [
    'session_name_not_allowed',
    () => outcomeAfter((s) => s.profiles.update(PROFILE_ID, (p) => ({ ...p, acceptRoleSessionName: false }))),
  ],
  [
    'certificate_untrusted',
    () =>
      outcomeAfter((s) =>
        s.trustAnchors.update(ANCHOR_ID, (a) => ({
          ...a,
          source: {
            sourceType: 'CERTIFICATE_BUNDLE',
            sourceData: { x509CertificateData: pem('p256-root.pem') },
          },
        })),
      ),
  ],
  ['role_not_found', () => outcomeAfter((s) => s.roles.delete(ROLE_ID))],
  [
    'trust_policy_denied',
    () =>
      outcomeAfter((s) =>
        s.roles.update(ROLE_ID, (r) => ({ ...r, assumeRolePolicyDocument: trustPolicy('CN=someone-else') })),
      ),
  ],
];

for (const [reason, run] of refusals) {
  test(`fail/${reason}: the refusal is denied with reason ${reason}`, async () => {
    assert.deepEqual(await run(), { outcome: 'denied', reason });
    assert.ok(SESSION_REASONS.includes(reason));
  });
}

test('ok/refusals by error type, and an unknown reason is other', () => {
  const denied = (type: string, reason = 'x', fault = 'client') => sessionOutcomeOf({ type, reason, fault });
  assert.deepEqual(denied('ValidationException'), { outcome: 'denied', reason: 'invalid_request' });
  assert.deepEqual(denied('ThrottlingException'), { outcome: 'denied', reason: 'throttled' });
  assert.deepEqual(denied('InternalFailure', 'TypeError: x', 'server'), {
    outcome: 'error',
    reason: 'internal_error',
  });
  assert.deepEqual(denied('ServiceUnavailableException', 'backlog', 'server'), {
    outcome: 'error',
    reason: 'unavailable',
  });
  assert.deepEqual(denied('AccessDeniedException', 'revoked: leaf CN=a, serial 01: on CRL'), {
    outcome: 'denied',
    reason: 'certificate_revoked',
  });
  // Caller-chosen text never becomes a label value.
  assert.deepEqual(denied('AccessDeniedException', 'CN=evil"} 1\nfake 2'), {
    outcome: 'denied',
    reason: 'other',
  });
  assert.deepEqual(denied('SomethingNew'), { outcome: 'denied', reason: 'other' });
  assert.equal(new Set(SESSION_REASONS).size, SESSION_REASONS.length);
});
