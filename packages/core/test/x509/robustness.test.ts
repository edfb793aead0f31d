import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeDer } from '@anchorage/core/der/decode';
import { isAnchorageError } from '@anchorage/core/errors';
import { parseTrustAnchorBundle } from '@anchorage/core/x509/ca-bundle';
import { parseCertificate } from '@anchorage/core/x509/certificate';
import { crlToDer, parseCrl } from '@anchorage/core/x509/crl';
import { encodePem } from '@anchorage/core/x509/pem';
import { verifySignedData } from '@anchorage/core/x509/signature';
import { length } from './der-builder.ts';
import { assertRefused, fromHex, vectorBytes, vectorDer } from './helpers.ts';

/** A small deterministic PRNG (xorshift32) so that a failing mutation can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 0x100000000;
  };
}

/** Runs `parse`; it may succeed or throw an AnchorageError, and nothing else. */
function parsesOrRefuses(parse: () => unknown, label: string): boolean {
  try {
    parse();
    return true;
  } catch (error) {
    assert.ok(
      isAnchorageError(error),
      `${label}: threw ${error instanceof Error ? error.stack : String(error)}`,
    );
    return false;
  }
}

/** `levels` SEQUENCEs nested in one another, built in one pass (inside out lengths). */
function nestedSequences(levels: number): Uint8Array {
  const contentLengths: number[] = [0];
  for (let level = 1; level < levels; level += 1) {
    const inner = contentLengths[level - 1] ?? 0;
    contentLengths.push(inner + 1 + length(inner).length);
  }
  const out: number[] = [];
  for (let level = levels - 1; level >= 0; level -= 1) out.push(0x30, ...length(contentLengths[level] ?? 0));
  return Uint8Array.from(out);
}

test('fail/deeply nested DER is refused by the depth limit, without exhausting the stack', () => {
  const deep = nestedSequences(50_000);
  assert.ok(deep.length < 1_048_576);
  assertRefused(() => decodeDer(deep, 'blob'), 'blob is not valid DER: the element at offset');
  assertRefused(() => decodeDer(deep, 'blob'), 'is nested deeper than 32 levels');
  assertRefused(() => parseCrl(deep), 'nested deeper than 32 levels');
  const smaller = nestedSequences(10_000);
  assert.ok(smaller.length < 65_536);
  assertRefused(() => parseCertificate(smaller), 'certificate is not valid DER');
});

test('fail/oversized input is refused before decoding', () => {
  assertRefused(
    () => parseCertificate(new Uint8Array(65_537)),
    'certificate is 65537 bytes long; the limit is 65536 bytes',
  );
  assertRefused(() => parseCrl(new Uint8Array(1_048_577)), 'CRL is 1048577 bytes long');
});

test('fail/garbage, truncated and over-long DER is refused with a ValidationException', () => {
  const cases: [Uint8Array, string][] = [
    [fromHex('00 00'), 'end-of-contents'],
    [fromHex('30'), 'is truncated: its DER length at offset 1 is missing'],
    [fromHex('ff ff ff ff'), 'is truncated: its DER tag number at offset 4 is missing'],
    [fromHex('30 82 ff ff 30 00'), 'declares 65535 content bytes but only 2 remain'],
    [fromHex('30 84 ff ff ff ff'), 'declares 4294967295 content bytes'],
    [fromHex('30 89 01 02 03 04 05 06 07 08 09'), 'length field of 9 octets'],
    [fromHex('30 80 30 00 00 00'), 'indefinite length'],
    [new TextEncoder().encode('-----BEGIN CERTIFICATE-----'), 'not valid DER'],
  ];
  for (const [input, message] of cases) {
    assertRefused(() => parseCertificate(input), message);
    assertRefused(() => parseCrl(input), message);
  }
});

test('fail/every truncation of a valid certificate and CRL is refused', { timeout: 60_000 }, () => {
  for (const der of [
    vectorBytes('p256-leaf.der'),
    vectorDer('rsa2048-root.pem'),
    vectorDer('ed25519-root.pem'),
  ]) {
    for (let size = 0; size < der.length; size += 1) {
      assert.equal(
        parsesOrRefuses(() => parseCertificate(der.subarray(0, size)), `certificate truncated to ${size}`),
        false,
      );
    }
  }
  const crl = vectorBytes('rsa2048-root.crl.der');
  for (let size = 0; size < crl.length; size += 1) {
    assert.equal(
      parsesOrRefuses(() => parseCrl(crl.subarray(0, size)), `CRL truncated to ${size}`),
      false,
    );
    assert.equal(
      parsesOrRefuses(() => crlToDer(crl.subarray(0, size)), `CRL data truncated to ${size}`),
      false,
    );
  }
});

test('ok/random single-byte mutations either parse or raise an AnchorageError', { timeout: 120_000 }, () => {
  const next = random(0x5eed);
  const fixtures = [
    vectorBytes('p256-leaf.der'),
    vectorDer('p256-intermediate.pem'),
    vectorDer('rsa-pss-root.pem'),
    vectorDer('names-leaf.pem'),
    vectorDer('b-leaf.pem'),
  ];
  const issuerKey = parseCertificate(vectorDer('p256-intermediate.pem')).subjectPublicKeyInfo.der;
  let parsed = 0;
  let refused = 0;
  for (const original of fixtures) {
    for (let round = 0; round < 1500; round += 1) {
      const mutated = original.slice();
      const index = Math.floor(next() * mutated.length);
      mutated[index] = Math.floor(next() * 256);
      const ok = parsesOrRefuses(() => {
        const certificate = parseCertificate(mutated);
        // Whatever parses must also be safe to verify: false or true, never an exception.
        verifySignedData(
          certificate.tbsDer,
          certificate.signatureAlgorithm,
          certificate.signature,
          issuerKey,
        );
        verifySignedData(
          certificate.tbsDer,
          certificate.signatureAlgorithm,
          certificate.signature,
          certificate.der,
        );
      }, `byte ${index} of fixture set to ${mutated[index]}`);
      if (ok) parsed += 1;
      else refused += 1;
    }
  }
  // Both outcomes must occur, or the loop is not exercising anything.
  assert.ok(parsed > 0 && refused > 0, `parsed ${parsed}, refused ${refused}`);
});

test('ok/random mutations of a CRL and of PEM bundles never escape the taxonomy', {
  timeout: 120_000,
}, () => {
  const next = random(0xc0ffee);
  const crl = vectorBytes('rsa2048-root.crl.der');
  for (let round = 0; round < 2000; round += 1) {
    const mutated = crl.slice();
    const index = Math.floor(next() * mutated.length);
    mutated[index] = Math.floor(next() * 256);
    parsesOrRefuses(() => parseCrl(crlToDer(mutated)), `CRL byte ${index}`);
  }
  const bundle = new TextEncoder().encode(encodePem('CERTIFICATE', vectorDer('p256-root.pem')));
  for (let round = 0; round < 2000; round += 1) {
    const mutated = bundle.slice();
    const index = Math.floor(next() * mutated.length);
    mutated[index] = 32 + Math.floor(next() * 95);
    parsesOrRefuses(() => parseTrustAnchorBundle(new TextDecoder().decode(mutated)), `PEM byte ${index}`);
  }
});

test('ok/random multi-byte garbage never escapes the taxonomy', { timeout: 60_000 }, () => {
  const next = random(42);
  for (let round = 0; round < 3000; round += 1) {
    const size = Math.floor(next() * 64);
    const garbage = Uint8Array.from({ length: size }, () => Math.floor(next() * 256));
    // Bias towards plausible DER so the decoder gets past the first byte.
    if (size > 0 && next() < 0.5) garbage[0] = 0x30;
    parsesOrRefuses(() => parseCertificate(garbage), `garbage round ${round}`);
    parsesOrRefuses(() => parseCrl(garbage), `garbage round ${round}`);
  }
});
