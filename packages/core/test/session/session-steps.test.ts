/**
 * The pure steps of CreateSession: certificate tags (against the attributes the protocol notes
 * derive for the B leaf), source identity, session name, duration, the request's two shapes, and
 * the signer checks over the appendix vectors.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { AnchorageError } from '@anchorage/core/errors';
import { DEFAULT_ATTRIBUTE_MAPPINGS } from '@anchorage/core/rolesanywhere/defaults';
import { certificateTags } from '@anchorage/core/session/certificate-tags';
import { readCreateSessionRequest } from '@anchorage/core/session/create-session-request';
import { sessionDurationSeconds } from '@anchorage/core/session/session-duration';
import { readSessionSigner, verifySessionSignature } from '@anchorage/core/session/session-signer';
import { defaultSessionName, sourceIdentityOf } from '@anchorage/core/session/source-identity';
import type { SignedRequest } from '@anchorage/core/sigv4/signed-request';
import { parseCertificate } from '@anchorage/core/x509/certificate';
import { decodePem } from '@anchorage/core/x509/pem';

const vectors = new URL('../vectors/', import.meta.url);
const pem = (name: string) =>
  parseCertificate(
    (decodePem(readFileSync(new URL(`x509/${name}`, vectors), 'utf8'))[0] ?? { der: new Uint8Array() }).der,
  );
const leaf = pem('b-leaf.pem');

function fails(fn: () => unknown, code: string, part: string): void {
  assert.throws(
    fn,
    (e: unknown) =>
      e instanceof AnchorageError && e.code === code && (e.message.includes(part) || e.reason.includes(part)),
  );
}

test('ok/default mappings give the B leaf exactly the tags the protocol notes derive (§3.6)', () => {
  const { tags, dropped } = certificateTags(leaf, DEFAULT_ATTRIBUTE_MAPPINGS);
  assert.deepEqual(Object.fromEntries(tags.map((t) => [t.key, t.value])), {
    'x509Subject/O': 'Example',
    'x509Subject/OU': 'Security/Engineering',
    'x509Subject/CN': 'workload-1',
    'x509Issuer/C': 'US',
    'x509Issuer/O': 'Example',
    'x509Issuer/CN': 'Test Intermediate CA',
    'x509SAN/DNS': 'workload-1.example.com',
    'x509SAN/URI': 'spiffe://example.com/workload-1',
    'x509SAN/Name/CN': 'workload-1',
  });
  assert.deepEqual(dropped, []);
});

test('ok/mappings narrow the tags: specific RDNs, no SAN, Name/CN only', () => {
  const { tags } = certificateTags(leaf, [
    { certificateField: 'x509Subject', mappingRules: [{ specifier: 'CN' }] },
    { certificateField: 'x509SAN', mappingRules: [{ specifier: 'Name/CN' }] },
  ]);
  assert.deepEqual(tags, [
    { key: 'x509Subject/CN', value: 'workload-1' },
    { key: 'x509SAN/Name/CN', value: 'workload-1' },
  ]);
  assert.deepEqual(certificateTags(leaf, []).tags, []);
});

test('ok/source identity and session name (§3.7, §3.5)', () => {
  assert.equal(sourceIdentityOf(leaf), 'CN=workload-1');
  assert.equal(defaultSessionName(leaf), '0123456789ABCDEF');
  const root = pem('b-root.pem');
  assert.equal(sourceIdentityOf(root), 'CN=Test Root CA');
});

test('ok/duration: the smaller of request and profile; refused above the role maximum (§3.3)', () => {
  assert.equal(sessionDurationSeconds(undefined, 3600, 3600), 3600);
  assert.equal(sessionDurationSeconds(900, 3600, 3600), 900);
  assert.equal(sessionDurationSeconds(7200, 3600, 3600), 3600);
  fails(() => sessionDurationSeconds(undefined, 7200, 3600), 'ValidationException', 'MaxSessionDuration');
});

test('ok/the request from the query (official helper) or the body (Python client)', () => {
  const arns = {
    trustAnchorArn: 'arn:aws:rolesanywhere:us-east-1:123456789012:trust-anchor/a',
    profileArn: 'arn:aws:rolesanywhere:us-east-1:123456789012:profile/p',
    roleArn: 'arn:aws:iam::123456789012:role/r',
  };
  const query = new Map(Object.entries(arns).map(([k, v]) => [k, [v]]));
  assert.deepEqual(readCreateSessionRequest(query, { durationSeconds: 900, roleSessionName: 'my-session' }), {
    ...arns,
    durationSeconds: 900,
    roleSessionName: 'my-session',
  });
  assert.deepEqual(readCreateSessionRequest(new Map(), { ...arns, instanceProperties: { host: 'a' } }), {
    ...arns,
    instanceProperties: { host: 'a' },
  });
});

test('fail/malformed requests are ValidationException', () => {
  const arns = { trustAnchorArn: 'ta', profileArn: 'p', roleArn: 'r' };
  fails(
    () => readCreateSessionRequest(new Map(), { profileArn: 'p', roleArn: 'r' }),
    'ValidationException',
    'trustAnchorArn is required',
  );
  fails(
    () => readCreateSessionRequest(new Map([['roleArn', ['other']]]), arns),
    'ValidationException',
    'different values',
  );
  fails(
    () => readCreateSessionRequest(new Map(), { ...arns, durationSeconds: 60 }),
    'ValidationException',
    'durationSeconds',
  );
  fails(
    () => readCreateSessionRequest(new Map(), { ...arns, durationSeconds: '900' }),
    'ValidationException',
    'durationSeconds',
  );
  fails(
    () => readCreateSessionRequest(new Map(), { ...arns, roleSessionName: 'a b' }),
    'ValidationException',
    'roleSessionName',
  );
  fails(
    () => readCreateSessionRequest(new Map(), { ...arns, instanceProperties: [] }),
    'ValidationException',
    'instanceProperties',
  );
});

interface Vector {
  readonly region: string;
  readonly request: {
    method: string;
    rawPath: string;
    rawQuery: string;
    headers: [string, string][];
    body: string;
  };
  readonly amzDate?: string;
}

function vector(name: string): { request: SignedRequest; region: string; now: number } {
  const v = JSON.parse(readFileSync(new URL(`sigv4/${name}.json`, vectors), 'utf8')) as Vector &
    Record<string, unknown>;
  const headers = v.request.headers;
  const date = headers.find(([n]) => n.toLowerCase() === 'x-amz-date')?.[1] ?? '';
  const now = Date.UTC(
    +date.slice(0, 4),
    +date.slice(4, 6) - 1,
    +date.slice(6, 8),
    +date.slice(9, 11),
    +date.slice(11, 13),
    +date.slice(13, 15),
  );
  return {
    request: { ...v.request, payloadSha256Hex: createHash('sha256').update(v.request.body).digest('hex') },
    region: v.region,
    now,
  };
}

for (const name of ['a1', 'a2', 'b1', 'b2']) {
  test(`ok/vector ${name.toUpperCase()}: the signer checks pass and the signature verifies at its own time`, () => {
    const { request, region, now } = vector(name);
    const signer = readSessionSigner(request, region, now);
    verifySessionSignature(request, signer);
  });
}

test('fail/vector B1 refused: six minutes late, another region, the body changed, the chain unsigned', () => {
  const { request, region, now } = vector('b1');
  fails(
    () => readSessionSigner(request, region, now + 6 * 60_000),
    'AccessDeniedException',
    'Signature expired',
  );
  fails(() => readSessionSigner(request, 'eu-west-1', now), 'AccessDeniedException', 'region');
  const changed = { ...request, payloadSha256Hex: '0'.repeat(64) };
  fails(
    () => verifySessionSignature(changed, readSessionSigner(changed, region, now)),
    'AccessDeniedException',
    'Invalid signature',
  );
  const unsignedChain = {
    ...request,
    headers: request.headers.map(([n, v]) =>
      n.toLowerCase() === 'authorization'
        ? ([n, v.replace(';x-amz-x509-chain', '')] as [string, string])
        : ([n, v] as [string, string]),
    ),
  };
  fails(() => readSessionSigner(unsignedChain, region, now), 'AccessDeniedException', 'x-amz-x509-chain');
});
