/**
 * The PKCS#12 reader against files the real `openssl pkcs12 -export` writes (every option a
 * user is likely to pass), RFC 9579's PBMAC1 vectors, hand-built files for the corners openssl
 * will not produce, and a few hundred mutated files that must only ever yield a Pkcs12Error.
 */
import assert from 'node:assert/strict';
import { Buffer } from 'node:buffer';
import { execFileSync, spawnSync } from 'node:child_process';
import {
  createDecipheriv,
  createHmac,
  type KeyObject,
  pbkdf2Sync,
  sign,
  verify,
  X509Certificate,
} from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { decodeDer } from '@anchorage/core/der/decode';
import { type Pkcs12Contents, Pkcs12Error, parsePkcs12 } from '../src/identity/pkcs12.ts';
import { WorkBudget } from '../src/identity/pkcs12-budget.ts';
import { DIGESTS } from '../src/identity/pkcs12-hashes.ts';
import { KdfPurpose, pkcs12Kdf } from '../src/identity/pkcs12-kdf.ts';

// ---------------------------------------------------------------------------------------------
// Fixtures: a P-256 root and intermediate, and an RSA and a P-256 leaf under the intermediate.

let dir = '';
const pem: Record<string, string> = {};
const der: Record<string, Buffer> = {};
const PASSWORD = 'correct horse battery staple';
const UNICODE_PASSWORD = 'Pässwörd-ключ-🔑';

function openssl(args: readonly string[], env: Record<string, string> = {}): Buffer {
  return execFileSync('openssl', args, { cwd: dir, env: { ...process.env, ...env }, stdio: 'pipe' });
}

function file(name: string): string {
  return join(dir, name);
}

function derOf(name: string): Buffer {
  const value = der[name];
  assert.ok(value !== undefined, name);
  return value;
}

/** Whether this Node.js build can run a legacy cipher (OpenSSL 3 without its legacy provider cannot). */
function nodeHasCipher(name: string, keyLength: number, ivLength: number): boolean {
  try {
    createDecipheriv(name, Buffer.alloc(keyLength), ivLength === 0 ? null : Buffer.alloc(ivLength));
    return true;
  } catch {
    return false;
  }
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'anchorage-pkcs12-'));
  writeFileSync(
    file('ext.cnf'),
    [
      '[ca]',
      'basicConstraints = critical, CA:TRUE',
      'keyUsage = critical, keyCertSign, cRLSign',
      '[leaf]',
      'basicConstraints = critical, CA:FALSE',
      'keyUsage = critical, digitalSignature',
      '',
    ].join('\n'),
  );
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'];
  openssl([
    'req',
    '-x509',
    ...ec,
    '-nodes',
    '-keyout',
    'root.key',
    '-out',
    'root.pem',
    '-subj',
    '/CN=Test Root',
  ]);
  const issue = (name: string, keyArgs: string[], issuer: string, extensions: string, serial: string) => {
    openssl([
      'req',
      '-new',
      ...keyArgs,
      '-nodes',
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.csr`,
      '-subj',
      `/CN=${name}`,
    ]);
    openssl([
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      `${issuer}.pem`,
      '-CAkey',
      `${issuer}.key`,
      '-set_serial',
      serial,
      '-days',
      '2',
      '-extfile',
      'ext.cnf',
      '-extensions',
      extensions,
      '-out',
      `${name}.pem`,
    ]);
  };
  issue('intermediate', ec, 'root', 'ca', '2');
  issue('leaf-rsa', ['-newkey', 'rsa:2048'], 'intermediate', 'leaf', '3');
  issue('leaf-ec', ec, 'intermediate', 'leaf', '4');
  for (const name of ['root', 'intermediate', 'leaf-rsa', 'leaf-ec']) {
    pem[name] = readFileSync(file(`${name}.pem`), 'utf8');
    der[name] = openssl(['x509', '-in', `${name}.pem`, '-outform', 'DER']);
  }
  writeFileSync(file('chain.pem'), `${pem.intermediate}${pem.root}`);
});

after(() => {
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

let exported = 0;

/** `openssl pkcs12 -export` of a leaf (with the chain unless told otherwise). */
function exportP12(
  leaf: 'leaf-rsa' | 'leaf-ec',
  password: string,
  extra: readonly string[] = [],
  chain = true,
) {
  exported += 1;
  const out = `export-${exported}.p12`;
  const args = [
    'pkcs12',
    '-export',
    '-inkey',
    `${leaf}.key`,
    '-in',
    `${leaf}.pem`,
    '-passout',
    'env:P12_PASSWORD',
  ];
  if (chain) args.push('-certfile', 'chain.pem');
  openssl([...args, ...extra, '-out', out], { P12_PASSWORD: password });
  return readFileSync(file(out));
}

/** Like exportP12 but reports openssl's failure instead of throwing (for -legacy and RC4). */
function tryExportP12(leaf: 'leaf-rsa' | 'leaf-ec', password: string, extra: readonly string[]) {
  exported += 1;
  const out = file(`export-${exported}.p12`);
  const result = spawnSync(
    'openssl',
    [
      'pkcs12',
      '-export',
      '-inkey',
      `${leaf}.key`,
      '-in',
      `${leaf}.pem`,
      '-passout',
      'env:P12_PASSWORD',
      ...extra,
      '-out',
      out,
    ],
    { cwd: dir, env: { ...process.env, P12_PASSWORD: password }, stdio: 'pipe' },
  );
  return result.status === 0 ? readFileSync(out) : undefined;
}

function pkcs8(leaf: string, extra: readonly string[], password = PASSWORD): Buffer {
  return openssl(
    ['pkcs8', '-topk8', '-in', `${leaf}.key`, '-outform', 'DER', '-passout', 'env:P12_PASSWORD', ...extra],
    {
      P12_PASSWORD: password,
    },
  );
}

// ---------------------------------------------------------------------------------------------
// Assertions.

function assertKeyMatches(key: KeyObject | undefined, certificate: Buffer | undefined): void {
  assert.ok(key !== undefined, 'a private key');
  assert.ok(certificate !== undefined, 'a leaf certificate');
  const data = Buffer.from('anchorage pkcs12 test');
  const signature = sign('sha256', data, key);
  assert.ok(
    verify('sha256', data, new X509Certificate(certificate).publicKey, signature),
    'the key signs for the leaf',
  );
}

function assertIdentity(contents: Pkcs12Contents, leaf: 'leaf-rsa' | 'leaf-ec', chain = true): void {
  assertKeyMatches(contents.privateKey, contents.leafCertificate);
  assert.deepEqual(contents.leafCertificate, der[leaf]);
  const expected = chain ? [der[leaf], der.intermediate, der.root] : [der[leaf]];
  assert.deepEqual(contents.certificates, expected);
}

function refusal(run: () => unknown): Pkcs12Error {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof Pkcs12Error, `expected a Pkcs12Error, got ${String(error)}`);
    assert.doesNotMatch(error.message, /internal error/);
    return error;
  }
  assert.fail('expected a Pkcs12Error');
}

const WRONG_PASSWORD = /wrong password or corrupted file/;

// ---------------------------------------------------------------------------------------------
// A small DER builder for the files openssl will not write.

function length(n: number): number[] {
  if (n < 0x80) return [n];
  const octets: number[] = [];
  for (let rest = n; rest > 0; rest = Math.floor(rest / 256)) octets.unshift(rest % 256);
  return [0x80 | octets.length, ...octets];
}
const tlv = (tag: number, ...parts: Uint8Array[]): Buffer => {
  const body = Buffer.concat(parts);
  return Buffer.concat([Buffer.from([tag, ...length(body.length)]), body]);
};
const seq = (...parts: Uint8Array[]) => tlv(0x30, ...parts);
const set = (...parts: Uint8Array[]) => tlv(0x31, ...parts);
const octets = (bytes: Uint8Array) => tlv(0x04, bytes);
const explicit = (n: number, ...parts: Uint8Array[]) => tlv(0xa0 + n, ...parts);
const NULL = Buffer.from([0x05, 0x00]);
function int(value: number | bigint): Buffer {
  let hex = BigInt(value).toString(16);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  if (Number.parseInt(hex.slice(0, 2), 16) >= 0x80) hex = `00${hex}`;
  return tlv(0x02, Buffer.from(hex, 'hex'));
}
function oid(dotted: string): Buffer {
  const [first = 0n, second = 0n, ...rest] = dotted.split('.').map(BigInt);
  const out: number[] = [];
  for (const arc of [first * 40n + second, ...rest]) {
    const group = [Number(arc & 0x7fn)];
    for (let value = arc >> 7n; value > 0n; value >>= 7n) group.unshift(Number(value & 0x7fn) | 0x80);
    out.push(...group);
  }
  return tlv(0x06, Buffer.from(out));
}
function bmp(text: string): Buffer {
  return tlv(0x1e, Buffer.from(text, 'utf16le').swap16());
}

const ID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  envelopedData: '1.2.840.113549.1.7.3',
  encryptedData: '1.2.840.113549.1.7.6',
  keyBag: '1.2.840.113549.1.12.10.1.1',
  shroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
  certBag: '1.2.840.113549.1.12.10.1.3',
  crlBag: '1.2.840.113549.1.12.10.1.4',
  secretBag: '1.2.840.113549.1.12.10.1.5',
  safeContentsBag: '1.2.840.113549.1.12.10.1.6',
  x509: '1.2.840.113549.1.9.22.1',
  sdsi: '1.2.840.113549.1.9.22.2',
  friendlyName: '1.2.840.113549.1.9.20',
  localKeyId: '1.2.840.113549.1.9.21',
  pbes2: '1.2.840.113549.1.5.13',
  pbkdf2: '1.2.840.113549.1.5.12',
  pbmac1: '1.2.840.113549.1.5.14',
  aes256Cbc: '2.16.840.1.101.3.4.1.42',
  sha256: '2.16.840.1.101.3.4.2.1',
  hmacWithSHA256: '1.2.840.113549.2.9',
  hmacWithSHA512: '1.2.840.113549.2.11',
} as const;

function attributes(values: { localKeyId?: Uint8Array; friendlyName?: string }): Buffer[] {
  const list: Buffer[] = [];
  if (values.friendlyName !== undefined) list.push(seq(oid(ID.friendlyName), set(bmp(values.friendlyName))));
  if (values.localKeyId !== undefined) list.push(seq(oid(ID.localKeyId), set(octets(values.localKeyId))));
  return list.length === 0 ? [] : [set(...list)];
}
const safeBag = (bagId: string, value: Uint8Array, attrs: Buffer[] = []) =>
  seq(oid(bagId), explicit(0, value), ...attrs);
const certBag = (certificate: Uint8Array, attrs: Buffer[] = [], certType: string = ID.x509) =>
  safeBag(ID.certBag, seq(oid(certType), explicit(0, octets(certificate))), attrs);
const dataItem = (...bags: Buffer[]) => seq(oid(ID.data), explicit(0, octets(seq(...bags))));

/** PFX around AuthenticatedSafe items, with an optional MAC computed over its content. */
function pfx(items: readonly Buffer[], mac?: (content: Buffer) => Buffer, version = 3): Buffer {
  const content = seq(...items);
  return seq(
    int(version),
    seq(oid(ID.data), explicit(0, octets(content))),
    ...(mac === undefined ? [] : [mac(content)]),
  );
}

/** The AuthenticatedSafe content octets of an openssl-written file, to re-wrap with another MAC. */
function authSafeContent(file: Buffer): Buffer {
  const octetString = decodeDer(file, 'test PFX').children[1]?.children[1]?.children[0];
  assert.ok(octetString !== undefined);
  return Buffer.from(octetString.content);
}

function rewrap(file: Buffer, mac: (content: Buffer) => Buffer): Buffer {
  const content = authSafeContent(file);
  return seq(int(3), seq(oid(ID.data), explicit(0, octets(content))), mac(content));
}

/** A classic MAC (RFC 7292 §4) keyed from the given BMPString bytes. */
function classicMac(passwordBytes: Uint8Array, digestOid: string = ID.sha256, iterations = 2048) {
  return (content: Buffer) => {
    const digest = DIGESTS.get(digestOid);
    assert.ok(digest !== undefined);
    const salt = Buffer.from('0123456789abcdef', 'hex');
    const key = pkcs12Kdf(
      digest,
      passwordBytes,
      salt,
      KdfPurpose.mac,
      iterations,
      digest.outputSize,
      new WorkBudget(),
    );
    const mac = createHmac(digest.name, key).update(content).digest();
    return seq(seq(seq(oid(digestOid), NULL), octets(mac)), octets(salt), int(iterations));
  };
}

interface Pbmac1Options {
  readonly prf?: string;
  readonly hmac?: string;
  readonly keyLength?: number | undefined;
  readonly iterations?: number;
}

/** A PBMAC1 MAC (RFC 9579), computed with node:crypto directly. */
function pbmac1(password: string, options: Pbmac1Options = {}) {
  const prf = options.prf ?? ID.hmacWithSHA256;
  const hmac = options.hmac ?? ID.hmacWithSHA256;
  const iterations = options.iterations ?? 2048;
  const keyLength = 'keyLength' in options ? options.keyLength : 32;
  const names: Record<string, string> = { [ID.hmacWithSHA256]: 'sha256', [ID.hmacWithSHA512]: 'sha512' };
  return (content: Buffer) => {
    const salt = Buffer.from('fedcba9876543210', 'hex');
    const key = pbkdf2Sync(
      Buffer.from(password, 'utf8'),
      salt,
      iterations,
      keyLength ?? 32,
      names[prf] ?? '',
    );
    const mac = createHmac(names[hmac] ?? '', key)
      .update(content)
      .digest();
    const kdfParams = seq(
      octets(salt),
      int(iterations),
      ...(keyLength === undefined ? [] : [int(keyLength)]),
      seq(oid(prf), NULL),
    );
    const params = seq(seq(oid(ID.pbkdf2), kdfParams), seq(oid(hmac), NULL));
    return seq(seq(seq(oid(ID.pbmac1), params), octets(mac)), octets(Buffer.from('NOT USED')), int(1));
  };
}

/** An EncryptedPrivateKeyInfo-shaped PBES2 AlgorithmIdentifier with the given PBKDF2 numbers. */
function pbes2Algorithm(iterations: number | bigint, keyLength?: number): Buffer {
  const kdf = seq(
    oid(ID.pbkdf2),
    seq(octets(Buffer.alloc(8, 1)), int(iterations), ...(keyLength ? [int(keyLength)] : [])),
  );
  return seq(oid(ID.pbes2), seq(kdf, seq(oid(ID.aes256Cbc), octets(Buffer.alloc(16, 2)))));
}

// ---------------------------------------------------------------------------------------------
// openssl pkcs12 -export, as users run it.

test('ok/default export (PBES2 AES-256-CBC, HMAC-SHA-256 MAC) of an RSA key with its chain', () => {
  assertIdentity(parsePkcs12(exportP12('leaf-rsa', PASSWORD), PASSWORD), 'leaf-rsa');
});

test('ok/default export of a P-256 key, with and without the chain', () => {
  assertIdentity(parsePkcs12(exportP12('leaf-ec', PASSWORD), PASSWORD), 'leaf-ec');
  assertIdentity(parsePkcs12(exportP12('leaf-ec', PASSWORD, [], false), PASSWORD), 'leaf-ec', false);
});

for (const macalg of ['sha1', 'sha224', 'sha256', 'sha384', 'sha512']) {
  test(`ok/MAC over ${macalg} (-macalg ${macalg})`, () => {
    assertIdentity(parsePkcs12(exportP12('leaf-ec', PASSWORD, ['-macalg', macalg]), PASSWORD), 'leaf-ec');
  });
}

const PBE_PAIRS: [string, string][] = [
  ['aes-128-cbc', 'aes-192-cbc'],
  ['aes-256-cbc', 'aes-128-cbc'],
  ['des-ede3-cbc', 'des-ede3-cbc'],
  ['PBE-SHA1-3DES', 'PBE-SHA1-3DES'],
  ['PBE-SHA1-2DES', 'PBE-SHA1-3DES'],
  ['PBE-SHA1-3DES', 'aes-256-cbc'],
];
for (const [keypbe, certpbe] of PBE_PAIRS) {
  test(`ok/-keypbe ${keypbe} -certpbe ${certpbe}`, () => {
    const p12 = exportP12('leaf-rsa', PASSWORD, ['-keypbe', keypbe, '-certpbe', certpbe, '-macalg', 'sha1']);
    assertIdentity(parsePkcs12(p12, PASSWORD), 'leaf-rsa');
  });
}

test('ok/-nomac: no integrity check, the password still decrypts (PBES2 and PKCS#12 PBE)', () => {
  assertIdentity(parsePkcs12(exportP12('leaf-ec', PASSWORD, ['-nomac']), PASSWORD), 'leaf-ec');
  const des = exportP12('leaf-ec', PASSWORD, [
    '-nomac',
    '-keypbe',
    'PBE-SHA1-3DES',
    '-certpbe',
    'PBE-SHA1-3DES',
  ]);
  assertIdentity(parsePkcs12(des, PASSWORD), 'leaf-ec');
});

test('ok/unencrypted key and certificates (-keypbe NONE -certpbe NONE), with and without a MAC', () => {
  const plain = ['-keypbe', 'NONE', '-certpbe', 'NONE'];
  assertIdentity(parsePkcs12(exportP12('leaf-rsa', PASSWORD, plain), PASSWORD), 'leaf-rsa');
  // Without a MAC nothing is checked against the password, so any password reads it.
  assertIdentity(parsePkcs12(exportP12('leaf-rsa', '', [...plain, '-nomac']), 'ignored'), 'leaf-rsa');
});

test('ok/empty password (-passout pass:) with PBES2, PKCS#12 PBE, and -nomac', () => {
  assertIdentity(parsePkcs12(exportP12('leaf-ec', ''), ''), 'leaf-ec');
  const des = ['-keypbe', 'PBE-SHA1-3DES', '-certpbe', 'PBE-SHA1-3DES'];
  assertIdentity(parsePkcs12(exportP12('leaf-ec', '', des), ''), 'leaf-ec');
  assertIdentity(parsePkcs12(exportP12('leaf-ec', '', [...des, '-nomac']), ''), 'leaf-ec');
});

test('ok/non-ASCII password (UTF-8 for PBES2, UTF-16 with a surrogate pair for the MAC and PKCS#12 PBE)', () => {
  assertIdentity(parsePkcs12(exportP12('leaf-rsa', UNICODE_PASSWORD), UNICODE_PASSWORD), 'leaf-rsa');
  const des = ['-keypbe', 'PBE-SHA1-3DES', '-certpbe', 'PBE-SHA1-3DES', '-macalg', 'sha1'];
  assertIdentity(parsePkcs12(exportP12('leaf-rsa', UNICODE_PASSWORD, des), UNICODE_PASSWORD), 'leaf-rsa');
  refusal(() => parsePkcs12(exportP12('leaf-rsa', UNICODE_PASSWORD), UNICODE_PASSWORD.normalize('NFD')));
});

test('ok/a file with certificates only (-nokeys) has no key and no leaf', () => {
  const contents = parsePkcs12(exportP12('leaf-ec', PASSWORD, ['-nokeys']), PASSWORD);
  assert.equal(contents.privateKey, undefined);
  assert.equal(contents.leafCertificate, undefined);
  assert.deepEqual(contents.certificates, [der['leaf-ec'], der.intermediate, der.root]);
});

test('ok/the returned buffers are copies: changing the input afterwards changes nothing', () => {
  const p12 = exportP12('leaf-ec', PASSWORD, ['-keypbe', 'NONE', '-certpbe', 'NONE', '-nomac']);
  const contents = parsePkcs12(p12, PASSWORD);
  p12.fill(0);
  assertIdentity(contents, 'leaf-ec');
});

// ---------------------------------------------------------------------------------------------
// Refusals of openssl-written files.

test('fail/wrong password: the MAC says so', () => {
  const p12 = exportP12('leaf-rsa', PASSWORD);
  const error = refusal(() => parsePkcs12(p12, 'not the password'));
  assert.match(error.message, /^verifying the PKCS#12 MAC .*failed: wrong password or corrupted file$/);
  assert.match(refusal(() => parsePkcs12(p12, '')).message, WRONG_PASSWORD);
});

test('fail/wrong password without a MAC: decryption says so (PBES2 and PKCS#12 PBE)', () => {
  // With -nomac, openssl leaves the certificates unencrypted: only the key tells.
  const encryptedCerts = exportP12('leaf-ec', PASSWORD, ['-nomac', '-certpbe', 'aes-128-cbc']);
  const certsError = refusal(() => parsePkcs12(encryptedCerts, 'nope')).message;
  assert.match(
    certsError,
    /^decrypting the encrypted SafeContents in AuthenticatedSafe item 1 .*wrong password/,
  );
  const aes = exportP12('leaf-ec', PASSWORD, ['-nomac']);
  assert.match(
    refusal(() => parsePkcs12(aes, 'nope')).message,
    /^decrypting the private key failed: wrong password or corrupted file$/,
  );
  const des = exportP12('leaf-ec', PASSWORD, [
    '-nomac',
    '-keypbe',
    'PBE-SHA1-3DES',
    '-certpbe',
    'PBE-SHA1-3DES',
  ]);
  assert.match(refusal(() => parsePkcs12(des, '')).message, WRONG_PASSWORD);
});

test('fail/-legacy (RC2-40 certificates): refused with the re-export advice', (t) => {
  const p12 = tryExportP12('leaf-rsa', PASSWORD, ['-legacy']);
  if (p12 === undefined) {
    t.skip('this openssl cannot write -legacy files (no legacy provider)');
    return;
  }
  if (nodeHasCipher('rc2-40-cbc', 5, 8)) {
    assertIdentity(parsePkcs12(p12, PASSWORD), 'leaf-rsa', false);
    return;
  }
  const error = refusal(() => parsePkcs12(p12, PASSWORD));
  assert.match(
    error.message,
    /with legacy RC2 encryption \(pbeWithSHAAnd40BitRC2-CBC\), which this Node\.js build cannot decrypt/,
  );
  assert.match(
    error.message,
    /re-export the file with `openssl pkcs12 -export` \(OpenSSL 3's default is AES-256\)/,
  );
});

test('fail/RC4 (PBE-SHA1-RC4-128 / -40): refused with the re-export advice', (t) => {
  const legacy = ['-provider', 'legacy', '-provider', 'default'];
  const p12 = tryExportP12('leaf-ec', PASSWORD, [
    ...legacy,
    '-keypbe',
    'PBE-SHA1-RC4-128',
    '-certpbe',
    'PBE-SHA1-RC4-40',
  ]);
  if (p12 === undefined) {
    t.skip('this openssl cannot write RC4 (no legacy provider)');
    return;
  }
  if (nodeHasCipher('rc4-40', 5, 0)) {
    assertIdentity(parsePkcs12(p12, PASSWORD), 'leaf-ec', false);
    return;
  }
  const error = refusal(() => parsePkcs12(p12, PASSWORD));
  assert.match(error.message, /legacy RC4 encryption \(pbeWithSHAAnd40BitRC4\)/);
  assert.match(error.message, /openssl pkcs12 -export/);
});

// ---------------------------------------------------------------------------------------------
// PBMAC1 (RFC 9579): the RFC's own vectors (Appendix A, password "1234") and files built here.

test('ok/RFC 9579 A.1 (PBMAC1, HMAC-SHA-256 and PRF SHA-256) and A.3 (SHA-512)', () => {
  for (const vector of [RFC9579_A1, RFC9579_A3]) {
    const contents = parsePkcs12(Buffer.from(vector, 'base64'), '1234');
    assertKeyMatches(contents.privateKey, contents.leafCertificate);
    assert.equal(contents.certificates.length, 1);
  }
});

test('fail/RFC 9579 A.1 with a wrong password, or with its PBKDF2 iteration count changed (A.4)', () => {
  const a1 = Buffer.from(RFC9579_A1, 'base64');
  assert.match(refusal(() => parsePkcs12(a1, '4321')).message, WRONG_PASSWORD);
  // In the MAC's PBKDF2-params: iterationCount 2048, keyLength 32.
  const at = a1.lastIndexOf(Buffer.from('02020800020120', 'hex'));
  assert.ok(at > 0);
  const a4 = Buffer.from(a1);
  a4[at + 3] = 0x01;
  assert.match(refusal(() => parsePkcs12(a4, '1234')).message, WRONG_PASSWORD);
});

test('ok/PBMAC1 around an openssl file, PRF and HMAC differing (RFC 9579 A.2 style)', () => {
  const inner = exportP12('leaf-ec', PASSWORD, ['-nomac']);
  const p12 = rewrap(inner, pbmac1(PASSWORD, { prf: ID.hmacWithSHA512, hmac: ID.hmacWithSHA256 }));
  assertIdentity(parsePkcs12(p12, PASSWORD), 'leaf-ec');
  assert.match(refusal(() => parsePkcs12(p12, `${PASSWORD}!`)).message, WRONG_PASSWORD);
});

test('ok/PBMAC1 takes the UTF-8 password, also when it is empty or not ASCII', () => {
  for (const password of ['', UNICODE_PASSWORD]) {
    const p12 = rewrap(exportP12('leaf-ec', password, ['-nomac']), pbmac1(password));
    assertIdentity(parsePkcs12(p12, password), 'leaf-ec');
  }
});

test('fail/PBMAC1 without keyLength (RFC 9579 A.6 style)', () => {
  const p12 = rewrap(exportP12('leaf-ec', PASSWORD, ['-nomac']), pbmac1(PASSWORD, { keyLength: undefined }));
  assert.match(refusal(() => parsePkcs12(p12, PASSWORD)).message, /PBMAC1 MAC lack keyLength \(RFC 9579\)/);
});

// ---------------------------------------------------------------------------------------------
// Password conventions the openssl CLI does not exercise.

test('ok/empty password as zero bytes (not the two-byte BMPString terminator) in the MAC', () => {
  const inner = exportP12('leaf-ec', '', ['-nomac']);
  const p12 = rewrap(inner, classicMac(Buffer.alloc(0)));
  assertIdentity(parsePkcs12(p12, ''), 'leaf-ec');
  assert.match(refusal(() => parsePkcs12(p12, 'x')).message, WRONG_PASSWORD);
});

test('ok/OpenSSL < 1.1.0 non-ASCII passwords (each UTF-8 byte widened to 16 bits) in the MAC', () => {
  const utf8 = Buffer.from(UNICODE_PASSWORD, 'utf8');
  const widened = Buffer.alloc(utf8.length * 2 + 2);
  utf8.forEach((octet, index) => {
    widened[index * 2 + 1] = octet;
  });
  const p12 = rewrap(
    exportP12('leaf-ec', UNICODE_PASSWORD, ['-nomac', '-keypbe', 'NONE', '-certpbe', 'NONE']),
    classicMac(widened),
  );
  assertIdentity(parsePkcs12(p12, UNICODE_PASSWORD), 'leaf-ec');
});

// ---------------------------------------------------------------------------------------------
// Hand-built files: keys encrypted by `openssl pkcs8`, bag kinds, attributes and leaf choice.

const chainBags = () => [certBag(derOf('intermediate')), certBag(derOf('root'))];

for (const prf of ['hmacWithSHA1', 'hmacWithSHA224', 'hmacWithSHA256', 'hmacWithSHA384', 'hmacWithSHA512']) {
  test(`ok/PBES2 key with PRF ${prf} (openssl pkcs8 -v2prf ${prf})`, () => {
    const epki = pkcs8('leaf-ec', ['-v2', 'aes-256-cbc', '-v2prf', prf]);
    const p12 = pfx([dataItem(safeBag(ID.shroudedKeyBag, epki), certBag(derOf('leaf-ec')), ...chainBags())]);
    assertIdentity(parsePkcs12(p12, PASSWORD), 'leaf-ec');
  });
}

test('ok/PKCS#12 PBE key from openssl pkcs8 -v1 PBE-SHA1-3DES, in a keyBag-free file with no MAC', () => {
  const epki = pkcs8('leaf-rsa', ['-v1', 'PBE-SHA1-3DES']);
  const p12 = pfx([dataItem(certBag(derOf('leaf-rsa')), ...chainBags(), safeBag(ID.shroudedKeyBag, epki))]);
  assertIdentity(parsePkcs12(p12, PASSWORD), 'leaf-rsa');
});

test('ok/leaf found by public key wherever it sits; crlBag, secretBag, unknown bags and sdsi certificates ignored', () => {
  const key = pkcs8('leaf-ec', ['-nocrypt']);
  const p12 = pfx([
    dataItem(
      certBag(derOf('root'), attributes({ friendlyName: 'root' })),
      safeBag(ID.crlBag, seq(oid('1.2.840.113549.1.9.23.1'), explicit(0, octets(Buffer.from([0x30, 0x00]))))),
      safeBag(ID.secretBag, seq(oid('1.2.3.4'), explicit(0, octets(Buffer.from('secret'))))),
      safeBag('1.3.6.1.4.1.99999.1', Buffer.from([0x05, 0x00])),
      certBag(Buffer.from('not x509'), [], ID.sdsi),
    ),
    dataItem(
      // A nested safeContentsBag holding the key and, deeper still, the leaf.
      safeBag(
        ID.safeContentsBag,
        seq(
          safeBag(ID.keyBag, key, attributes({ friendlyName: 'me', localKeyId: Buffer.from([9]) })),
          safeBag(ID.safeContentsBag, seq(certBag(derOf('intermediate')), certBag(derOf('leaf-ec')))),
        ),
      ),
    ),
  ]);
  const contents = parsePkcs12(p12, '');
  assertKeyMatches(contents.privateKey, contents.leafCertificate);
  assert.deepEqual(contents.leafCertificate, der['leaf-ec']);
  assert.deepEqual(contents.certificates, [der.root, der.intermediate, der['leaf-ec']]);
});

test('ok/localKeyId picks the leaf only among certificates node:crypto cannot read', () => {
  const key = pkcs8('leaf-ec', ['-nocrypt']);
  const unreadable = seq(int(1), int(2)); // a DER SEQUENCE, but no certificate
  const id = { localKeyId: Buffer.from('key-1') };
  // A readable certificate for another key never wins on localKeyId alone.
  const mismatched = pfx([
    dataItem(safeBag(ID.keyBag, key, attributes(id)), certBag(derOf('leaf-rsa'), attributes(id))),
  ]);
  assert.equal(parsePkcs12(mismatched, '').leafCertificate, undefined);
  const fallback = pfx([
    dataItem(
      safeBag(ID.keyBag, key, attributes(id)),
      certBag(derOf('root')),
      certBag(unreadable, attributes(id)),
    ),
  ]);
  assert.deepEqual(parsePkcs12(fallback, '').leafCertificate, unreadable);
});

test('ok/BER: indefinite lengths and constructed OCTET STRINGs (as NSS and Bouncy Castle write) read like DER', () => {
  const withMac = exportP12('leaf-ec', PASSWORD);
  assertIdentity(parsePkcs12(toBer(withMac, false), PASSWORD), 'leaf-ec');
  const plain = exportP12('leaf-rsa', '', ['-keypbe', 'NONE', '-certpbe', 'NONE', '-nomac']);
  const ber = toBer(plain, true);
  assert.notDeepEqual(ber, plain);
  assertIdentity(parsePkcs12(ber, ''), 'leaf-rsa');
  // encryptedData whose encryptedContent [0] becomes constructed, plus the shrouded key.
  const encrypted = exportP12('leaf-rsa', PASSWORD, ['-nomac', '-certpbe', 'aes-128-cbc']);
  assertIdentity(parsePkcs12(toBer(encrypted, true), PASSWORD), 'leaf-rsa');
});

// ---------------------------------------------------------------------------------------------
// Hand-built refusals.

const someCert = () => certBag(derOf('root'));

test('fail/public-key integrity mode (signedData authSafe) and privacy mode (envelopedData)', () => {
  const signed = seq(int(3), seq(oid(ID.signedData), explicit(0, seq(int(1)))));
  assert.match(
    refusal(() => parsePkcs12(signed, '')).message,
    /public-key integrity mode .*signedData.*openssl pkcs12 -export/,
  );
  const enveloped = pfx([dataItem(someCert()), seq(oid(ID.envelopedData), explicit(0, seq(int(0))))]);
  assert.match(
    refusal(() => parsePkcs12(enveloped, '')).message,
    /public-key privacy mode \(AuthenticatedSafe item 2 is envelopedData\)/,
  );
});

test('fail/unknown OIDs: content type, encryption algorithm, MAC digest, PBES2 cipher and PRF', () => {
  const unknownItem = pfx([seq(oid('1.2.3.4.5'), explicit(0, octets(Buffer.alloc(1))))]);
  assert.match(
    refusal(() => parsePkcs12(unknownItem, '')).message,
    /content type 1\.2\.3\.4\.5 in AuthenticatedSafe item 1/,
  );

  const epki = (algorithm: Buffer) => seq(algorithm, octets(Buffer.alloc(32)));
  const keyFile = (algorithm: Buffer) => pfx([dataItem(safeBag(ID.shroudedKeyBag, epki(algorithm)))]);
  assert.match(
    refusal(() =>
      parsePkcs12(keyFile(seq(oid('1.2.840.113549.1.12.1.99'), seq(octets(Buffer.alloc(8)), int(1)))), ''),
    ).message,
    /encryption algorithm Anchorage does not know \(OID 1\.2\.840\.113549\.1\.12\.1\.99\) for the private key/,
  );
  assert.match(
    refusal(() =>
      parsePkcs12(keyFile(seq(oid('1.2.840.113549.1.5.10'), seq(octets(Buffer.alloc(8)), int(1)))), ''),
    ).message,
    /obsolete PBES1 encryption \(pbeWithSHA1AndDES-CBC\)/,
  );
  const kdf = seq(oid(ID.pbkdf2), seq(octets(Buffer.alloc(8)), int(1)));
  assert.match(
    refusal(() =>
      parsePkcs12(
        keyFile(seq(oid(ID.pbes2), seq(kdf, seq(oid('2.16.840.1.101.3.4.1.46'), octets(Buffer.alloc(12)))))),
        '',
      ),
    ).message,
    /PBES2 encryption scheme 2\.16\.840\.1\.101\.3\.4\.1\.46/,
  );
  const rc2 = seq(oid('1.2.840.113549.3.2'), seq(int(58), octets(Buffer.alloc(8))));
  if (!nodeHasCipher('rc2-cbc', 16, 8)) {
    assert.match(
      refusal(() => parsePkcs12(keyFile(seq(oid(ID.pbes2), seq(kdf, rc2))), '')).message,
      /the private key with legacy RC2 encryption \(PBES2 with RC2-CBC\).*openssl pkcs12 -export/,
    );
  }
  const zeroKeyLength = seq(oid(ID.pbkdf2), seq(octets(Buffer.alloc(8)), int(1), int(0)));
  assert.match(
    refusal(() =>
      parsePkcs12(
        keyFile(seq(oid(ID.pbes2), seq(zeroKeyLength, seq(oid(ID.aes256Cbc), octets(Buffer.alloc(16)))))),
        '',
      ),
    ).message,
    /PBKDF2 keyLength is 0; it must be between 1 and 1024/,
  );
  const badPrf = seq(
    oid(ID.pbkdf2),
    seq(octets(Buffer.alloc(8)), int(1), seq(oid('1.2.840.113549.2.5'), NULL)),
  );
  assert.match(
    refusal(() =>
      parsePkcs12(
        keyFile(seq(oid(ID.pbes2), seq(badPrf, seq(oid(ID.aes256Cbc), octets(Buffer.alloc(16)))))),
        '',
      ),
    ).message,
    /PBKDF2 PRF 1\.2\.840\.113549\.2\.5/,
  );
  const md5Mac = () =>
    seq(seq(seq(oid('1.2.840.113549.2.5'), NULL), octets(Buffer.alloc(16))), octets(Buffer.alloc(8)), int(1));
  assert.match(
    refusal(() => parsePkcs12(pfx([dataItem(someCert())], md5Mac), '')).message,
    /MAC digest algorithm 1\.2\.840\.113549\.2\.5/,
  );
});

test('fail/iteration counts above the cap are refused before any hashing', () => {
  const keyFile = (algorithm: Buffer) =>
    pfx([dataItem(safeBag(ID.shroudedKeyBag, seq(algorithm, octets(Buffer.alloc(32)))))]);
  for (const iterations of [2_000_001, 2n ** 64n]) {
    const error = refusal(() => parsePkcs12(keyFile(pbes2Algorithm(iterations)), PASSWORD));
    assert.match(error.message, /refuses more than 2,000,000 per key derivation/);
  }
  const pbe = seq(oid('1.2.840.113549.1.12.1.3'), seq(octets(Buffer.alloc(8)), int(2n ** 31n)));
  assert.match(refusal(() => parsePkcs12(keyFile(pbe), PASSWORD)).message, /2,000,000/);
  const hugeMac = () =>
    seq(seq(seq(oid(ID.sha256), NULL), octets(Buffer.alloc(32))), octets(Buffer.alloc(8)), int(50_000_000));
  assert.match(
    refusal(() => parsePkcs12(pfx([dataItem(someCert())], hugeMac), '')).message,
    /50000000 iterations in MacData iterations/,
  );
  assert.match(refusal(() => parsePkcs12(keyFile(pbes2Algorithm(0)), '')).message, /must be at least 1/);
});

test('fail/the total derivation work of one file is capped', () => {
  // 52 SHA-1 blocks of 1,000,000 iterations each: over the 8,000,000 budget, refused up front.
  const inner = exportP12('leaf-ec', PASSWORD, ['-nomac']);
  const costly = () => {
    const kdfParams = seq(octets(Buffer.alloc(8)), int(1_000_000), int(1024));
    const params = seq(seq(oid(ID.pbkdf2), kdfParams), seq(oid(ID.hmacWithSHA256), NULL));
    return seq(seq(seq(oid(ID.pbmac1), params), octets(Buffer.alloc(32))), octets(Buffer.alloc(8)), int(1));
  };
  assert.match(
    refusal(() => parsePkcs12(rewrap(inner, costly), PASSWORD)).message,
    /more than 8,000,000 key-derivation iterations in total/,
  );
});

test('fail/structural refusals: version, several keys, PBES2 key length, IV length, nesting, bad key', () => {
  assert.match(
    refusal(() => parsePkcs12(pfx([dataItem(someCert())], undefined, 2), '')).message,
    /PFX version is 2/,
  );
  const key = pkcs8('leaf-ec', ['-nocrypt']);
  const twoKeys = pfx([
    dataItem(safeBag(ID.keyBag, key, attributes({ friendlyName: 'a' })), safeBag(ID.keyBag, key)),
  ]);
  assert.match(refusal(() => parsePkcs12(twoKeys, '')).message, /holds 2 private keys \(a, #2 \(unnamed\)\)/);
  const keyFile = (algorithm: Buffer) =>
    pfx([dataItem(safeBag(ID.shroudedKeyBag, seq(algorithm, octets(Buffer.alloc(32)))))]);
  assert.match(
    refusal(() => parsePkcs12(keyFile(pbes2Algorithm(1, 16)), '')).message,
    /16-byte key, but AES-256-CBC takes 32/,
  );
  const shortIv = seq(
    oid(ID.pbes2),
    seq(
      seq(oid(ID.pbkdf2), seq(octets(Buffer.alloc(8)), int(1))),
      seq(oid(ID.aes256Cbc), octets(Buffer.alloc(8))),
    ),
  );
  assert.match(
    refusal(() => parsePkcs12(keyFile(shortIv), '')).message,
    /8-byte AES-256-CBC IV; it must be 16 bytes/,
  );
  let nested = seq(someCert());
  for (let level = 0; level < 6; level += 1) nested = seq(safeBag(ID.safeContentsBag, nested));
  const deep = pfx([seq(oid(ID.data), explicit(0, octets(nested)))]);
  assert.match(refusal(() => parsePkcs12(deep, '')).message, /nests safeContentsBags more than 4 deep/);
  const notAKey = pfx([dataItem(safeBag(ID.keyBag, seq(int(0))))]);
  assert.match(
    refusal(() => parsePkcs12(notAKey, '')).message,
    /private key in the PKCS#12 keyBag cannot be loaded by node:crypto/,
  );
});

test('fail/not a PKCS#12 file: empty, random, PEM, truncated, trailing bytes, wrong input type', () => {
  assert.match(
    refusal(() => parsePkcs12(Buffer.alloc(0), '')).message,
    /PKCS#12 file is malformed: PFX is empty/,
  );
  assert.match(
    refusal(() => parsePkcs12(Buffer.from('hello, world'), '')).message,
    /PKCS#12 file is malformed/,
  );
  assert.match(
    refusal(() => parsePkcs12(Buffer.from(pem.root ?? ''), '')).message,
    /PEM text, not the binary \(DER\) form/,
  );
  const p12 = exportP12('leaf-ec', PASSWORD);
  for (const cut of [1, 2, 4, 100, p12.length - 1]) {
    assert.match(
      refusal(() => parsePkcs12(p12.subarray(0, cut), PASSWORD)).message,
      /malformed: PFX .*(truncated|declares)/,
    );
  }
  assert.match(
    refusal(() => parsePkcs12(Buffer.concat([p12, Buffer.from([0])]), PASSWORD)).message,
    /unexpected bytes after/,
  );
  assert.match(refusal(() => parsePkcs12('MIIK' as unknown as Uint8Array, '')).message, /must be bytes/);
  assert.match(
    refusal(() => parsePkcs12(p12, undefined as unknown as string)).message,
    /password must be a string/,
  );
});

// ---------------------------------------------------------------------------------------------
// Mutations: whatever happens to the bytes, the only failure is a Pkcs12Error.

test('fail/mutated files (flipped bytes, truncations, edited lengths) only ever raise Pkcs12Error', () => {
  const bases: [Buffer, string][] = [
    [exportP12('leaf-ec', PASSWORD, [], false), PASSWORD],
    [exportP12('leaf-ec', PASSWORD, ['-nomac'], false), PASSWORD],
    [
      exportP12(
        'leaf-ec',
        PASSWORD,
        ['-nomac', '-keypbe', 'PBE-SHA1-3DES', '-certpbe', 'PBE-SHA1-3DES'],
        false,
      ),
      PASSWORD,
    ],
    [exportP12('leaf-ec', '', ['-nomac', '-keypbe', 'NONE', '-certpbe', 'NONE']), ''],
    [toBer(exportP12('leaf-ec', '', ['-nomac', '-keypbe', 'NONE', '-certpbe', 'NONE'], false), true), ''],
  ];
  let seed = 0x2545f491;
  const random = (below: number) => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) % below;
  };
  const outcomes = { parsed: 0, refused: 0 };
  for (const [base, password] of bases) {
    for (let round = 0; round < 80; round += 1) {
      const mutated = Buffer.from(base);
      let input: Buffer = mutated;
      const at = random(base.length);
      switch (round % 5) {
        case 0:
          mutated[at] = (mutated[at] ?? 0) ^ (1 + random(255));
          break;
        case 1:
          input = mutated.subarray(0, at);
          break;
        case 2:
          mutated[at] = [0x00, 0x7f, 0x80, 0x81, 0x84, 0xff][random(6)] ?? 0;
          break;
        case 3:
          input = Buffer.concat([mutated.subarray(0, at), mutated.subarray(at + 1)]);
          break;
        default:
          input = Buffer.concat([mutated.subarray(0, at), Buffer.from([random(256)]), mutated.subarray(at)]);
      }
      try {
        parsePkcs12(input, password);
        outcomes.parsed += 1;
      } catch (error) {
        assert.ok(error instanceof Pkcs12Error, `round ${round}: ${String(error)}`);
        assert.doesNotMatch(error.message, /internal error/, `round ${round}`);
        outcomes.refused += 1;
      }
    }
  }
  assert.equal(outcomes.parsed + outcomes.refused, 400);
  assert.ok(outcomes.refused > 300, `most mutations are refused (${JSON.stringify(outcomes)})`);
});

// ---------------------------------------------------------------------------------------------
// BER for the tests: every constructed element gets an indefinite length, OCTET STRINGs longer
// than 16 bytes are cut into a constructed run, and (`deep`) the AuthenticatedSafe and
// SafeContents inside OCTET STRINGs are re-encoded the same way. Certificates are left alone.

function toBer(input: Buffer, deep: boolean): Buffer {
  return encodeBer(decodeDer(input, 'test DER'), deep);
}

function encodeBer(node: ReturnType<typeof decodeDer>, deep: boolean): Buffer {
  const identifier = node.raw.subarray(0, node.headerLength - length(node.contentLength).length);
  if (node.constructed) {
    return Buffer.concat([
      identifier,
      Buffer.from([0x80]),
      ...node.children.map((child) => encodeBer(child, deep)),
      Buffer.alloc(2),
    ]);
  }
  if (node.isContext(0) && node.contentLength > 16) {
    // encryptedContent [0] IMPLICIT OCTET STRING, in its constructed form.
    const pieces: Buffer[] = [];
    for (let offset = 0; offset < node.contentLength; offset += 16)
      pieces.push(tlv(0x04, node.content.subarray(offset, offset + 16)));
    return Buffer.concat([Buffer.from([0xa0, 0x80]), ...pieces, Buffer.alloc(2)]);
  }
  if (node.isUniversal && node.tagNumber === 4) {
    let content: Buffer = Buffer.from(node.content);
    if (deep && holdsPkcs12Structure(content)) content = toBer(content, deep);
    if (content.length <= 16) return tlv(0x04, content);
    const pieces: Buffer[] = [];
    for (let offset = 0; offset < content.length; offset += 16)
      pieces.push(tlv(0x04, content.subarray(offset, offset + 16)));
    return Buffer.concat([Buffer.from([0x24, 0x80]), ...pieces, Buffer.alloc(2)]);
  }
  return Buffer.from(node.raw);
}

/** AuthenticatedSafe and SafeContents: SEQUENCE OF SEQUENCE { OBJECT IDENTIFIER, … }. */
function holdsPkcs12Structure(content: Buffer): boolean {
  try {
    const first = decodeDer(content, 'probe').children[0]?.children[0];
    return first?.isUniversal === true && first.tagNumber === 6;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// RFC 9579 Appendix A test vectors (password "1234").

const RFC9579_A1 = [
  'MIIKigIBAzCCCgUGCSqGSIb3DQEHAaCCCfYEggnyMIIJ7jCCBGIGCSqGSIb3DQEH',
  'BqCCBFMwggRPAgEAMIIESAYJKoZIhvcNAQcBMFcGCSqGSIb3DQEFDTBKMCkGCSqG',
  'SIb3DQEFDDAcBAg9pxXxY2yscwICCAAwDAYIKoZIhvcNAgkFADAdBglghkgBZQME',
  'ASoEEK7yYaFQDi1pYwWzm9F/fs+AggPgFIT2XapyaFgDppdvLkdvaF3HXw+zjzKb',
  '7xFC76DtVPhVTWVHD+kIss+jsj+XyvMwY0aCuAhAG/Dig+vzWomnsqB5ssw5/kTb',
  '+TMQ5PXLkNeoBmB6ArKeGc/QmCBQvQG/a6b+nXSWmxNpP+71772dmWmB8gcSJ0kF',
  'Fj75NrIbmNiDMCb71Q8gOzBMFf6BpXf/3xWAJtxyic+tSNETfOJa8zTZb0+lV0w9',
  '5eUmDrPUpuxEVbb0KJtIc63gRkcfrPtDd6Ii4Zzbzj2Evr4/S4hnrQBsiryVzJWy',
  'IEjaD0y6+DmG0JwMgRuGi1wBoGowi37GMrDCOyOZWC4n5wHLtYyhR6JaElxbrhxP',
  'H46z2USLKmZoF+YgEQgYcSBXMgP0t36+XQocFWYi2N5niy02TnctwF430FYsQlhJ',
  'Suma4I33E808dJuMv8T/soF66HsD4Zj46hOf4nWmas7IaoSAbGKXgIa7KhGRJvij',
  'xM3WOX0aqNi/8bhnxSA7fCmIy/7opyx5UYJFWGBSmHP1pBHBVmx7Ad8SAsB9MSsh',
  'nbGjGiUk4h0QcOi29/M9WwFlo4urePyI8PK2qtVAmpD3rTLlsmgzguZ69L0Q/CFU',
  'fbtqsMF0bgEuh8cfivd1DYFABEt1gypuwCUtCqQ7AXK2nQqOjsQCxVz9i9K8NDeD',
  'aau98VAl0To2sk3/VR/QUq0PRwU1jPN5BzUevhE7SOy/ImuJKwpGqqFljYdrQmj5',
  'jDe+LmYH9QGVRlfN8zuU+48FY8CAoeBeHn5AAPml0PYPVUnt3/jQN1+v+CahNVI+',
  'La8q1Nen+j1R44aa2I3y/pUgtzXRwK+tPrxTQbG030EU51LYJn8amPWmn3w75ZIA',
  'MJrXWeKj44de7u4zdUsEBVC2uM44rIHM8MFjyYAwYsey0rcp0emsaxzar+7ZA67r',
  'lDoXvvS3NqsnTXHcn3T9tkPRoee6L7Dh3x4Od96lcRwgdYT5BwyH7e34ld4VTUmJ',
  'bDEq7Ijvn4JKrwQJh1RCC+Z/ObfkC42xAm7G010u3g08xB0Qujpdg4a7VcuWrywF',
  'c7hLNquuaF4qoDaVwYXHH3iuX6YlJ/3siTKbYCVXPEZOAMBP9lF/OU76UMJBQNfU',
  '0xjDx+3AhUVgnGuCsmYlK6ETDp8qOZKGyV0KrNSGtqLx3uMhd7PETeW+ML3tDQ/0',
  'X9fMkcZHi4C2fXnoHV/qa2dGhBj4jjQ0Xh1poU6mxGn2Mebe2hDsBZkkBpnn7pK4',
  'wP/VqXdQTwqEuvzGHLVFsCuADe40ZFBmtBrf70wG7ZkO8SUZ8Zz1IX3+S024g7yj',
  'QRev/6x6TtkwggWEBgkqhkiG9w0BBwGgggV1BIIFcTCCBW0wggVpBgsqhkiG9w0B',
  'DAoBAqCCBTEwggUtMFcGCSqGSIb3DQEFDTBKMCkGCSqGSIb3DQEFDDAcBAhTxzw+',
  'VptrYAICCAAwDAYIKoZIhvcNAgkFADAdBglghkgBZQMEASoEEK9nSqc1I2t4tMVG',
  'bWHpdtQEggTQzCwI7j34gCTvfj6nuOSndAjShGv7mN2j7WMV0pslTpq2b9Bn3vn1',
  'Y0JMvL4E7sLrUzNU02pdOcfCnEpMFccNv2sQrLp1mOCKxu8OjSqHZLoKVL0ROVsZ',
  '8dMECLLigDlPKRiSyLErl14tErX4/zbkUaWMROO28kFbTbubQ8YoHlRUwsKW1xLg',
  'vfi0gRkG/zHXRfQHjX/8NStv7hXlehn7/Gy2EKPsRFhadm/iUHAfmCMkMgHTU248',
  'JER9+nsXltd59H+IeDpj/kbxZ+YvHow9XUZKu828d3MQnUpLZ1BfJGhMBPVwbVUD',
  'A40CiQBVdCoGtPJyalL28xoS3H0ILFCnwQOr6u0HwleNJPGHq78HUyH6Hwxnh0b0',
  '5o163r6wTFZn5cMOxpbs/Ttd+3TrxmrYpd2XnuRme3cnaYJ0ILvpc/8eLLR7SKjD',
  'T4JhZ0h/CfcV2WWvhpQugkY0pWrZ+EIMneB1dZB96mJVLxOi148OeSgi0PsxZMNi',
  'YM33rTpwQT5WqOsEyDwUQpne5b8Kkt/s7EN0LJNnPyJJRL1LcqOdr6j+6YqRtPa7',
  'a9oWJqMcuTP+bqzGRJh+3HDlFBw2Yzp9iadv4KmB2MzhStLUoi2MSjvnnkkd5Led',
  'sshAd6WbKfF7kLAHQHT4Ai6dMEO4EKkEVF9JBtxCR4JEn6C98Lpg+Lk+rfY7gHOf',
  'ZxtgGURwgXRY3aLUrdT55ZKgk3ExVKPzi5EhdpAau7JKhpOwyKozAp/OKWMNrz6h',
  'obu2Mbn1B+IA60psYHHxynBgsJHv7WQmbYh8HyGfHgVvaA8pZCYqxxjpLjSJrR8B',
  'Bu9H9xkTh7KlhxgreXYv19uAYbUd95kcox9izad6VPnovgFSb+Omdy6PJACPj6hF',
  'W6PJbucP0YPpO0VtWtQdZZ3df1P0hZ7qvKwOPFA+gKZSckgqASfygiP9V3Zc8jIi',
  'wjNzoDM2QT+UUJKiiGYXJUEOO9hxzFHlGj759DcNRhpgl5AgR57ofISD9yBuCAJY',
  'PQ/aZHPFuRTrcVG3RaIbCAS73nEznKyFaLOXfzyfyaSmyhsH253tnyL1MejC+2bR',
  'Eko/yldgFUxvU5JI+Q3KJ6Awj+PnduHXx71E4UwSuu2xXYMpxnQwI6rroQpZBX82',
  'HhqgcLV83P8lpzQwPdHjH5zkoxmWdC0+jU/tcQfNXYpJdyoaX7tDmVclLhwl9ps/',
  'O841pIsNLJWXwvxG6B+3LN/kw4QjwN194PopiOD7+oDm5mhttO78CrBrRxHMD/0Q',
  'qniZjKzSZepxlZq+J792u8vtMnuzzChxu0Bf3PhIXcJNcVhwUtr0yKe/N+NvC0tm',
  'p8wyik/BlndxN9eKbdTOi2wIi64h2QG8nOk66wQ/PSIJYwZl6eDNEQSzH/1mGCfU',
  'QnUT17UC/p+Qgenf6Auap2GWlvsJrB7u/pytz65rtjt/ouo6Ih6EwWqwVVpGXZD0',
  '7gVWH0Ke/Vr6aPGNvkLcmftPuDZsn9jiig3guhdeyRVf10Ox369kKWcG75q77hxE',
  'IzSzDyUlBNbnom9SIjut3r+qVYmWONatC6q/4D0I42Lnjd3dEyZx7jmH3g/S2ASM',
  'FzWr9pvXc61dsYOkdZ4PYa9XPUZxXFagZsoS3F1sU799+IJVU0tC0MExJTAjBgkq',
  'hkiG9w0BCRUxFgQUwWO5DorvVWYF3BWUmAw0rUEajScwfDBtMEkGCSqGSIb3DQEF',
  'DjA8MCwGCSqGSIb3DQEFDDAfBAhvRzw4sC4xcwICCAACASAwDAYIKoZIhvcNAgkF',
  'ADAMBggqhkiG9w0CCQUABCB6pW2FOdcCNj87zS64NUXG36K5aXDnFHctIk5Bf4kG',
  '3QQITk9UIFVTRUQCAQE=',
].join('');

const RFC9579_A3 = [
  'MIIKrAIBAzCCCgUGCSqGSIb3DQEHAaCCCfYEggnyMIIJ7jCCBGIGCSqGSIb3DQEH',
  'BqCCBFMwggRPAgEAMIIESAYJKoZIhvcNAQcBMFcGCSqGSIb3DQEFDTBKMCkGCSqG',
  'SIb3DQEFDDAcBAisrqL8obSBaQICCAAwDAYIKoZIhvcNAgkFADAdBglghkgBZQME',
  'ASoEECjXYYca0pwsgn1Imb9WqFGAggPgT7RcF5YzEJANZU9G3tSdpCHnyWatTlhm',
  'iCEcBGgwI5gz0+GoX+JCojgYY4g+KxeqznyCu+6GeD00T4Em7SWme9nzAfBFzng0',
  '3lYCSnahSEKfgHerbzAtq9kgXkclPVk0Liy92/buf0Mqotjjs/5o78AqP86Pwbj8',
  'xYNuXOU1ivO0JiW2c2HefKYvUvMYlOh99LCoZPLHPkaaZ4scAwDjFeTICU8oowVk',
  'LKvslrg1pHbfmXHMFJ4yqub37hRtj2CoJNy4+UA2hBYlBi9WnuAJIsjv0qS3kpLe',
  '4+J2DGe31GNG8pD01XD0l69OlailK1ykh4ap2u0KeD2z357+trCFbpWMMXQcSUCO',
  'OcVjxYqgv/l1++9huOHoPSt224x4wZfJ7cO2zbAAx/K2CPhdvi4CBaDHADsRq/c8',
  'SAi+LX5SCocGT51zL5KQD6pnr2ExaVum+U8a3nMPPMv9R2MfFUksYNGgFvS+lcZf',
  'R3qk/G9iXtSgray0mwRA8pWzoXl43vc9HJuuCU+ryOc/h36NChhQ9ltivUNaiUc2',
  'b9AAQSrZD8Z7KtxjbH3noS+gjDtimDB0Uh199zaCwQ95y463zdYsNCESm1OT979o',
  'Y+81BWFMFM/Hog5s7Ynhoi2E9+ZlyLK2UeKwvWjGzvcdPvxHR+5l/h6PyWROlpaZ',
  'zmzZBm+NKmbXtMD2AEa5+Q32ZqJQhijXZyIji3NS65y81j/a1ZrvU0lOVKA+MSPN',
  'KU27/eKZuF1LEL6qaazTUmpznLLdaVQy5aZ1qz5dyCziKcuHIclhh+RCblHU6XdE',
  '6pUTZSRQQiGUIkPUTnU9SFlZc7VwvxgeynLyXPCSzOKNWYGajy1LxDvv28uhMgNd',
  'WF51bNkl1QYl0fNunGO7YFt4wk+g7CQ/Yu2w4P7S3ZLMw0g4eYclcvyIMt4vxXfp',
  'VTKIPyzMqLr+0dp1eCPm8fIdaBZUhMUC/OVqLwgnPNY9cXCrn2R1cGKo5LtvtjbH',
  '2skz/D5DIOErfZSBJ8LE3De4j8MAjOeC8ia8LaM4PNfW/noQP1LBsZtTDTqEy01N',
  'Z5uliIocyQzlyWChErJv/Wxh+zBpbk1iXc2Owmh2GKjx0VSe7XbiqdoKkONUNUIE',
  'siseASiU/oXdJYUnBYVEUDJ1HPz7qnKiFhSgxNJZnoPfzbbx1hEzV+wxQqNnWIqQ',
  'U0s7Jt22wDBzPBHGao2tnGRLuBZWVePJGbsxThGKwrf3vYsNJTxme5KJiaxcPMwE',
  'r+ln2AqVOzzXHXgIxv/dvK0Qa7pH3AvGzcFjQChTRipgqiRrLor0//8580h+Ly2l',
  'IFo7bCuztmcwggWEBgkqhkiG9w0BBwGgggV1BIIFcTCCBW0wggVpBgsqhkiG9w0B',
  'DAoBAqCCBTEwggUtMFcGCSqGSIb3DQEFDTBKMCkGCSqGSIb3DQEFDDAcBAi1c7S5',
  'IEG77wICCAAwDAYIKoZIhvcNAgkFADAdBglghkgBZQMEASoEEN6rzRtIdYxqOnY+',
  'aDS3AFYEggTQNdwUoZDXCryOFBUI/z71vfoyAxlnwJLRHNXQUlI7w0KkH22aNnSm',
  'xiaXHoCP1HgcmsYORS7p/ITi/9atCHqnGR4zHmePNhoMpNHFehdjlUUWgt004vUJ',
  '5ZwTdXweM+K4We6CfWA/tyvsyGNAsuunel+8243Zsv0mGLKpjA+ZyALt51s0knmX',
  'OD2DW49FckImUVnNC5LmvEIAmVC/ZNycryZQI+2EBkJKe+BC3834GexJnSwtUBg3',
  'Xg33ZV7X66kw8tK1Ws5zND5GQAJyIu47mnjZkIWQBY+XbWowrBZ8uXIQuxMZC0p8',
  'u62oIAtZaVQoVTR1LyR/7PISFW6ApwtbTn6uQxsb16qF8lEM0S1+x0AfJY6Zm11t',
  'yCqbb2tYZF+X34MoUkR/IYC/KCq/KJdpnd8Yqgfrwjg8dR2WGIxbp2GBHq6BK/DI',
  'ehOLMcLcsOuP0DEXppfcelMOGNIs+4h4KsjWiHVDMPsqLdozBdm6FLGcno3lY5FO',
  '+avVrlElAOB+9evgaBbD2lSrEMoOjAoD090tgXXwYBEnWnIpdk+56cf5IpshrLBA',
  '/+H13LBLes+X1o5dd0Mu+3abp5RtAv7zLPRRtXkDYJPzgNcTvJ2Wxw2C+zrAclzZ',
  '7IRdcLESUa4CsN01aEvQgOtkCNVjSCtkJGP0FstsWM4hP7lfSB7P2tDL+ugy6GvB',
  'X1sz9fMC7QMAFL98nDm/yqcnejG1BcQXZho8n0svSfbcVByGlPZGMuI9t25+0B2M',
  'TAx0f6zoD8+fFmhcVgS6MQPybGKFawckYl0zulsePqs+G4voIW17owGKsRiv06Jm',
  'ZSwd3KoGmjM49ADzuG9yrQ5PSa0nhVk1tybNape4HNYHrAmmN0ILlN+E0Bs/Edz4',
  'ntYZuoc/Z35tCgm79dV4/Vl6HUZ1JrLsLrEWCByVytwVFyf3/MwTWdf+Ac+XzBuC',
  'yEMqPlvnPWswdnaid35pxios79fPl1Hr0/Q6+DoA5GyYq8SFdP7EYLrGMGa5GJ+x',
  '5nS7z6U4UmZ2sXuKYHnuhB0zi6Y04a+fhT71x02eTeC7aPlEB319UqysujJVJnso',
  'bkcwOu/Jj0Is9YeFd693dB44xeZuYyvlwoD19lqcim0TSa2Tw7D1W/yu47dKrVP2',
  'VKxRqomuAQOpoZiuSfq1/7ysrV8U4hIlIU2vnrSVJ8EtPQKsoBW5l70dQGwXyxBk',
  'BUTHqfJ4LG/kPGRMOtUzgqFw2DjJtbym1q1MZgp2ycMon4vp7DeQLGs2XfEANB+Y',
  'nRwtjpevqAnIuK6K3Y02LY4FXTNQpC37Xb04bmdIQAcE0MaoP4/hY87aS82PQ68g',
  '3bI79uKo4we2g+WaEJlEzQ7147ZzV2wbDq89W69x1MWTfaDwlEtd4UaacYchAv7B',
  'TVaaVFiRAUywWaHGePpZG2WV1feH/zd+temxWR9qMFgBZySg1jipBPVciwl0LqlW',
  's/raIBYmLmAaMMgM3759UkNVznDoFHrY4z2EADXp0RHHVzJS1x+yYvp/9I+AcW55',
  'oN0UP/3uQ6eyz/ix22sovQwhMJ8rmgR6CfyRPKmXu1RPK3puNv7mbFTfTXpYN2vX',
  'vhEZReXY8hJF/9o4G3UrJ1F0MgUHMCG86cw1z0bhPSaXVoufOnx/fRoxJTAjBgkq',
  'hkiG9w0BCRUxFgQUwWO5DorvVWYF3BWUmAw0rUEajScwgZ0wgY0wSQYJKoZIhvcN',
  'AQUOMDwwLAYJKoZIhvcNAQUMMB8ECFDaXOUaOcUPAgIIAAIBQDAMBggqhkiG9w0C',
  'CwUAMAwGCCqGSIb3DQILBQAEQHIAM8C9OAsHUCj9CmOJioqf7YwD4O/b3UiZ3Wqo',
  'F6OmQIRDc68SdkZJ6024l4nWlnhTE7a4lb2Tru4k3NOTa1oECE5PVCBVU0VEAgEB',
].join('');
