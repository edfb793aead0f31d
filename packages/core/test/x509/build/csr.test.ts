/**
 * PKCS#10: requests written by `openssl req -new` and by buildCsr parse and verify; OpenSSL
 * verifies buildCsr's; tampered, weak, garbled and truncated requests are refused with a
 * ValidationException and never another exception.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
} from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { isAnchorageError } from '@anchorage/core/errors';
import { buildCsr, parseCsr } from '@anchorage/core/x509/build/csr';
import { encodeName, parseDistinguishedName } from '@anchorage/core/x509/build/distinguished-name';
import { decodePem, encodePem } from '@anchorage/core/x509/pem';
import { assertRefused } from '../helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'anchorage-csr-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function openssl(args: readonly string[]): { status: number | null; output: string } {
  const result = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

const SAN =
  'subjectAltName=DNS:web.example.com,IP:10.0.0.1,URI:spiffe://example.com/web,email:ops@example.com,IP:2001:db8::1';

/** `openssl req -new` with a fresh key; returns the PEM text and the key. */
function opensslCsr(
  name: string,
  newkey: readonly string[],
  extra: readonly string[] = [],
): { pem: string; key: KeyObject } {
  const made = openssl([
    'req',
    '-new',
    '-nodes',
    ...newkey,
    '-keyout',
    `${name}.key`,
    '-subj',
    '/C=US/O=Example/CN=web',
    ...extra,
    '-out',
    `${name}.csr`,
  ]);
  assert.equal(made.status, 0, made.output);
  return {
    pem: readFileSync(join(dir, `${name}.csr`), 'utf8'),
    key: createPrivateKey(readFileSync(join(dir, `${name}.key`))),
  };
}

function derOf(pem: string): Uint8Array {
  const [block] = decodePem(pem);
  assert.ok(block !== undefined);
  return block.der;
}

const rsa = opensslCsr('rsa', ['-newkey', 'rsa:2048'], ['-addext', SAN]);
const ec = opensslCsr('ec', ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'], ['-addext', SAN]);

test('ok/openssl req (RSA) with a subjectAltName extension request', () => {
  const request = parseCsr(rsa.pem);
  assert.equal(request.keyType, 'rsa');
  assert.equal(request.subjectText, 'CN=web,O=Example,C=US');
  // The same bytes encodeName writes: OpenSSL's string types agree with ours.
  assert.deepEqual(request.subject, encodeName(parseDistinguishedName('/C=US/O=Example/CN=web')));
  assert.deepEqual(request.requestedSubjectAltNames, {
    dns: ['web.example.com'],
    uris: ['spiffe://example.com/web'],
    emails: ['ops@example.com'],
    ips: ['10.0.0.1', '2001:db8::1'],
  });
  assert.ok(request.publicKey.equals(createPublicKey(rsa.key)));
  assert.deepEqual(
    request.subjectPublicKeyInfo,
    new Uint8Array(createPublicKey(rsa.key).export({ type: 'spki', format: 'der' })),
  );
  assert.deepEqual(request.der, derOf(rsa.pem));
});

test('ok/openssl req (EC P-256, P-384 with SHA-384), as PEM text, PEM bytes and DER', () => {
  const der = derOf(ec.pem);
  for (const input of [ec.pem, new TextEncoder().encode(ec.pem), der]) {
    const request = parseCsr(input);
    assert.equal(request.keyType, 'ec');
    assert.equal(request.requestedSubjectAltNames.dns[0], 'web.example.com');
  }
  const p384 = opensslCsr('p384', ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-384', '-sha384']);
  const request = parseCsr(p384.pem);
  assert.equal(request.keyType, 'ec');
  assert.deepEqual(request.requestedSubjectAltNames, { dns: [], uris: [], emails: [], ips: [] });
  // RFC 7468 §7: the legacy label some tools still write.
  assert.equal(parseCsr(encodePem('NEW CERTIFICATE REQUEST', der)).keyType, 'ec');
});

const keys = {
  rsa: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey,
  p256: generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey,
  p521: generateKeyPairSync('ec', { namedCurve: 'P-521' }).privateKey,
  mlDsa44: generateKeyPairSync('ml-dsa-44').privateKey,
  mlDsa65: generateKeyPairSync('ml-dsa-65').privateKey,
};
const caSubject = encodeName(parseDistinguishedName('CN=Anchorage Issuing CA,O=Example,C=US'));

test('ok/buildCsr for each key type parses back; OpenSSL verifies the classic ones', () => {
  for (const [name, key] of Object.entries(keys)) {
    const der = buildCsr(caSubject, key);
    const request = parseCsr(der);
    assert.deepEqual(request.subject, caSubject);
    assert.equal(request.subjectText, 'CN=Anchorage Issuing CA,O=Example,C=US');
    assert.ok(request.publicKey.equals(createPublicKey(key)), name);
    assert.equal(
      request.keyType,
      key.asymmetricKeyType === 'rsa' || key.asymmetricKeyType === 'ec'
        ? key.asymmetricKeyType
        : name === 'mlDsa44'
          ? 'ml-dsa-44'
          : 'ml-dsa-65',
    );
    if (name.startsWith('mlDsa')) continue;
    writeFileSync(join(dir, `built-${name}.csr`), encodePem('CERTIFICATE REQUEST', der));
    const verified = openssl(['req', '-verify', '-noout', '-text', '-in', `built-${name}.csr`]);
    assert.equal(verified.status, 0, verified.output);
    assert.match(verified.output, /verify OK/);
    assert.match(verified.output, /Subject: C = US, O = Example, CN = Anchorage Issuing CA/);
  }
  assert.equal(parseCsr(buildCsr(caSubject, keys.p256, 'sha512')).keyType, 'ec');
});

test('fail/buildCsr: a public key, an empty subject, a malformed subject', () => {
  assert.throws(() => buildCsr(caSubject, createPublicKey(keys.p256)), TypeError);
  assert.throws(() => buildCsr(encodeName([]), keys.p256), TypeError);
  assert.throws(() => buildCsr(Uint8Array.of(0x30, 0x01), keys.p256), TypeError);
});

/** Flips the byte at `offset` of `der`. */
function flipped(der: Uint8Array, offset: number, mask = 0x01): Uint8Array {
  const copy = der.slice();
  copy[offset] = (copy[offset] ?? 0) ^ mask;
  return copy;
}

function indexOfBytes(haystack: Uint8Array, needle: string): number {
  return Buffer.from(haystack).indexOf(Buffer.from(needle, 'latin1'));
}

test('fail/a tampered signature or subject does not verify', () => {
  for (const der of [
    derOf(rsa.pem),
    derOf(ec.pem),
    buildCsr(caSubject, keys.mlDsa65),
    buildCsr(caSubject, keys.p521),
  ]) {
    assertRefused(() => parseCsr(flipped(der, der.length - 1)), "the CSR's signature does not verify");
    const subjectOffset = Math.max(indexOfBytes(der, 'web'), indexOfBytes(der, 'Anchorage'));
    assert.ok(subjectOffset > 0);
    assertRefused(() => parseCsr(flipped(der, subjectOffset)), "the CSR's signature does not verify");
  }
});

test('fail/weak or unsupported keys and algorithms from openssl req', () => {
  const cases: [string, string[], string][] = [
    ['rsa1024', ['-newkey', 'rsa:1024'], 'RSA key has 1024 bits'],
    ['k256', ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:secp256k1'], 'not on P-256, P-384 or P-521'],
    ['sha1', ['-newkey', 'rsa:2048', '-sha1'], 'SHA-256 or stronger'],
    ['ed25519', ['-newkey', 'ed25519'], 'Ed25519'],
    ['pss', ['-newkey', 'rsa-pss', '-pkeyopt', 'rsa_keygen_bits:2048'], 'RSASSA-PSS key'],
    [
      'underscore',
      [
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-addext',
        'subjectAltName=DNS:bad_name.example.com',
      ],
      'cannot be issued',
    ],
  ];
  for (const [name, newkey, message] of cases) {
    const made = opensslCsr(name, newkey);
    assertRefused(() => parseCsr(made.pem), message);
  }
});

test('fail/garbage, wrong PEM labels, sizes', () => {
  const der = derOf(ec.pem);
  const refusals: [Uint8Array | string, string | RegExp][] = [
    ['', 'neither DER nor PEM'],
    [new Uint8Array(0), 'neither DER nor PEM'],
    ['hello', 'neither DER nor PEM'],
    [encodePem('CERTIFICATE', der), "'CERTIFICATE REQUEST' is expected"],
    [encodePem('CERTIFICATE REQUEST', der) + encodePem('CERTIFICATE REQUEST', der), 'exactly one'],
    ['-----BEGIN CERTIFICATE REQUEST-----\n!!!!\n-----END CERTIFICATE REQUEST-----\n', 'base64'],
    [Uint8Array.of(0x30, 0x00), 'lacks its certificationRequestInfo'],
    [Uint8Array.of(0x30, 0x80, 0x00, 0x00), 'indefinite length'],
    [new Uint8Array(70_000).fill(0x30), 'limit is 65536 bytes'],
    ['x'.repeat(200_000), 'too large'],
    [Uint8Array.of(0x02, 0x01, 0x00), 'neither DER nor PEM'],
  ];
  for (const [input, message] of refusals) assertRefused(() => parseCsr(input), message);
});

/** A deterministic byte stream (SHA-256 in counter mode) for the mutation test. */
function* stream(seed: string): Generator<number> {
  for (let counter = 0; ; counter += 1) yield* createHash('sha256').update(`${seed}/${counter}`).digest();
}

function assertOnlyValidationErrors(input: Uint8Array, label: string): void {
  try {
    parseCsr(input);
  } catch (error) {
    assert.ok(isAnchorageError(error) && error.code === 'ValidationException', `${label}: ${String(error)}`);
    return;
  }
  assert.fail(`${label}: a mutated CSR was accepted`);
}

test('fail/every truncation and hundreds of mutations give a ValidationException, never another error', () => {
  const inputs = { ec: derOf(ec.pem), rsa: derOf(rsa.pem), built: buildCsr(caSubject, keys.mlDsa44) };
  let count = 0;
  for (const [name, der] of Object.entries(inputs)) {
    const step = Math.max(1, Math.floor(der.length / 300));
    for (let length = 0; length < der.length; length += step) {
      assertOnlyValidationErrors(der.subarray(0, length), `${name} truncated to ${length}`);
      count += 1;
    }
    const bytes = stream(name);
    const next = () => bytes.next().value ?? 0;
    for (let round = 0; round < 300; round += 1) {
      const offset = ((next() << 8) | next()) % der.length;
      const kind = round % 3;
      const mutated =
        kind === 0
          ? flipped(der, offset, next() | 1) // change a byte
          : kind === 1
            ? Uint8Array.from([...der.subarray(0, offset), ...der.subarray(offset + 1)]) // drop a byte
            : Uint8Array.from([...der.subarray(0, offset), next(), ...der.subarray(offset)]); // insert a byte
      assertOnlyValidationErrors(mutated, `${name} mutation ${round} at ${offset}`);
      count += 1;
    }
  }
  assert.ok(count > 1000);
});
