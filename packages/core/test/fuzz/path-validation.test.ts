/**
 * Fuzzing of the RFC 5280 path validator (fast-check) over chains the core's builder makes fresh
 * for each run (P-256, RSA-2048 and ML-DSA-65 keys):
 * - one changed byte anywhere in the leaf or the intermediate (signed part, signature algorithm,
 *   signature, outer header) is never trusted: either the certificate no longer parses or the
 *   path is refused; the same for a changed byte in the anchor's public key;
 * - any leaf, any chain (shuffled, duplicated, missing, decoys sharing a name) and any anchors
 *   from a pool of certificates validate exactly when a real path exists, and the path found is
 *   that one;
 * - a CRL revoking a certificate on the path always refuses it; any time outside a certificate's
 *   validity is refused;
 * - nothing ever throws.
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { after, test } from 'node:test';
import { decodeDer } from '@anchorage/core/der/decode';
import { isAnchorageError } from '@anchorage/core/errors';
import { buildCertificate } from '@anchorage/core/x509/build/certificate-builder';
import { buildCrl } from '@anchorage/core/x509/build/crl-builder';
import { encodeName } from '@anchorage/core/x509/build/distinguished-name';
import { type Certificate, parseCertificate } from '@anchorage/core/x509/certificate';
import { type Crl, parseCrl } from '@anchorage/core/x509/crl';
import { type PathValidationResult, validatePath } from '@anchorage/core/x509/path/validate-path';
import fc from 'fast-check';
import { CaseCounter, parameters, SEED } from './support.ts';

const cases = new CaseCounter();
after(() => {
  console.log(`fuzz seed ${SEED}`);
  cases.report();
});

const NOW = Date.now();
const DAY = 86_400_000;
type KeyType = 'p256' | 'rsa' | 'mldsa65';

interface Party {
  readonly key: KeyObject;
  readonly spki: Uint8Array;
  readonly name: Uint8Array;
  readonly der: Uint8Array;
  readonly certificate: Certificate;
}

function newKey(type: KeyType): { privateKey: KeyObject; spki: Uint8Array } {
  const pair =
    type === 'rsa'
      ? generateKeyPairSync('rsa', { modulusLength: 2048 })
      : type === 'p256'
        ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
        : generateKeyPairSync('ml-dsa-65');
  return {
    privateKey: pair.privateKey,
    spki: new Uint8Array(pair.publicKey.export({ format: 'der', type: 'spki' })),
  };
}

/** A CA (issuer null: self-signed root) or a leaf, from the core's certificate builder. */
function party(
  type: KeyType,
  cn: string,
  issuer: Party | null,
  options: { ca?: boolean; serial?: bigint; notBefore?: number; notAfter?: number } = {},
): Party {
  const { privateKey, spki } = newKey(type);
  const name = encodeName([
    ['O', 'Path Fuzz'],
    ['CN', cn],
  ]);
  const der = buildCertificate(
    {
      serialNumber: options.serial ?? BigInt(1 + Math.floor(Math.random() * 1e9)),
      subject: name,
      issuer: issuer?.name ?? name,
      notBefore: options.notBefore ?? NOW - DAY,
      notAfter: options.notAfter ?? NOW + 30 * DAY,
      subjectPublicKey: spki,
      issuerPublicKey: issuer?.spki ?? spki,
      ...(options.ca
        ? { ca: {}, keyUsage: ['keyCertSign', 'cRLSign'] as const }
        : { keyUsage: ['digitalSignature'] as const }),
      ...(options.ca ? {} : { extendedKeyUsage: ['1.3.6.1.5.5.7.3.2'] }),
    },
    issuer?.key ?? privateKey,
  );
  return { key: privateKey, spki, name, der, certificate: parseCertificate(der) };
}

function crlOf(issuer: Party, revokedSerials: readonly bigint[]): Crl {
  return parseCrl(
    buildCrl(
      {
        issuer: issuer.name,
        issuerPublicKey: issuer.spki,
        thisUpdate: NOW - DAY,
        nextUpdate: NOW + DAY,
        crlNumber: 1n,
        revoked: revokedSerials.map((serialNumber) => ({ serialNumber, revokedAt: NOW - DAY })),
      },
      issuer.key,
    ),
  );
}

/** Root → intermediate → leaf for one key type mix, with the validity windows we test time against. */
function chain(rootType: KeyType, intermediateType: KeyType, leafType: KeyType) {
  const root = party(rootType, `Root ${rootType}`, null, {
    ca: true,
    notBefore: NOW - 10 * DAY,
    notAfter: NOW + 100 * DAY,
  });
  const intermediate = party(intermediateType, `Intermediate ${intermediateType}`, root, {
    ca: true,
    notBefore: NOW - 5 * DAY,
    notAfter: NOW + 50 * DAY,
  });
  const leaf = party(leafType, `leaf-${leafType}`, intermediate, {
    notBefore: NOW - DAY,
    notAfter: NOW + 10 * DAY,
  });
  return { root, intermediate, leaf };
}

const CHAINS = [
  chain('p256', 'p256', 'p256'),
  chain('rsa', 'p256', 'rsa'),
  chain('mldsa65', 'mldsa65', 'p256'),
];

/** Never throws; a refusal is a result, not an exception. */
function validate(input: Parameters<typeof validatePath>[0]): PathValidationResult {
  try {
    return validatePath(input);
  } catch (error) {
    assert.fail(
      `validatePath threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`,
    );
  }
}

test('ok/fuzz: the unmodified chains validate, leaf to root', () => {
  for (const { root, intermediate, leaf } of CHAINS) {
    const result = validate({
      leaf: leaf.certificate,
      intermediates: [intermediate.certificate],
      anchors: [root.certificate],
      crls: [],
      now: NOW,
    });
    assert.equal(result.ok, true, result.ok ? '' : result.reason);
  }
});

/** Where in a certificate to change a byte: anywhere, or inside the SubjectPublicKeyInfo. */
function spkiRange(der: Uint8Array): [number, number] {
  const tbs = decodeDer(der, 'certificate').children[0];
  // TBSCertificate: [0] version, serial, signature, issuer, validity, subject, spki, …
  const spki = tbs?.children[6];
  assert.ok(spki !== undefined);
  return [spki.offset, spki.end];
}

test('fail/fuzz: one changed byte in the leaf, the intermediate or the anchor key is never trusted', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: CHAINS.length - 1 }),
      fc.constantFrom('leaf', 'intermediate', 'anchor-key'),
      // Unbiased: fast-check favours small numbers otherwise, which would keep hitting the header.
      fc.noBias(fc.nat({ max: 0x7fffffff })),
      fc.integer({ min: 1, max: 255 }),
      cases.count('path-one-byte', (which: number, target: string, where: number, delta: number) => {
        const { root, intermediate, leaf } = CHAINS[which] as (typeof CHAINS)[number];
        const original =
          target === 'leaf' ? leaf.der : target === 'intermediate' ? intermediate.der : root.der;
        const [start, end] = target === 'anchor-key' ? spkiRange(original) : [0, original.length];
        const at = start + (where % (end - start));
        const bytes = Uint8Array.from(original);
        bytes[at] = ((bytes[at] ?? 0) + delta) % 256; // always a different byte
        let changed: Certificate;
        try {
          changed = parseCertificate(bytes);
        } catch (error) {
          assert.ok(isAnchorageError(error), String(error));
          return; // no longer a certificate: nothing to trust
        }
        cases.add('path-one-byte-still-parses', 1);
        const result = validate({
          leaf: target === 'leaf' ? changed : leaf.certificate,
          intermediates: [target === 'intermediate' ? changed : intermediate.certificate],
          anchors: [target === 'anchor-key' ? changed : root.certificate],
          crls: [],
          now: NOW,
        });
        assert.equal(result.ok, false, `byte ${at} of the ${target} changed by ${delta}, still trusted`);
      }),
    ),
    parameters(8000, [
      // Found by this property: a P-256 anchor whose point's 0x04 (uncompressed) became 0x06 or
      // 0x07 (the hybrid form, RFC 5480 §2.2 says reject) was the same key to OpenSSL, so trusted.
      [0, 'anchor-key', 26, 2],
      [0, 'anchor-key', 26, 3],
    ]),
  );
});

test('ok/fuzz: any leaf, chain and anchors from a pool with decoys validate exactly when a real path exists', () => {
  const [a] = CHAINS as [(typeof CHAINS)[number]];
  // Decoys: an intermediate with the real one's name but its own key (signed by the real root),
  // a second leaf under the real intermediate, and a separate root with a leaf directly under it.
  const impostor = party('p256', 'Intermediate p256', a.root, { ca: true });
  const sibling = party('p256', 'leaf-sibling', a.intermediate);
  const otherRoot = party('p256', 'Other Root', null, { ca: true });
  const otherLeaf = party('p256', 'leaf-other', otherRoot);
  const stranger = party('p256', 'leaf-stranger', impostor);
  const pool = [a.leaf, a.intermediate, a.root, impostor, sibling, otherRoot, otherLeaf, stranger];
  const [LEAF, INT, ROOT, IMPOSTOR, SIBLING, OTHER_ROOT, OTHER_LEAF, STRANGER] = [0, 1, 2, 3, 4, 5, 6, 7];
  /** Who really issued whom (roots: themselves), and which certificates are end entities. */
  const issuerOf = new Map([
    [LEAF, INT],
    [SIBLING, INT],
    [INT, ROOT],
    [IMPOSTOR, ROOT],
    [STRANGER, IMPOSTOR],
    [OTHER_LEAF, OTHER_ROOT],
  ]);
  const leaves = new Set([LEAF, SIBLING, OTHER_LEAF, STRANGER]);
  const pick = fc.integer({ min: 0, max: pool.length - 1 });

  /** The model: every path that may be found (leaf up to any anchor, CAs below it sent in the chain). */
  function acceptablePaths(leaf: number, chain: readonly number[], anchors: readonly number[]): number[][] {
    if (!leaves.has(leaf)) return [];
    const paths: number[][] = [];
    const path = [leaf];
    for (let at = issuerOf.get(leaf); at !== undefined; at = issuerOf.get(at)) {
      path.push(at);
      if (anchors.includes(at)) paths.push([...path]);
      if (!chain.includes(at)) break;
    }
    return paths;
  }

  fc.assert(
    fc.property(
      pick,
      fc.array(pick, { maxLength: 6 }),
      fc.array(pick, { minLength: 1, maxLength: 3 }),
      cases.count('path-pool', (leaf: number, chain: number[], anchors: number[]) => {
        const result = validate({
          leaf: (pool[leaf] as Party).certificate,
          intermediates: chain.map((i) => (pool[i] as Party).certificate),
          anchors: anchors.map((i) => (pool[i] as Party).certificate),
          crls: [],
          now: NOW,
        });
        const acceptable = acceptablePaths(leaf, chain, anchors);
        if (acceptable.length === 0) {
          assert.equal(result.ok, false, `leaf ${leaf}, chain ${chain}, anchors ${anchors}: trusted`);
          return;
        }
        assert.equal(result.ok, true, result.ok ? '' : `${result.code}: ${result.reason}`);
        if (!result.ok) return;
        const found = result.path.map((c) =>
          pool.findIndex((p) => p.certificate.fingerprintSha256 === c.fingerprintSha256),
        );
        assert.ok(
          acceptable.some((path) => path.join() === found.join()),
          `found ${found}, expected one of ${JSON.stringify(acceptable)}`,
        );
      }),
    ),
    parameters(4000, [
      [LEAF, [INT, INT, ROOT, IMPOSTOR, IMPOSTOR], [ROOT]],
      [LEAF, [IMPOSTOR], [ROOT]],
      [OTHER_LEAF, [], [ROOT, IMPOSTOR]],
      [STRANGER, [], [IMPOSTOR, LEAF]],
    ]),
  );
});

test('fail/fuzz: a CRL revoking a certificate on the path, or a time outside a validity, is never trusted', () => {
  const crls = CHAINS.flatMap(({ root, intermediate, leaf }) => [
    { crl: crlOf(intermediate, [leaf.certificate.serialNumber]), revokes: leaf.certificate },
    { crl: crlOf(root, [intermediate.certificate.serialNumber]), revokes: intermediate.certificate },
    { crl: crlOf(intermediate, [leaf.certificate.serialNumber + 1n]), revokes: null },
    { crl: crlOf(root, []), revokes: null },
  ]);
  let trusted = 0;
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: CHAINS.length - 1 }),
      fc.subarray(crls.map((_, i) => i)),
      fc.oneof(fc.constant(NOW), fc.integer({ min: NOW - 200 * DAY, max: NOW + 200 * DAY })),
      cases.count('path-crl-time', (which: number, chosen: number[], now: number) => {
        const { root, intermediate, leaf } = CHAINS[which] as (typeof CHAINS)[number];
        const path = [leaf.certificate, intermediate.certificate, root.certificate];
        const result = validate({
          leaf: leaf.certificate,
          intermediates: [intermediate.certificate],
          anchors: [root.certificate],
          crls: chosen.map((i) => crls[i]?.crl as Crl),
          now,
        });
        if (!result.ok) return;
        trusted += 1;
        for (const i of chosen) {
          const revokes = crls[i]?.revokes;
          assert.ok(
            revokes === null || !path.includes(revokes as Certificate),
            'trusted despite a revoking CRL',
          );
        }
        for (const certificate of path) {
          assert.ok(
            now >= certificate.validity.notBefore && now <= certificate.validity.notAfter,
            'trusted outside a validity',
          );
        }
      }),
    ),
    parameters(3000),
  );
  // The property above is only worth something if some cases were trusted.
  assert.ok(trusted > 0, 'no case validated');
});
