/** GetSubject shows the wire's CredentialSummary: the trust anchor Anchorage notes beside a sighting stays inside. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SubjectRecord } from '@anchorage/core/rolesanywhere/records';
import { subjectDetail } from '../../src/control-plane/render.ts';

test('ok/subject credentials are rendered without trustAnchorArn', () => {
  const record: SubjectRecord = {
    id: 's1',
    arn: 'arn:aws:rolesanywhere:us-east-1:000000000000:subject/s1',
    x509Subject: 'CN=w',
    enabled: true,
    lastSeenAt: '2026-01-01T00:00:00.000Z',
    credentials: [
      {
        seenAt: '2026-01-01T00:00:00.000Z',
        serialNumber: '01',
        issuer: 'CN=CA',
        enabled: true,
        x509CertificateData: 'pem',
        failed: false,
        trustAnchorArn: 'arn:aws:rolesanywhere:us-east-1:000000000000:trust-anchor/a',
      },
    ],
    instanceProperties: [],
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
  };
  const rendered = subjectDetail(record) as { credentials: Record<string, unknown>[] };
  assert.deepEqual(Object.keys(rendered.credentials[0] ?? {}).sort(), [
    'enabled',
    'failed',
    'issuer',
    'seenAt',
    'serialNumber',
    'x509CertificateData',
  ]);
});
