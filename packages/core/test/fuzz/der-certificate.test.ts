/**
 * Fuzzing of the DER decoder and the X.509 certificate and CRL parsers (fast-check): arbitrary
 * bytes, random well-formed DER trees, and mutations of real certificates (RSA, P-256, ML-DSA-65,
 * from OpenSSL fixtures and fresh from the core's own builder): bit flips, byte edits, truncation,
 * length-field and tag edits, insertions, deletions and duplicated subtrees. Every input either
 * parses or is refused with a ValidationException — never a TypeError, RangeError or any other
 * throw — and an unmodified input round-trips.
 */
import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync, type KeyObject, X509Certificate } from 'node:crypto';
import { after, test } from 'node:test';
import { decodeDer } from '@anchorage/core/der/decode';
import type { DerNode } from '@anchorage/core/der/node';
import { isAnchorageError } from '@anchorage/core/errors';
import { buildCertificate } from '@anchorage/core/x509/build/certificate-builder';
import { buildCrl } from '@anchorage/core/x509/build/crl-builder';
import { encodeName } from '@anchorage/core/x509/build/distinguished-name';
import { parseCertificate } from '@anchorage/core/x509/certificate';
import { parseCrl } from '@anchorage/core/x509/crl';
import { CERTIFICATE_DER_LIMITS } from '@anchorage/core/x509/limits';
import { decodePem, encodePem } from '@anchorage/core/x509/pem';
import fc from 'fast-check';
import { vectorBytes, vectorDer } from '../x509/helpers.ts';
import { CaseCounter, parameters, SEED } from './support.ts';

const cases = new CaseCounter();
after(() => {
  console.log(`fuzz seed ${SEED}`);
  cases.report();
});

/** Runs `parse`; returns true if it parsed, false if refused with a ValidationException; fails on anything else. */
function parsesOrRefuses(parse: () => unknown, label: string): boolean {
  try {
    parse();
    return true;
  } catch (error) {
    if (isAnchorageError(error) && error.code === 'ValidationException') return false;
    assert.fail(
      `${label}: threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`,
    );
  }
}

// --- The seed certificates -------------------------------------------------------------------

const NOW = Date.now();

function keyPair(type: 'rsa' | 'p256' | 'mldsa65'): { privateKey: KeyObject; spki: Uint8Array } {
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

/** A root and a leaf issued by it, for one key type, from the core's certificate builder. */
function builtChain(type: 'rsa' | 'p256' | 'mldsa65'): {
  root: Uint8Array;
  leaf: Uint8Array;
  crl: Uint8Array;
} {
  const rootKey = keyPair(type);
  const leafKey = keyPair(type);
  const rootName = encodeName([
    ['O', 'Fuzz'],
    ['CN', `Fuzz Root ${type}`],
  ]);
  const root = buildCertificate(
    {
      serialNumber: 1n,
      subject: rootName,
      issuer: rootName,
      notBefore: NOW - 86_400_000,
      notAfter: NOW + 86_400_000,
      subjectPublicKey: rootKey.spki,
      issuerPublicKey: rootKey.spki,
      ca: { pathLength: 1 },
      keyUsage: ['keyCertSign', 'cRLSign'],
      nameConstraints: { permittedDns: ['example.com'], excludedDns: ['bad.example.com'] },
    },
    rootKey.privateKey,
  );
  const leaf = buildCertificate(
    {
      serialNumber: 0x8f3a5c7e9b1d2f40n,
      subject: encodeName([['CN', `fuzz-leaf-${type}`]]),
      issuer: rootName,
      notBefore: NOW - 3_600_000,
      notAfter: NOW + 3_600_000,
      subjectPublicKey: leafKey.spki,
      issuerPublicKey: rootKey.spki,
      keyUsage: ['digitalSignature'],
      extendedKeyUsage: ['1.3.6.1.5.5.7.3.2'],
      subjectAltNames: {
        dns: ['w.example.com'],
        uris: ['spiffe://example.com/w'],
        emails: ['w@example.com'],
        ips: ['10.1.2.3', '2001:db8::1'],
      },
      crlDistributionPoints: ['http://crl.example.com/root.crl'],
    },
    rootKey.privateKey,
  );
  const crl = buildCrl(
    {
      issuer: rootName,
      issuerPublicKey: rootKey.spki,
      thisUpdate: NOW - 3_600_000,
      nextUpdate: NOW + 86_400_000,
      crlNumber: 7n,
      revoked: [{ serialNumber: 0x1001n, revokedAt: NOW - 7_200_000, reason: 'keyCompromise' }],
    },
    rootKey.privateKey,
  );
  return { root, leaf, crl };
}

const built = (['rsa', 'p256', 'mldsa65'] as const).map(builtChain);

const CERTIFICATES: readonly Uint8Array[] = [
  // OpenSSL-made fixtures (see ../vectors/x509/README.md), then builder-made ones.
  vectorDer('rsa2048-root.pem'),
  vectorDer('p256-root.pem'),
  vectorDer('p256-intermediate.pem'),
  vectorBytes('p256-leaf.der'),
  vectorDer('names-leaf.pem'),
  vectorDer('rsa-pss-root.pem'),
  vectorDer('ed25519-root.pem'),
  vectorDer('ml-dsa-65-root.pem'),
  vectorDer('v1-root.pem'),
  ...built.flatMap(({ root, leaf }) => [root, leaf]),
];
const CRLS: readonly Uint8Array[] = [
  vectorBytes('rsa2048-root.crl.der'),
  vectorBytes('p256-root.crl.der'),
  ...built.map(({ crl }) => crl),
];

// --- DER without the decoder: a header encoder and a tree generator ---------------------------

/** The DER identifier and length octets of an element (X.690 §8.1.2, §8.1.3, §10.1). */
function encodeHeader(tagClass: number, constructed: boolean, tagNumber: number, length: number): number[] {
  const first = (tagClass << 6) | (constructed ? 0x20 : 0);
  const out: number[] = [];
  if (tagNumber < 0x1f) out.push(first | tagNumber);
  else {
    const groups: number[] = [];
    for (let rest = tagNumber; rest > 0; rest = Math.floor(rest / 128)) groups.unshift(rest % 128);
    out.push(first | 0x1f, ...groups.map((g, i) => (i < groups.length - 1 ? g | 0x80 : g)));
  }
  if (length < 0x80) out.push(length);
  else {
    const octets: number[] = [];
    for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) octets.unshift(rest % 256);
    out.push(0x80 | octets.length, ...octets);
  }
  return out;
}

/** Re-encodes a decoded tree from its parts: DER has one encoding, so this must give the input back. */
function reencode(node: DerNode): Uint8Array {
  const content = node.constructed ? Buffer.concat(node.children.map(reencode)) : Buffer.from(node.content);
  assert.equal(content.length, node.contentLength, 'children tile their parent exactly');
  return Buffer.concat([
    Buffer.from(encodeHeader(node.tagClass, node.constructed, node.tagNumber, content.length)),
    content,
  ]);
}

interface Tree {
  readonly tagClass: number;
  readonly tagNumber: number;
  readonly children: readonly Tree[] | null;
  readonly content: Uint8Array;
}

function encodeTree(tree: Tree): Uint8Array {
  const content = tree.children === null ? tree.content : Buffer.concat(tree.children.map(encodeTree));
  return Buffer.concat([
    Buffer.from(encodeHeader(tree.tagClass, tree.children !== null, tree.tagNumber, content.length)),
    content,
  ]);
}

/** Well-formed DER trees: universal SEQUENCE/SET and primitive strings, and tagged elements of every class. */
const treeArbitrary: fc.Arbitrary<Tree> = fc.letrec<{ tree: Tree }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({
      tagClass: fc.constant(0),
      tagNumber: fc.constantFrom(1, 2, 3, 4, 5, 6, 12, 19, 22, 23, 24),
      children: fc.constant(null),
      content: fc.uint8Array({ maxLength: 300 }),
    }),
    fc.record({
      tagClass: fc.integer({ min: 1, max: 3 }),
      tagNumber: fc.oneof(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 31, max: 2_000_000 })),
      children: fc.constant(null),
      content: fc.uint8Array({ maxLength: 300 }),
    }),
    fc.record({
      tagClass: fc.constant(0),
      tagNumber: fc.constantFrom(16, 17),
      children: fc.array(tie('tree'), { maxLength: 4 }),
      content: fc.constant(new Uint8Array(0)),
    }),
    fc.record({
      tagClass: fc.integer({ min: 1, max: 3 }),
      tagNumber: fc.integer({ min: 0, max: 200 }),
      children: fc.array(tie('tree'), { maxLength: 4 }),
      content: fc.constant(new Uint8Array(0)),
    }),
  ),
})).tree;

// --- Mutations of real encodings -------------------------------------------------------------

type Mutation =
  | { readonly kind: 'flip'; readonly at: number; readonly bit: number }
  | { readonly kind: 'set'; readonly at: number; readonly value: number }
  | { readonly kind: 'truncate'; readonly at: number }
  | { readonly kind: 'insert'; readonly at: number; readonly bytes: Uint8Array }
  | { readonly kind: 'delete'; readonly at: number; readonly count: number }
  | { readonly kind: 'length'; readonly node: number; readonly field: readonly number[] }
  | { readonly kind: 'tag'; readonly node: number; readonly identifier: number }
  | { readonly kind: 'duplicate'; readonly node: number };

/**
 * Positions are drawn unbiased (fast-check favours small numbers and bounds otherwise, which would
 * keep hitting the outer header) and taken modulo the size, so one mutation list applies to
 * inputs of any length.
 */
const position = fc.noBias(fc.nat({ max: 0x7fffffff }));
const index = (n: number, size: number) => n % Math.max(1, size);

/** A length field: short form, long form (minimal or not), indefinite, or absurdly long. */
const lengthField = fc.oneof(
  fc.integer({ min: 0, max: 0x7f }).map((n) => [n]),
  fc.integer({ min: 0, max: 0xffffffff }).map((n) => encodeHeader(0, false, 0, n).slice(1)),
  fc
    .tuple(fc.integer({ min: 1, max: 4 }), fc.uint8Array({ minLength: 4, maxLength: 4 }))
    .map(([count, bytes]) => [0x80 | count, ...bytes.subarray(0, count)]),
  fc.constantFrom([0x80], [0x85, 1, 0, 0, 0, 0], [0xff], [0x81, 0x05], [0x82, 0x00, 0x90]),
);

interface Seeded {
  readonly bytes: Uint8Array;
  /** Decoded nodes of the original, in pre-order, for structure-aware mutations. */
  readonly nodes: readonly DerNode[];
}

function preOrder(node: DerNode): DerNode[] {
  return [node, ...node.children.flatMap(preOrder)];
}

function seeded(bytes: Uint8Array): Seeded {
  return {
    bytes,
    nodes: preOrder(decodeDer(bytes, 'seed', { ...CERTIFICATE_DER_LIMITS, maxBytes: 1 << 20 })),
  };
}

const mutationArbitrary = (seedCount: number) =>
  fc.record({
    seed: fc.integer({ min: 0, max: seedCount - 1 }),
    mutations: fc.array(
      fc.oneof(
        fc.record({ kind: fc.constant('flip'), at: position, bit: fc.integer({ min: 0, max: 7 }) }),
        fc.record({ kind: fc.constant('set'), at: position, value: fc.integer({ min: 0, max: 255 }) }),
        fc.record({ kind: fc.constant('truncate'), at: position }),
        fc.record({
          kind: fc.constant('insert'),
          at: position,
          bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }),
        }),
        fc.record({ kind: fc.constant('delete'), at: position, count: fc.integer({ min: 1, max: 16 }) }),
        fc.record({ kind: fc.constant('length'), node: position, field: lengthField }),
        fc.record({ kind: fc.constant('tag'), node: position, identifier: fc.integer({ min: 0, max: 255 }) }),
        fc.record({ kind: fc.constant('duplicate'), node: position }),
      ) as fc.Arbitrary<Mutation>,
      { minLength: 1, maxLength: 4 },
    ),
  });

/**
 * Applies the mutations in order. Structure-aware ones address the original's nodes; after an
 * earlier mutation moved bytes they still edit some header-like position, which is fine for a
 * fuzzer.
 */
function mutate(seed: Seeded, mutations: readonly Mutation[]): Uint8Array {
  let bytes = Buffer.from(seed.bytes);
  const splice = (at: number, remove: number, insert: Uint8Array | readonly number[]) => {
    bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(insert), bytes.subarray(at + remove)]);
  };
  for (const m of mutations) {
    if (bytes.length === 0) break;
    switch (m.kind) {
      case 'flip': {
        const at = index(m.at, bytes.length);
        bytes[at] = (bytes[at] ?? 0) ^ (1 << m.bit);
        break;
      }
      case 'set':
        bytes[index(m.at, bytes.length)] = m.value;
        break;
      case 'truncate':
        bytes = bytes.subarray(0, index(m.at, bytes.length));
        break;
      case 'insert':
        splice(index(m.at, bytes.length + 1), 0, m.bytes);
        break;
      case 'delete':
        splice(index(m.at, bytes.length), m.count, []);
        break;
      case 'length': {
        const node = seed.nodes[index(m.node, seed.nodes.length)] as DerNode;
        if (node.end > bytes.length) break;
        const tagOctets = node.headerLength - encodeHeader(0, false, 0, node.contentLength).slice(1).length;
        splice(node.offset + tagOctets, node.headerLength - tagOctets, m.field);
        break;
      }
      case 'tag': {
        const node = seed.nodes[index(m.node, seed.nodes.length)] as DerNode;
        if (node.offset < bytes.length) bytes[node.offset] = m.identifier;
        break;
      }
      case 'duplicate': {
        const node = seed.nodes[index(m.node, seed.nodes.length)] as DerNode;
        if (node.end <= bytes.length) splice(node.end, 0, bytes.subarray(node.offset, node.end));
        break;
      }
    }
  }
  return new Uint8Array(bytes);
}

// --- Mutations that keep the DER well-formed, to reach the field parsers ----------------------

function toTree(node: DerNode): Tree {
  return {
    tagClass: node.tagClass,
    tagNumber: node.tagNumber,
    children: node.constructed ? node.children.map(toTree) : null,
    content: node.constructed ? new Uint8Array(0) : Buffer.from(node.content),
  };
}

type TreeEdit =
  | { readonly kind: 'content'; readonly node: number; readonly bytes: Uint8Array }
  | { readonly kind: 'flip'; readonly node: number; readonly at: number; readonly bit: number }
  | { readonly kind: 'shorten'; readonly node: number; readonly at: number }
  | { readonly kind: 'retag'; readonly node: number; readonly tagClass: number; readonly tagNumber: number }
  | { readonly kind: 'drop'; readonly node: number; readonly child: number }
  | { readonly kind: 'repeat'; readonly node: number; readonly child: number }
  | { readonly kind: 'swap'; readonly node: number; readonly child: number }
  | { readonly kind: 'wrap'; readonly node: number };

const treeEditArbitrary: fc.Arbitrary<TreeEdit> = fc.oneof(
  fc.record({
    kind: fc.constant('content'),
    node: position,
    bytes: fc.oneof(
      fc.uint8Array({ maxLength: 24 }),
      // Contents that mean something in some field: times, OIDs, small integers, booleans.
      fc.constantFrom(
        ...['491231235959Z', '20500101000000Z', '991301000000Z', '2025', ''].map((t) => Buffer.from(t)),
        Uint8Array.of(0x2a, 0x86, 0x48),
        Uint8Array.of(0x55, 0x1d, 0x13),
        Uint8Array.of(0x80),
        Uint8Array.of(0x00),
        Uint8Array.of(0xff),
        Uint8Array.of(0x00, 0x7f),
        Uint8Array.of(0x07, 0x80),
      ),
    ),
  }),
  fc.record({ kind: fc.constant('flip'), node: position, at: position, bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ kind: fc.constant('shorten'), node: position, at: position }),
  fc.record({
    kind: fc.constant('retag'),
    node: position,
    tagClass: fc.integer({ min: 0, max: 3 }),
    tagNumber: fc.oneof(
      fc.constantFrom(1, 2, 3, 4, 5, 6, 12, 16, 17, 19, 22, 23, 24, 30),
      fc.integer({ min: 0, max: 40 }),
    ),
  }),
  fc.record({ kind: fc.constant('drop'), node: position, child: position }),
  fc.record({ kind: fc.constant('repeat'), node: position, child: position }),
  fc.record({ kind: fc.constant('swap'), node: position, child: position }),
  fc.record({ kind: fc.constant('wrap'), node: position }),
) as fc.Arbitrary<TreeEdit>;

/** Applies one edit to the `target`-th node in pre-order, rebuilding the path to it (lengths stay right). */
function editTree(tree: Tree, edit: TreeEdit): Tree {
  const count = (t: Tree): number => 1 + (t.children ?? []).reduce((n, c) => n + count(c), 0);
  let target = index(edit.node, count(tree));
  const visit = (t: Tree): Tree => {
    if (target-- === 0) return applyEdit(t, edit);
    if (t.children === null) return t;
    return { ...t, children: t.children.map(visit) };
  };
  return visit(tree);
}

function applyEdit(t: Tree, edit: TreeEdit): Tree {
  const kids = t.children;
  switch (edit.kind) {
    case 'content':
      return kids === null ? { ...t, content: edit.bytes } : t;
    case 'flip': {
      if (kids !== null || t.content.length === 0) return t;
      const content = Buffer.from(t.content);
      const at = index(edit.at, content.length);
      content[at] = (content[at] ?? 0) ^ (1 << edit.bit);
      return { ...t, content };
    }
    case 'shorten':
      return kids === null
        ? { ...t, content: t.content.subarray(0, index(edit.at, t.content.length + 1)) }
        : t;
    case 'retag': {
      // Keep the universal forms DER allows, so the decoder lets the field parser see the element.
      const constructedOnly = edit.tagClass === 0 && (edit.tagNumber === 16 || edit.tagNumber === 17);
      const primitiveOnly = edit.tagClass === 0 && !constructedOnly;
      if (
        (kids === null && constructedOnly) ||
        (kids !== null && primitiveOnly) ||
        (edit.tagClass === 0 && edit.tagNumber === 0)
      )
        return t;
      return { ...t, tagClass: edit.tagClass, tagNumber: edit.tagNumber };
    }
    case 'drop':
    case 'repeat':
    case 'swap': {
      if (kids === null || kids.length === 0) return t;
      const at = index(edit.child, kids.length);
      const copy = [...kids];
      if (edit.kind === 'drop') copy.splice(at, 1);
      else if (edit.kind === 'repeat') copy.splice(at, 0, kids[at] as Tree);
      else
        [copy[at], copy[(at + 1) % copy.length]] = [copy[(at + 1) % copy.length] as Tree, copy[at] as Tree];
      return { ...t, children: copy };
    }
    case 'wrap':
      return { tagClass: 0, tagNumber: 16, children: [t], content: new Uint8Array(0) };
  }
}

// --- Properties ------------------------------------------------------------------------------

test('ok/fuzz: every seed certificate and CRL round-trips through the parser', () => {
  for (const der of CERTIFICATES) {
    const certificate = parseCertificate(der);
    assert.deepEqual(certificate.der, der);
    assert.equal(certificate.fingerprintSha256, createHash('sha256').update(der).digest('hex'));
    assert.deepEqual(reencode(decodeDer(der, 'certificate', CERTIFICATE_DER_LIMITS)), Buffer.from(der));
    // The TBS is the first element of the outer SEQUENCE, byte for byte.
    const outer = decodeDer(der, 'certificate', CERTIFICATE_DER_LIMITS);
    assert.deepEqual(certificate.tbsDer, outer.children[0]?.raw);
    // node:crypto (OpenSSL) reads the same serial number.
    const x509 = new X509Certificate(der);
    assert.equal(BigInt(`0x${x509.serialNumber}`), certificate.serialNumber);
    const [pem] = decodePem(encodePem('CERTIFICATE', der));
    assert.deepEqual(pem?.der, der);
  }
  for (const der of CRLS) assert.deepEqual(parseCrl(der).der, der);
});

test('ok/fuzz: arbitrary bytes are decoded as DER or refused with a ValidationException; decoded DER re-encodes to itself', () => {
  fc.assert(
    fc.property(
      fc.oneof(fc.uint8Array({ maxLength: 64 }), fc.uint8Array({ minLength: 2, maxLength: 2048 })),
      cases.count('der-bytes', (bytes: Uint8Array) => {
        let node: DerNode | undefined;
        parsesOrRefuses(() => {
          node = decodeDer(bytes, 'input');
        }, 'decodeDer');
        if (node !== undefined) assert.deepEqual(reencode(node), Buffer.from(bytes));
      }),
    ),
    parameters(20_000, [[Uint8Array.of(0x30, 0x80, 0x00, 0x00)], [Uint8Array.of(0x1f, 0x80, 0x01, 0x00)]]),
  );
});

test('ok/fuzz: well-formed DER trees decode to the same tree and re-encode byte for byte', () => {
  fc.assert(
    fc.property(
      treeArbitrary,
      cases.count('der-trees', (tree: Tree) => {
        const bytes = encodeTree(tree);
        const node = decodeDer(bytes, 'tree');
        const same = (t: Tree, n: DerNode): void => {
          assert.equal(n.tagClass, t.tagClass);
          assert.equal(n.tagNumber, t.tagNumber);
          assert.equal(n.constructed, t.children !== null);
          if (t.children === null) assert.deepEqual(Buffer.from(n.content), Buffer.from(t.content));
          else {
            assert.equal(n.children.length, t.children.length);
            for (const [i, child] of t.children.entries()) same(child, n.children[i] as DerNode);
          }
        };
        same(tree, node);
        assert.deepEqual(reencode(node), Buffer.from(bytes));
        // Cut anywhere, a well-formed encoding is refused cleanly.
        parsesOrRefuses(() => decodeDer(bytes.subarray(0, bytes.length - 1), 'cut'), 'decodeDer cut');
      }),
    ),
    parameters(5000),
  );
});

test('ok/fuzz: arbitrary bytes and DER trees given as a certificate or a CRL are refused with a ValidationException', () => {
  fc.assert(
    fc.property(
      fc.oneof(fc.uint8Array({ maxLength: 1024 }), treeArbitrary.map(encodeTree)),
      cases.count('certificate-bytes', (bytes: Uint8Array) => {
        parsesOrRefuses(() => parseCertificate(bytes), 'parseCertificate');
        parsesOrRefuses(() => parseCrl(bytes), 'parseCrl');
      }),
    ),
    parameters(10_000),
  );
});

test('ok/fuzz: mutated RSA, P-256, ML-DSA-65 and other certificates parse or are refused with a ValidationException', () => {
  const seeds = CERTIFICATES.map(seeded);
  fc.assert(
    fc.property(
      mutationArbitrary(seeds.length),
      cases.count('certificate-mutations', ({ seed, mutations }: { seed: number; mutations: Mutation[] }) => {
        const bytes = mutate(seeds[seed] as Seeded, mutations);
        let parsed: ReturnType<typeof parseCertificate> | undefined;
        const ok = parsesOrRefuses(() => {
          parsed = parseCertificate(bytes);
        }, 'parseCertificate');
        if (ok) cases.add('certificate-mutations-that-parse', 1);
        if (ok && parsed !== undefined) {
          // Whatever parses describes exactly the bytes given.
          assert.deepEqual(parsed.der, bytes);
          assert.equal(parsed.fingerprintSha256, createHash('sha256').update(bytes).digest('hex'));
        }
      }),
    ),
    parameters(30_000, [
      // Regression shapes: a length field rewritten to the indefinite form, and to four octets.
      [{ seed: 0, mutations: [{ kind: 'length', node: 5, field: [0x80] }] }],
      [{ seed: 1, mutations: [{ kind: 'length', node: 1, field: [0x84, 0xff, 0xff, 0xff, 0xff] }] }],
    ]),
  );
});

test('ok/fuzz: mutated CRLs parse or are refused with a ValidationException', () => {
  const seeds = CRLS.map(seeded);
  fc.assert(
    fc.property(
      mutationArbitrary(seeds.length),
      cases.count('crl-mutations', ({ seed, mutations }: { seed: number; mutations: Mutation[] }) => {
        parsesOrRefuses(() => parseCrl(mutate(seeds[seed] as Seeded, mutations)), 'parseCrl');
      }),
    ),
    parameters(10_000),
  );
});

test('ok/fuzz: well-formed edits of certificate fields (contents, tags, missing, repeated, swapped elements) parse or are refused with a ValidationException', () => {
  const trees = CERTIFICATES.map((der) => toTree(decodeDer(der, 'seed', CERTIFICATE_DER_LIMITS)));
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: trees.length - 1 }),
      fc.array(treeEditArbitrary, { minLength: 1, maxLength: 3 }),
      cases.count('certificate-field-edits', (seed: number, edits: TreeEdit[]) => {
        const bytes = encodeTree(edits.reduce(editTree, trees[seed] as Tree));
        if (parsesOrRefuses(() => parseCertificate(bytes), 'parseCertificate'))
          cases.add('certificate-field-edits-that-parse', 1);
      }),
    ),
    parameters(20_000),
  );
});

test('ok/fuzz: well-formed edits of CRL fields parse or are refused with a ValidationException', () => {
  const trees = CRLS.map((der) => toTree(decodeDer(der, 'seed')));
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: trees.length - 1 }),
      fc.array(treeEditArbitrary, { minLength: 1, maxLength: 3 }),
      cases.count('crl-field-edits', (seed: number, edits: TreeEdit[]) => {
        parsesOrRefuses(() => parseCrl(encodeTree(edits.reduce(editTree, trees[seed] as Tree))), 'parseCrl');
      }),
    ),
    parameters(5000),
  );
});

test('ok/fuzz: arbitrary text given as PEM decodes or is refused with a ValidationException', () => {
  const pem = encodePem('CERTIFICATE', CERTIFICATES[1] as Uint8Array);
  fc.assert(
    fc.property(
      fc.oneof(
        fc.string({ maxLength: 200 }),
        fc
          .tuple(fc.nat({ max: pem.length }), fc.string({ maxLength: 6 }), fc.nat({ max: 8 }))
          .map(([at, text, drop]) => pem.slice(0, at) + text + pem.slice(at + drop)),
      ),
      cases.count('pem', (text: string) => {
        parsesOrRefuses(() => {
          for (const block of decodePem(text))
            parsesOrRefuses(() => parseCertificate(block.der), 'pem block');
        }, 'decodePem');
      }),
    ),
    parameters(5000),
  );
});
