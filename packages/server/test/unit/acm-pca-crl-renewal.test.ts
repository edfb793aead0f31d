/**
 * A private CA's CRL stays fresh without revocations: asked for past half its life (7-day CRLs:
 * after 3.5 days), it is re-signed with the same entries and the next CRL number.
 */
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { crlToDer, parseCrl } from '@anchorage/core/x509/crl';
import { createMemoryStore } from '@anchorage/store/memory/memory-store';
import { acmPcaService } from '../../src/acm-pca/operations.ts';
import { createSecretBox } from '../../src/secrets/secret-box.ts';

const DAY = 86_400_000;

test('ok/the CRL is re-signed once past half its life, keeping its entries; before that it is served as stored', async () => {
  const store = createMemoryStore();
  const service = acmPcaService(createSecretBox(randomBytes(32)));
  let now = Date.parse('2026-01-01T00:00:00Z');
  const call = (name: string, input: Record<string, unknown>) => {
    const op = service.operations[name];
    assert.ok(op, name);
    return op.handler(input, {
      store,
      location: { partition: 'aws', region: 'us-east-1', accountId: '000000000000' },
      caller: { accessKeyId: 'AKIAADMIN', principalArn: 'arn:aws:iam::000000000000:root' },
      now,
      newId: randomUUID,
    }) as Promise<Record<string, unknown>>;
  };
  const { CertificateAuthorityArn: arn } = await call('CreateCertificateAuthority', {
    CertificateAuthorityType: 'ROOT',
    CertificateAuthorityConfiguration: {
      KeyAlgorithm: 'EC_prime256v1',
      SigningAlgorithm: 'SHA256WITHECDSA',
      Subject: { CommonName: 'CRL Root' },
    },
  });
  const { Csr: csr } = await call('GetCertificateAuthorityCsr', { CertificateAuthorityArn: arn });
  const { CertificateArn: own } = await call('IssueCertificate', {
    CertificateAuthorityArn: arn,
    Csr: Buffer.from(String(csr)),
    SigningAlgorithm: 'SHA256WITHECDSA',
    TemplateArn: 'arn:aws:acm-pca:::template/RootCACertificate/V1',
    Validity: { Type: 'YEARS', Value: 1 },
  });
  const { Certificate: certificate } = await call('GetCertificate', {
    CertificateAuthorityArn: arn,
    CertificateArn: own,
  });
  await call('ImportCertificateAuthorityCertificate', {
    CertificateAuthorityArn: arn,
    Certificate: Buffer.from(String(certificate)),
  });
  const crlOf = async () =>
    parseCrl(
      crlToDer(
        Buffer.from(String((await call('GetCertificateAuthorityCrl', { CertificateAuthorityArn: arn })).Crl)),
      ),
    );

  const first = await crlOf();
  assert.equal(first.nextUpdate, first.thisUpdate + 7 * DAY);
  now += 3 * DAY;
  assert.equal((await crlOf()).crlNumber, first.crlNumber, 'not yet half its life: the same CRL');
  now += 1 * DAY;
  const renewed = await crlOf();
  assert.equal(renewed.crlNumber, (first.crlNumber ?? 0n) + 1n);
  assert.equal(renewed.thisUpdate, Math.floor(now / 1000) * 1000);
  assert.equal(renewed.nextUpdate, renewed.thisUpdate + 7 * DAY);
  assert.deepEqual(renewed.revokedCertificates, first.revokedCertificates);
});
