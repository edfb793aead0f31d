/**
 * The PKCS#11 identity against real SoftHSM2 tokens, with certificates made by `openssl`. All
 * tokens share one softhsm2.conf: the module is initialized once per process while in use.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  constants,
  createHash,
  generateKeyPairSync,
  privateEncrypt,
  sign,
  verify,
  X509Certificate,
} from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { planX509Signing } from '@anchorage/core/sigv4/sign-x509';
import { verifyX509StringToSign } from '@anchorage/core/sigv4/x509-signature';
import { digestInfo } from '../src/identity/pkcs11/digest-info.ts';
import { rawEcdsaToDer } from '../src/identity/pkcs11/ecdsa-signature.ts';
import { findPkcs11Certificates } from '../src/identity/pkcs11/pkcs11-certificates.ts';
import {
  openPkcs11Identity,
  Pkcs11Error,
  type Pkcs11IdentityOptions,
} from '../src/identity/pkcs11/pkcs11-identity.ts';
import type { Digest, SigningIdentity } from '../src/identity/signing-identity.ts';
import { createSoftHsmToken, type SoftHsmToken, softHsmAvailable } from './support/softhsm.ts';

interface Leaf {
  readonly keyPem: string;
  readonly der: Buffer;
  readonly x509: X509Certificate;
}

class Pki {
  readonly dir = mkdtempSync(join(tmpdir(), 'anchorage-pkcs11-pki-'));

  constructor() {
    writeFileSync(
      join(this.dir, 'ca.cnf'),
      '[req]\ndistinguished_name=dn\n[dn]\n[v3]\nbasicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign\n',
    );
    this.#openssl([
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      'ca.key',
      '-out',
      'ca.pem',
      '-days',
      '30',
      '-subj',
      '/O=Anchorage Test/CN=PKCS11 CA',
      '-config',
      'ca.cnf',
      '-extensions',
      'v3',
    ]);
    writeFileSync(
      join(this.dir, 'leaf.cnf'),
      'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\n',
    );
  }

  #openssl(args: readonly string[]): void {
    execFileSync('openssl', args, { cwd: this.dir, stdio: ['ignore', 'ignore', 'pipe'] });
  }

  /** A PKCS#8 key: `ec:P-256`, `ec:P-521` or `rsa:2048`. */
  key(name: string, spec: string): string {
    const [kind, param] = spec.split(':') as [string, string];
    const opts =
      kind === 'ec'
        ? ['-algorithm', 'EC', '-pkeyopt', `ec_paramgen_curve:${param}`]
        : ['-algorithm', 'RSA', '-pkeyopt', `rsa_keygen_bits:${param}`];
    this.#openssl(['genpkey', ...opts, '-out', `${name}.key`]);
    return readFileSync(join(this.dir, `${name}.key`), 'utf8');
  }

  /** A leaf certificate for the key in `${keyName}.key`, issued by the CA. */
  leaf(name: string, keyName = name): Leaf {
    this.#openssl([
      'req',
      '-new',
      '-key',
      `${keyName}.key`,
      '-subj',
      `/O=Anchorage Test/CN=${name}`,
      '-out',
      `${name}.csr`,
    ]);
    this.#openssl([
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-days',
      '30',
      '-sha256',
      '-extfile',
      'leaf.cnf',
      '-outform',
      'DER',
      '-out',
      `${name}.der`,
    ]);
    const der = readFileSync(join(this.dir, `${name}.der`));
    return {
      keyPem: readFileSync(join(this.dir, `${keyName}.key`), 'utf8'),
      der,
      x509: new X509Certificate(der),
    };
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function verifies(leaf: Leaf, data: Buffer, digest: Digest, signature: Buffer): boolean {
  const key = leaf.x509.publicKey;
  return key.asymmetricKeyType === 'ec'
    ? verify(digest, data, { key, dsaEncoding: 'der' }, signature)
    : verify(digest, data, { key, padding: constants.RSA_PKCS1_PADDING }, signature);
}

async function rejects(options: Pkcs11IdentityOptions, check: (error: Pkcs11Error) => void): Promise<void> {
  await assert.rejects(openPkcs11Identity(options), (error: unknown) => {
    assert.ok(error instanceof Pkcs11Error, `expected a Pkcs11Error, got ${String(error)}`);
    check(error);
    return true;
  });
}

async function using<T>(
  options: Pkcs11IdentityOptions,
  fn: (identity: SigningIdentity) => Promise<T>,
): Promise<T> {
  const identity = await openPkcs11Identity(options);
  try {
    return await fn(identity);
  } finally {
    await identity.close();
  }
}

describe('ECDSA signature encoding and DigestInfo', () => {
  test('ok/r‖s becomes a minimal DER Ecdsa-Sig-Value', () => {
    const r = Buffer.alloc(32);
    r[2] = 0x80; // two leading zero bytes, then a set top bit: one zero byte stays
    const s = Buffer.alloc(32, 0x11);
    const der = rawEcdsaToDer(Buffer.concat([r, s]));
    const rBody = Buffer.concat([Buffer.from([0]), r.subarray(2)]);
    assert.deepEqual(
      der,
      Buffer.concat([Buffer.from([0x30, 2 + 31 + 2 + 32, 0x02, 31]), rBody, Buffer.from([0x02, 32]), s]),
    );
    assert.deepEqual(rawEcdsaToDer(Buffer.alloc(4)), Buffer.from('3006020100020100', 'hex'));
  });

  test('ok/node verifies converted signatures on P-256, P-384 and P-521', () => {
    for (const namedCurve of ['P-256', 'P-384', 'P-521']) {
      const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve });
      for (let i = 0; i < 50; i++) {
        const data = Buffer.from(`message ${i}`);
        const raw = sign('sha256', data, { key: privateKey, dsaEncoding: 'ieee-p1363' });
        assert.ok(
          verify('sha256', data, { key: publicKey, dsaEncoding: 'der' }, rawEcdsaToDer(raw)),
          namedCurve,
        );
      }
    }
  });

  test('fail/an odd-length r‖s is refused', () => {
    assert.throws(() => rawEcdsaToDer(Buffer.alloc(63)), Pkcs11Error);
    assert.throws(() => rawEcdsaToDer(Buffer.alloc(0)), Pkcs11Error);
  });

  test('ok/DigestInfo padded by raw RSA verifies as PKCS#1 v1.5', () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    for (const digest of ['sha256', 'sha384', 'sha512'] as const) {
      const data = Buffer.from(`data for ${digest}`);
      // privateEncrypt with PKCS#1 padding is what CKM_RSA_PKCS does on a token.
      const signature = privateEncrypt(
        { key: privateKey, padding: constants.RSA_PKCS1_PADDING },
        digestInfo(digest, data),
      );
      assert.ok(
        verify(digest, data, { key: publicKey, padding: constants.RSA_PKCS1_PADDING }, signature),
        digest,
      );
    }
  });
});

describe('PKCS#11 identity on SoftHSM2', {
  // CI installs SoftHSM2 (.ci/run); there a missing one must fail, not skip.
  skip: softHsmAvailable() || process.env.CI !== undefined ? false : 'SoftHSM2 or pkcs11-tool not installed',
}, () => {
  let pki: Pki;
  let token: SoftHsmToken;
  let second: SoftHsmToken;
  let ec: Leaf;
  let rsa: Leaf;
  let p521: Leaf;
  let stray: Leaf;
  let always: Leaf;
  let hidden: Leaf;
  let savedConf: string | undefined;
  const module = '/usr/lib/softhsm/libsofthsm2.so';

  before(async () => {
    pki = new Pki();
    pki.key('ec', 'ec:P-256');
    pki.key('rsa', 'rsa:2048');
    pki.key('p521', 'ec:P-521');
    pki.key('stray', 'ec:P-256');
    const mismatchKey = pki.key('mismatch', 'ec:P-256');
    pki.key('always', 'ec:P-256');
    pki.key('hidden', 'ec:P-256');
    ec = pki.leaf('ec');
    rsa = pki.leaf('rsa');
    p521 = pki.leaf('p521');
    stray = pki.leaf('stray');
    always = pki.leaf('always');
    hidden = pki.leaf('hidden');
    token = await createSoftHsmToken({
      label: 'anchorage',
      pin: '1234',
      soPin: '5678',
      keys: [
        { label: 'ec', idHex: '01', keyPem: ec.keyPem, certDer: ec.der },
        { label: 'rsa', idHex: '02', keyPem: rsa.keyPem, certDer: rsa.der },
        { label: 'p521', idHex: '03', keyPem: p521.keyPem, certDer: p521.der },
        // The certificate of "stray" next to another key, same CKA_ID.
        { label: 'mismatch', idHex: '05', keyPem: mismatchKey, certDer: stray.der },
      ],
    });
    second = await token.addToken({
      label: 'second',
      pin: '4321',
      keys: [
        {
          label: 'always',
          idHex: '01',
          keyPem: always.keyPem,
          certDer: always.der,
          alwaysAuthenticate: true,
        },
        { label: 'hidden', idHex: '02', keyPem: hidden.keyPem },
      ],
      certificates: [{ label: 'hidden', idHex: '02', der: hidden.der, private: true }],
    });
    savedConf = process.env.SOFTHSM2_CONF;
    process.env.SOFTHSM2_CONF = token.env.SOFTHSM2_CONF;
  });

  after(async () => {
    if (savedConf === undefined) delete process.env.SOFTHSM2_CONF;
    else process.env.SOFTHSM2_CONF = savedConf;
    await token?.remove();
    pki?.remove();
  });

  for (const [name, leaf] of [
    ['EC P-256', () => ec],
    ['RSA-2048', () => rsa],
    ['EC P-521', () => p521],
  ] as const) {
    test(`ok/${name} key on the token signs SHA-256/384/512 and the certificate verifies it`, async () => {
      const label = name === 'RSA-2048' ? 'rsa' : name === 'EC P-256' ? 'ec' : 'p521';
      await using(
        { certificate: token.uri({ object: label, type: 'cert', modulePath: true }) },
        async (identity) => {
          assert.deepEqual(identity.certificate, leaf().der);
          assert.equal(
            identity.algorithm,
            name === 'RSA-2048' ? 'AWS4-X509-RSA-SHA256' : 'AWS4-X509-ECDSA-SHA256',
          );
          assert.deepEqual(identity.chain, []);
          for (const digest of ['sha256', 'sha384', 'sha512'] as const) {
            const data = Buffer.from(`sign me with ${digest}`);
            const signature = await identity.sign(data, digest);
            assert.ok(verifies(leaf(), data, digest, signature), `${name} ${digest}`);
          }
        },
      );
    });
  }

  for (const label of ['ec', 'rsa'] as const) {
    test(`ok/SigV4-X509 string to sign signed on the token (${label}) verifies with the core`, async () => {
      const leaf = label === 'ec' ? ec : rsa;
      await using({ certificate: token.uri({ object: label }), libraryPath: module }, async (identity) => {
        const body = '{"durationSeconds":3600}';
        const plan = planX509Signing(
          {
            method: 'POST',
            rawPath: '/sessions',
            rawQuery: 'profileArn=p&roleArn=r&trustAnchorArn=t',
            headers: [
              ['host', 'rolesanywhere.example'],
              ['content-type', 'application/json'],
              ['x-amz-x509', identity.certificate.toString('base64')],
            ],
            payloadSha256Hex: createHash('sha256').update(body).digest('hex'),
          },
          {
            algorithm: identity.algorithm,
            serialNumber: BigInt(`0x${leaf.x509.serialNumber}`).toString(10),
            region: 'us-east-1',
            now: Date.now(),
          },
        );
        const signature = await identity.sign(Buffer.from(plan.stringToSign, 'utf8'), 'sha256');
        const result = plan.finish(signature.toString('hex'));
        assert.match(result.authorization, new RegExp(`^${identity.algorithm} Credential=`));
        assert.ok(
          verifyX509StringToSign(
            identity.algorithm,
            result.stringToSign,
            result.signature,
            leaf.x509.publicKey,
          ),
        );
      });
    });
  }

  test('ok/certificate from a file, key on the token by URI', async () => {
    const chain = [readFileSync(join(pki.dir, 'ca.pem'))];
    await using(
      {
        certificate: ec.der,
        privateKey: token.uri({ object: 'ec', type: 'private' }),
        chain,
        libraryPath: module,
      },
      async (identity) => {
        assert.deepEqual(identity.certificate, ec.der);
        assert.deepEqual(identity.chain, chain);
        const data = Buffer.from('file certificate');
        assert.ok(verifies(ec, data, 'sha256', await identity.sign(data, 'sha256')));
      },
    );
  });

  test('ok/a key URI naming only the token: the key check picks the key of the certificate', async () => {
    await using({ certificate: rsa.der, privateKey: token.uri(), libraryPath: module }, async (identity) => {
      const data = Buffer.from('any key on the token');
      assert.ok(verifies(rsa, data, 'sha512', await identity.sign(data, 'sha512')));
    });
  });

  test('ok/the key is found by the certificate id when the URI names the certificate by id', async () => {
    await using({ certificate: token.uri({ idHex: '02' }), libraryPath: module }, async (identity) => {
      assert.deepEqual(identity.certificate, rsa.der);
    });
  });

  test('ok/askPin is used when the URI has no PIN, with the token named in the prompt', async () => {
    const prompts: string[] = [];
    const answers = ['0000', '1234'];
    const askPin = async (prompt: string) => {
      prompts.push(prompt);
      return answers.shift() ?? '';
    };
    await using(
      { certificate: token.uri({ object: 'ec', pin: false }), libraryPath: module, askPin },
      async (identity) => {
        const data = Buffer.from('prompted');
        assert.ok(verifies(ec, data, 'sha256', await identity.sign(data, 'sha256')));
      },
    );
    assert.equal(prompts.length, 2);
    assert.match(prompts[0] ?? '', /user PIN for PKCS#11 token "anchorage"/);
    assert.match(prompts[1] ?? '', /^Incorrect user PIN/);
  });

  test('ok/pin-source reads the first line of a file (path or file: URI)', async () => {
    const pinFile = join(pki.dir, 'pin.txt');
    writeFileSync(pinFile, '1234\nignored\n');
    for (const source of [pinFile, `file://${pinFile}`]) {
      const uri = `${token.uri({ object: 'ec', pin: false })}?pin-source=${source}`;
      await using({ certificate: uri, libraryPath: module }, async (identity) => {
        assert.deepEqual(identity.certificate, ec.der);
      });
    }
  });

  test('ok/a private certificate is found after logging in to the one matching token', async () => {
    await using({ certificate: second.uri({ object: 'hidden' }), libraryPath: module }, async (identity) => {
      const data = Buffer.from('hidden');
      assert.ok(verifies(hidden, data, 'sha256', await identity.sign(data, 'sha256')));
    });
  });

  test('ok/CKA_ALWAYS_AUTHENTICATE key with --reuse-pin', async () => {
    await using(
      { certificate: second.uri({ object: 'always' }), libraryPath: module, reusePin: true },
      async (identity) => {
        for (let i = 0; i < 3; i++) {
          const data = Buffer.from(`always ${i}`);
          assert.ok(verifies(always, data, 'sha256', await identity.sign(data, 'sha256')));
        }
      },
    );
  });

  test('ok/CKA_ALWAYS_AUTHENTICATE key asks for the context-specific PIN once and reuses it', async () => {
    const prompts: string[] = [];
    const askPin = async (prompt: string) => {
      prompts.push(prompt);
      return '4321';
    };
    await using(
      { certificate: second.uri({ object: 'always' }), libraryPath: module, askPin },
      async (identity) => {
        const data = Buffer.from('context');
        assert.ok(verifies(always, data, 'sha384', await identity.sign(data, 'sha384')));
      },
    );
    assert.equal(prompts.length, 1);
    assert.match(
      prompts[0] ?? '',
      /context-specific PIN for private key object \(pkcs11:token=second;.*object=always;id=%01;type=private\)/,
    );
  });

  test('ok/concurrent signatures are queued on the session', async () => {
    await using({ certificate: token.uri({ object: 'ec' }), libraryPath: module }, async (identity) => {
      const inputs = Array.from({ length: 8 }, (_, i) => Buffer.from(`parallel ${i}`));
      const signatures = await Promise.all(inputs.map((data) => identity.sign(data, 'sha256')));
      signatures.forEach((signature, i) => {
        assert.ok(verifies(ec, inputs[i] as Buffer, 'sha256', signature));
      });
    });
  });

  test('ok/two identities on one module at once; closing one leaves the other working', async () => {
    const first = await openPkcs11Identity({ certificate: token.uri({ object: 'ec' }), libraryPath: module });
    const other = await openPkcs11Identity({
      certificate: token.uri({ object: 'rsa' }),
      libraryPath: module,
    });
    await first.close();
    const data = Buffer.from('still open');
    assert.ok(verifies(rsa, data, 'sha256', await other.sign(data, 'sha256')));
    await other.close();
  });

  test('ok/a module someone else in the process initialized is shared, and left initialized', async () => {
    const { default: ck } = await import('pkcs11js');
    const p11 = new ck.PKCS11();
    p11.load(module);
    p11.C_Initialize();
    try {
      await using({ certificate: token.uri({ object: 'ec' }), libraryPath: module }, async (identity) => {
        const data = Buffer.from('shared module');
        assert.ok(verifies(ec, data, 'sha256', await identity.sign(data, 'sha256')));
      });
      // Our close() did not C_Finalize a module it did not initialize (CKR_CRYPTOKI_ALREADY_INITIALIZED).
      assert.ok(p11.C_GetSlotList(true).length > 0);
    } finally {
      p11.C_Finalize();
      p11.close();
    }
  });

  test('fail/sign after close; close twice is harmless', async () => {
    const identity = await openPkcs11Identity({
      certificate: token.uri({ object: 'ec' }),
      libraryPath: module,
    });
    await identity.close();
    await identity.close();
    await assert.rejects(identity.sign(Buffer.from('x'), 'sha256'), /closed/);
  });

  test('fail/wrong PIN: CKR_PIN_INCORRECT, and the PIN is not in the message', async () => {
    await rejects(
      { certificate: token.uri({ object: 'ec', pin: '98765' }), libraryPath: module },
      (error) => {
        assert.match(error.message, /CKR_PIN_INCORRECT/);
        assert.match(error.message, /token "anchorage"/);
        assert.doesNotMatch(error.message, /98765/);
        assert.equal(error.returnCode, 'CKR_PIN_INCORRECT');
      },
    );
  });

  test('fail/no PIN and no askPin: says to add pin-value or pin-source', async () => {
    await rejects({ certificate: token.uri({ object: 'ec', pin: false }), libraryPath: module }, (error) => {
      assert.match(error.message, /needs a user PIN/);
      assert.match(error.message, /\?pin-value=.*pin-source=/);
    });
  });

  test('fail/pin-source that cannot be read, or names a program', async () => {
    const base = token.uri({ object: 'ec', pin: false });
    await rejects({ certificate: `${base}?pin-source=/nonexistent/pin`, libraryPath: module }, (error) => {
      assert.match(error.message, /cannot read the PIN from pin-source "\/nonexistent\/pin" \(ENOENT\)/);
    });
    await rejects({ certificate: `${base}?pin-source=|/bin/echo`, libraryPath: module }, (error) => {
      assert.match(error.message, /naming a program/);
    });
  });

  test('fail/unknown token: lists the tokens present', async () => {
    await rejects(
      { certificate: 'pkcs11:token=nope;object=ec?pin-value=1234', libraryPath: module },
      (error) => {
        assert.match(error.message, /no PKCS#11 token matches pkcs11:token=nope;object=ec /);
        assert.match(error.message, /tokens present: .*"anchorage" \(pkcs11:token=anchorage;manufacturer=/);
        assert.match(error.message, /tokens present: .*"second" \(pkcs11:token=second;/);
        assert.doesNotMatch(error.message, /1234/);
      },
    );
  });

  test('fail/no matching certificate', async () => {
    await rejects({ certificate: token.uri({ object: 'missing' }), libraryPath: module }, (error) => {
      assert.match(error.message, /no certificate matches pkcs11:token=anchorage;object=missing/);
    });
  });

  test('fail/no matching public certificate and no PIN: says private objects were not searched', async () => {
    await rejects(
      { certificate: second.uri({ object: 'hidden', pin: false }), libraryPath: module },
      (error) => {
        assert.match(error.message, /private objects were not searched/);
      },
    );
  });

  test('fail/several matching certificates: lists them and says to add object= or id=', async () => {
    await rejects({ certificate: token.uri(), libraryPath: module }, (error) => {
      assert.match(
        error.message,
        /multiple matching certificates for pkcs11:token=anchorage; add object= or id=/,
      );
      for (const label of ['ec', 'rsa', 'p521', 'mismatch']) {
        assert.match(error.message, new RegExp(`object=${label};id=%0\\d;type=cert`));
      }
      assert.doesNotMatch(error.message, /pin-value|1234/);
    });
  });

  test('fail/key that does not match the certificate', async () => {
    await rejects({ certificate: token.uri({ object: 'mismatch' }), libraryPath: module }, (error) => {
      assert.match(error.message, /the private key on the token does not match the certificate/);
      assert.match(error.message, /object=mismatch;id=%05;type=private/);
    });
    // An RSA key for an EC certificate.
    await rejects(
      { certificate: ec.der, privateKey: token.uri({ object: 'rsa' }), libraryPath: module },
      (error) => {
        assert.match(error.message, /does not match the certificate/);
      },
    );
  });

  test('fail/no key next to the certificate', async () => {
    await rejects(
      { certificate: ec.der, privateKey: token.uri({ object: 'nokey' }), libraryPath: module },
      (error) => {
        assert.match(
          error.message,
          /no private key that can sign matches pkcs11:token=anchorage;object=nokey/,
        );
      },
    );
  });

  test('fail/CKA_ALWAYS_AUTHENTICATE key without --reuse-pin or a prompt', async () => {
    await rejects({ certificate: second.uri({ object: 'always' }), libraryPath: module }, (error) => {
      assert.match(error.message, /CKA_ALWAYS_AUTHENTICATE/);
      assert.match(error.message, /--reuse-pin/);
    });
  });

  test('fail/library path that does not exist', async () => {
    await rejects(
      { certificate: token.uri({ object: 'ec' }), libraryPath: '/nonexistent/libpkcs11.so' },
      (error) => {
        assert.match(error.message, /cannot load the PKCS#11 library "\/nonexistent\/libpkcs11.so"/);
        assert.match(error.message, /--pkcs11-lib/);
        assert.doesNotMatch(error.message, /1234/);
      },
    );
  });

  test('fail/certificate from a file without a key URI, and ML-DSA certificates', async () => {
    await rejects({ certificate: ec.der, libraryPath: module }, (error) => {
      assert.match(error.message, /needs the key as a pkcs11: URI/);
    });
    const mldsa = new X509Certificate(
      readFileSync(new URL('../../core/test/vectors/x509/path/ml-dsa-leaf.pem', import.meta.url)),
    );
    await rejects({ certificate: mldsa.raw, privateKey: token.uri(), libraryPath: module }, (error) => {
      assert.match(error.message, /ML-DSA keys on PKCS#11 tokens are not supported/);
    });
  });

  test('fail/malformed and vendor-attribute URIs are refused before the module is loaded', async () => {
    await rejects({ certificate: 'pkcs11:token=a;token=b', libraryPath: '/nonexistent.so' }, (error) => {
      assert.match(error.message, /appears twice/);
    });
    await rejects({ certificate: 'pkcs11:token=a;x-vendor=1', libraryPath: '/nonexistent.so' }, (error) => {
      assert.match(error.message, /vendor-specific attribute "x-vendor"/);
    });
  });

  test('ok/findPkcs11Certificates lists matches with URIs that select exactly them', async () => {
    const all = await findPkcs11Certificates('pkcs11:', module);
    // Public certificates of both tokens; "hidden" is private and no PIN was given.
    assert.equal(all.length, 5);
    const expected = [ec, rsa, p521, stray, always].map((leaf) => leaf.der.toString('hex')).sort();
    assert.deepEqual(all.map((m) => m.der.toString('hex')).sort(), expected);
    for (const match of all) {
      assert.match(
        match.uri,
        /^pkcs11:token=(anchorage|second);manufacturer=SoftHSM%20project;serial=[0-9a-f]+;model=SoftHSM%20v2;object=\w+;id=%0\d;type=cert$/,
      );
      const again = await findPkcs11Certificates(match.uri, module);
      assert.equal(again.length, 1, match.uri);
      assert.deepEqual(again[0]?.der, match.der);
    }
    const one = await findPkcs11Certificates(
      `${token.uri({ object: 'rsa', pin: false })}?module-path=${module}`,
    );
    assert.equal(one.length, 1);
    assert.deepEqual(one[0]?.der, rsa.der);
    assert.match(one[0]?.uri ?? '', /\?module-path=\/usr\/lib\/softhsm\/libsofthsm2.so$/);
  });

  test('ok/findPkcs11Certificates searches private certificates with a PIN in the URI', async () => {
    assert.deepEqual(await findPkcs11Certificates(second.uri({ object: 'hidden', pin: false }), module), []);
    const found = await findPkcs11Certificates(second.uri({ object: 'hidden' }), module);
    assert.equal(found.length, 1);
    assert.deepEqual(found[0]?.der, hidden.der);
    assert.doesNotMatch(found[0]?.uri ?? '', /pin/);
  });

  test('fail/findPkcs11Certificates with an unknown token', async () => {
    await assert.rejects(
      findPkcs11Certificates('pkcs11:token=nope', module),
      /no PKCS#11 token matches pkcs11:token=nope/,
    );
  });
});
