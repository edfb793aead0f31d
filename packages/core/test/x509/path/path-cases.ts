/**
 * The table-test harness of the path tests: a row names fixtures of ../../vectors/x509/path/
 * (see its README) and the expected path or failure code. Rows validate at 2025-09-01 unless
 * they say otherwise; the chain defaults to int-a and the anchors to root-a.
 */
import assert from 'node:assert/strict';
import { type Certificate, parseCertificate } from '@anchorage/core/x509/certificate';
import { type Crl, parseCrl } from '@anchorage/core/x509/crl';
import {
  type PathFailureCode,
  type PathValidationResult,
  validatePath,
} from '@anchorage/core/x509/path/validate-path';
import { decodePem } from '@anchorage/core/x509/pem';
import { loadCertificate, vectorText } from '../helpers.ts';

export const NOW = Date.parse('2025-09-01T00:00:00Z');

export const cert = (name: string): Certificate => loadCertificate(`path/${name}.pem`);

export function crl(name: string): Crl {
  const [block] = decodePem(vectorText(`path/${name}.crl.pem`));
  assert.ok(block !== undefined, `${name}.crl.pem holds a PEM block`);
  return parseCrl(block.der);
}

/** Every certificate of a PEM file holding several (hydra-chain.pem). */
export function certs(name: string): Certificate[] {
  return decodePem(vectorText(`path/${name}.pem`)).map((block) => parseCertificate(block.der));
}

export interface Row {
  readonly name: string;
  readonly leaf: string;
  readonly chain?: readonly string[];
  readonly anchors?: readonly string[];
  readonly crls?: readonly string[];
  readonly now?: string;
  /** The expected path (leaf first, anchor last) or failure code. */
  readonly expect: readonly string[] | PathFailureCode;
  /** Part of the reason, for failures. */
  readonly reason?: string;
}

export function run(row: Row): PathValidationResult {
  return validatePath({
    leaf: cert(row.leaf),
    intermediates: (row.chain ?? ['int-a']).map(cert),
    anchors: (row.anchors ?? ['root-a']).map(cert),
    crls: (row.crls ?? []).map(crl),
    now: row.now === undefined ? NOW : Date.parse(row.now),
  });
}

export function check(row: Row): PathValidationResult {
  const result = run(row);
  if (typeof row.expect === 'string') {
    assert.equal(result.ok, false, `${row.name}: expected ${row.expect}, got a valid path`);
    if (result.ok) return result;
    assert.equal(result.code, row.expect, result.reason);
    if (row.reason !== undefined) assert.ok(result.reason.includes(row.reason), result.reason);
    return result;
  }
  assert.equal(result.ok, true, result.ok ? '' : `${result.code}: ${result.reason}`);
  if (!result.ok) return result;
  assert.deepEqual(
    result.path.map((certificate) => certificate.fingerprintSha256),
    row.expect.map((name) => cert(name).fingerprintSha256),
  );
  assert.equal(result.anchor, result.path.at(-1));
  return result;
}
