/**
 * The awsJson1_1 adapter against botocore itself: requests made by botocore's JSONSerializer pass
 * the adapter's parsing and validation (blobs as base64), and what the adapter writes — outputs
 * with epoch-second timestamps, errors with `__type` — is parsed by botocore's JSONParser into
 * the values and error codes the AWS CLI shows.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { test } from 'node:test';
import { validateInput } from '@anchorage/core/api-model/validate-input';
import { AnchorageError } from '@anchorage/core/errors';
import { ACM_PCA_MODEL, acmPcaService } from '../../src/acm-pca/operations.ts';
import { parseJsonObject } from '../../src/http/json-body.ts';
import { isJsonRpcRequest, sendJsonRpcError, serializeJsonOutput } from '../../src/http/json-rpc.ts';
import { toWireError } from '../../src/http/wire-error.ts';
import { createSecretBox } from '../../src/secrets/secret-box.ts';

const service = acmPcaService(createSecretBox(new Uint8Array(32)));

/** Runs Python with botocore; `script` reads JSON from stdin and prints JSON. */
function botocore(script: string, input: unknown): Record<string, unknown> {
  const prelude = `
import json, sys, base64, datetime
import botocore.session
from botocore.parsers import JSONParser
from botocore.serialize import create_serializer
model = botocore.session.get_session().get_service_model('acm-pca')
data = json.load(sys.stdin)
`;
  const out = execFileSync('python3', ['-c', prelude + script], { input: JSON.stringify(input) });
  return JSON.parse(out.toString()) as Record<string, unknown>;
}

interface Captured {
  status: number;
  headers: Record<string, string>;
  body: string;
}

function fakeResponse(): { res: ServerResponse; captured: Captured } {
  const captured: Captured = { status: 0, headers: {}, body: '' };
  const res = {
    setHeader(name: string, value: string) {
      captured.headers[name.toLowerCase()] = value;
    },
    writeHead(status: number, headers: Record<string, string | number>) {
      captured.status = status;
      for (const [k, v] of Object.entries(headers)) captured.headers[k.toLowerCase()] = String(v);
    },
    end(text: string) {
      captured.body = text;
    },
  };
  return { res: res as unknown as ServerResponse, captured };
}

test('ok/every operation the model lists has a handler, and only those', () => {
  assert.deepEqual(Object.keys(service.operations).sort(), Object.keys(ACM_PCA_MODEL.operations).sort());
  assert.equal(service.operations.IssueCertificate?.action, 'acm-pca:IssueCertificate');
  const arn = 'arn:aws:acm-pca:us-east-1:000000000000:certificate-authority/x';
  assert.equal(service.operations.IssueCertificate?.resource({ CertificateAuthorityArn: arn }), arn);
  assert.equal(service.operations.ListCertificateAuthorities?.resource({}), '*');
});

test('ok/POST / with an ACMPrivateCA target is this adapter; other targets and paths are not', () => {
  const req = (method: string, target?: string) =>
    ({ method, headers: target === undefined ? {} : { 'x-amz-target': target } }) as IncomingMessage;
  assert.equal(isJsonRpcRequest(req('POST', 'ACMPrivateCA.ListTags'), '/', service), true);
  assert.equal(isJsonRpcRequest(req('POST', 'ACMPrivateCA.Nope'), '/', service), true);
  assert.equal(isJsonRpcRequest(req('POST', 'CertificateManager.ListCertificates'), '/', service), false);
  assert.equal(isJsonRpcRequest(req('POST'), '/', service), false);
  assert.equal(isJsonRpcRequest(req('GET', 'ACMPrivateCA.ListTags'), '/', service), false);
  assert.equal(isJsonRpcRequest(req('POST', 'ACMPrivateCA.ListTags'), '/x', service), false);
});

test('ok/a request botocore serialises (blob as base64) parses and validates; the blob round-trips', () => {
  const csr = '-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n-----END CERTIFICATE REQUEST-----\n';
  const request = botocore(
    `
req = create_serializer('json').serialize_to_request({
  'CertificateAuthorityArn': data['arn'], 'Csr': data['csr'].encode(), 'SigningAlgorithm': 'SHA256WITHECDSA',
  'Validity': {'Value': 30, 'Type': 'DAYS'}, 'ValidityNotBefore': {'Value': 1700000000, 'Type': 'ABSOLUTE'},
}, model.operation_model('IssueCertificate'))
print(json.dumps({'headers': dict(req['headers']), 'body': req['body'].decode()}))
`,
    { arn: 'arn:aws:acm-pca:us-east-1:000000000000:certificate-authority/x', csr },
  );
  const headers = request.headers as Record<string, string>;
  assert.equal(headers['X-Amz-Target'], 'ACMPrivateCA.IssueCertificate');
  assert.equal(headers['Content-Type'], 'application/x-amz-json-1.1');
  const input = parseJsonObject(Buffer.from(String(request.body)));
  validateInput(ACM_PCA_MODEL, 'IssueCertificateRequest', input);
  assert.equal(Buffer.from(String(input.Csr), 'base64').toString(), csr);
});

test('fail/constraint violations are ValidationException, wrong JSON types SerializationException', () => {
  const base = { CertificateAuthorityArn: 'arn:aws:acm-pca:us-east-1:000000000000:certificate-authority/x' };
  assert.throws(
    () =>
      validateInput(ACM_PCA_MODEL, 'DeleteCertificateAuthorityRequest', {
        ...base,
        PermanentDeletionTimeInDays: 3,
      }),
    (e: unknown) => e instanceof AnchorageError && e.code === 'ValidationException',
  );
  assert.throws(
    () => validateInput(ACM_PCA_MODEL, 'IssueCertificateRequest', { ...base, Csr: 'not base64!' }),
    (e: unknown) => e instanceof AnchorageError && e.code === 'SerializationException',
  );
  assert.throws(
    () => parseJsonObject(Buffer.from('{"CertificateAuthorityArn":')),
    (e: unknown) => e instanceof AnchorageError && e.code === 'SerializationException',
  );
});

test('ok/outputs: timestamps become epoch seconds botocore reads back; unmodelled fields are dropped', () => {
  const output = serializeJsonOutput(ACM_PCA_MODEL, 'DescribeCertificateAuthorityResponse', {
    CertificateAuthority: {
      Arn: 'arn:aws:acm-pca:us-east-1:000000000000:certificate-authority/x',
      CreatedAt: '2026-01-02T03:04:05.250Z',
      NotAfter: '2036-01-02T03:04:05.000Z',
      Status: 'ACTIVE',
      CertificateAuthorityConfiguration: { KeyAlgorithm: 'EC_prime256v1', Subject: { CommonName: 'Root' } },
      sealedPrivateKey: 'v1.secret',
    },
    csrPem: 'internal',
  }) as { CertificateAuthority: Record<string, unknown> };
  assert.equal(output.CertificateAuthority.CreatedAt, Date.parse('2026-01-02T03:04:05.250Z') / 1000);
  assert.equal('sealedPrivateKey' in output.CertificateAuthority, false);
  assert.equal('csrPem' in output, false);
  const parsed = botocore(
    `
out = JSONParser().parse({'status_code': 200, 'headers': {}, 'body': data['body'].encode()},
  model.operation_model('DescribeCertificateAuthority').output_shape)
ca = out['CertificateAuthority']
print(json.dumps({'CreatedAt': ca['CreatedAt'].isoformat(), 'NotAfter': ca['NotAfter'].isoformat(),
  'Subject': ca['CertificateAuthorityConfiguration']['Subject']}))
`,
    { body: JSON.stringify(output) },
  );
  assert.deepEqual(parsed, {
    CreatedAt: '2026-01-02T03:04:05.250000+00:00',
    NotAfter: '2036-01-02T03:04:05+00:00',
    Subject: { CommonName: 'Root' },
  });
});

test('ok/errors: client faults are 400 with __type and X-Amzn-ErrorType, as botocore reads them', () => {
  const { res, captured } = fakeResponse();
  const status = sendJsonRpcError(
    res,
    toWireError(new AnchorageError('InvalidStateException', 'The CA is PENDING_CERTIFICATE'), 'req-1'),
  );
  assert.equal(status, 400);
  assert.equal(captured.headers['x-amzn-errortype'], 'InvalidStateException');
  assert.equal(captured.headers['content-type'], 'application/x-amz-json-1.1');
  const parsed = botocore(
    `
out = JSONParser().parse({'status_code': data['status'], 'headers': data['headers'], 'body': data['body'].encode()},
  model.operation_model('IssueCertificate').output_shape)
print(json.dumps(out['Error']))
`,
    captured,
  );
  assert.deepEqual(parsed, { Code: 'InvalidStateException', Message: 'The CA is PENDING_CERTIFICATE' });
  // A 404-type (restJson) code is still 400 here; server faults keep their status and hide the cause.
  const notFound = fakeResponse();
  assert.equal(
    sendJsonRpcError(notFound.res, toWireError(new AnchorageError('ResourceNotFoundException', 'x'), 'r')),
    400,
  );
  const fault = fakeResponse();
  assert.equal(sendJsonRpcError(fault.res, toWireError(new Error('disk on fire'), 'req-2')), 500);
  assert.deepEqual(JSON.parse(fault.captured.body), {
    __type: 'InternalFailure',
    message: 'An internal error occurred (request req-2)',
  });
});
