import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseAuthorization } from '@anchorage/core/sigv4/authorization';
import { throwsWith } from './support.ts';

const SIG = 'c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea';
const CRED = 'AKIDEXAMPLE/20150830/us-east-1/service/aws4_request';
const HEADER = `AWS4-HMAC-SHA256 Credential=${CRED}, SignedHeaders=host;my-header1;x-amz-date, Signature=${SIG}`;

test('ok/authorization: the AWS form parses into algorithm, credential, signed headers, signature', () => {
  assert.deepEqual(parseAuthorization(HEADER), {
    algorithm: 'AWS4-HMAC-SHA256',
    credential: {
      id: 'AKIDEXAMPLE',
      date: '20150830',
      region: 'us-east-1',
      service: 'service',
      terminator: 'aws4_request',
    },
    signedHeaders: ['host', 'my-header1', 'x-amz-date'],
    signature: SIG,
  });
});

test('ok/authorization: "," without space, extra spaces, and any parameter order are tolerated', () => {
  const expected = parseAuthorization(HEADER);
  assert.deepEqual(
    parseAuthorization(
      `AWS4-HMAC-SHA256 Credential=${CRED},SignedHeaders=host;my-header1;x-amz-date,Signature=${SIG}`,
    ),
    expected,
  );
  assert.deepEqual(
    parseAuthorization(
      `AWS4-HMAC-SHA256   Signature=${SIG} ,  Credential=${CRED}, SignedHeaders=host;my-header1;x-amz-date`,
    ),
    expected,
  );
});

test('ok/authorization: the three SigV4-X509 algorithms with a decimal serial', () => {
  const cred = '21/20240706/us-east-2/rolesanywhere/aws4_request';
  const rsa = parseAuthorization(
    `AWS4-X509-RSA-SHA256 Credential=${cred}, SignedHeaders=host, Signature=${'ab'.repeat(256)}`,
  );
  assert.equal(rsa.algorithm, 'AWS4-X509-RSA-SHA256');
  assert.equal(rsa.credential.id, '21');
  const ec = parseAuthorization(
    `AWS4-X509-ECDSA-SHA256 Credential=${cred}, SignedHeaders=host, Signature=${'30'.repeat(71)}`,
  );
  assert.equal(ec.algorithm, 'AWS4-X509-ECDSA-SHA256');
  for (const bytes of [2420, 3309, 4627]) {
    const ml = parseAuthorization(
      `AWS4-X509-MLDSA Credential=${cred}, SignedHeaders=host, Signature=${'00'.repeat(bytes)}`,
    );
    assert.equal(ml.signature.length, bytes * 2);
  }
});

test('fail/authorization: longer than 16 KiB → IncompleteSignatureException before parsing', () => {
  throwsWith(
    () => parseAuthorization(`${HEADER}${' '.repeat(16 * 1024)}`),
    'IncompleteSignatureException',
    'Authorization header is too long.',
  );
});

test('fail/authorization: unsupported algorithm → IncompleteSignatureException', () => {
  throwsWith(
    () => parseAuthorization(HEADER.replace('AWS4-HMAC-SHA256', 'AWS4-HMAC-SHA512')),
    'IncompleteSignatureException',
    "Unsupported AWS 'algorithm': 'AWS4-HMAC-SHA512'.",
  );
  throwsWith(
    () => parseAuthorization('Bearer abc.def'),
    'IncompleteSignatureException',
    "Unsupported AWS 'algorithm': 'Bearer'.",
  );
  throwsWith(() => parseAuthorization('Basic <script>'), 'IncompleteSignatureException');
});

test('fail/authorization: missing Credential and Signature → AWS message naming both', () => {
  throwsWith(
    () => parseAuthorization('AWS4-HMAC-SHA256 SignedHeaders=host'),
    'IncompleteSignatureException',
    "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter.",
  );
  throwsWith(
    () => parseAuthorization('AWS4-HMAC-SHA256'),
    'IncompleteSignatureException',
    /requires 'Credential'.*requires 'SignedHeaders'.*requires 'Signature'/,
  );
  throwsWith(
    () => parseAuthorization(`AWS4-HMAC-SHA256 Credential=${CRED}, SignedHeaders=, Signature=${SIG}`),
    'IncompleteSignatureException',
    "Authorization header requires 'SignedHeaders' parameter.",
  );
});

test('fail/authorization: a parameter without "=", an unknown one or a repeated one → IncompleteSignatureException', () => {
  throwsWith(
    () => parseAuthorization(`${HEADER}, garbage`),
    'IncompleteSignatureException',
    /missing equal-sign/,
  );
  throwsWith(() => parseAuthorization(`${HEADER},`), 'IncompleteSignatureException', /missing equal-sign/);
  throwsWith(
    () => parseAuthorization(`${HEADER}, Foo=bar`),
    'IncompleteSignatureException',
    /unknown parameter/,
  );
  throwsWith(
    () => parseAuthorization(`${HEADER}, Signature=${SIG}`),
    'IncompleteSignatureException',
    /more than once/,
  );
});

test('fail/authorization: credential scope of the wrong shape → IncompleteSignatureException', () => {
  const message =
    'Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term.';
  for (const cred of [
    'AKIDEXAMPLE/20150830/us-east-1/service',
    'AKIDEXAMPLE/20150830/us-east-1/service/aws4_request/x',
    'AKIDEXAMPLE//us-east-1/service/aws4_request',
  ]) {
    throwsWith(() => parseAuthorization(HEADER.replace(CRED, cred)), 'IncompleteSignatureException', message);
  }
});

test('fail/authorization: an access key id with odd characters, or a non-decimal X.509 serial → IncompleteSignatureException', () => {
  throwsWith(
    () => parseAuthorization(HEADER.replace('AKIDEXAMPLE', 'AKID-EXAMPLE')),
    'IncompleteSignatureException',
  );
  throwsWith(
    () =>
      parseAuthorization(
        `AWS4-X509-RSA-SHA256 Credential=0x15/20240706/us-east-2/rolesanywhere/aws4_request, SignedHeaders=host, Signature=${'ab'.repeat(256)}`,
      ),
    'IncompleteSignatureException',
    /decimal serial/,
  );
});

test('fail/authorization: SignedHeaders not lower-case, unsorted or repeated → IncompleteSignatureException', () => {
  for (const list of [
    'Host;x-amz-date',
    'x-amz-date;host',
    'host;host;x-amz-date',
    'host;;x-amz-date',
    'host;x amz',
  ]) {
    throwsWith(
      () => parseAuthorization(HEADER.replace('host;my-header1;x-amz-date', list)),
      'IncompleteSignatureException',
      /SignedHeaders must be lower-case/,
    );
  }
});

test('fail/authorization: more than 64 signed headers → IncompleteSignatureException', () => {
  const many = Array.from({ length: 65 }, (_, i) => `h${String(i).padStart(3, '0')}`).join(';');
  throwsWith(
    () => parseAuthorization(HEADER.replace('host;my-header1;x-amz-date', many)),
    'IncompleteSignatureException',
  );
});

test('fail/authorization: signature not lower-case hex of a plausible length → IncompleteSignatureException', () => {
  for (const signature of [SIG.toUpperCase(), SIG.slice(2), `${SIG}00`, `${SIG.slice(1)}g`]) {
    throwsWith(
      () => parseAuthorization(HEADER.replace(SIG, signature)),
      'IncompleteSignatureException',
      /lower-case hexadecimal/,
    );
  }
  throwsWith(
    () =>
      parseAuthorization(
        `AWS4-X509-MLDSA Credential=1/20240706/us-east-2/rolesanywhere/aws4_request, SignedHeaders=host, Signature=${'00'.repeat(2421)}`,
      ),
    'IncompleteSignatureException',
  );
});
