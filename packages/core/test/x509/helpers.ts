import assert from 'node:assert/strict';
import { Buffer } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { isAnchorageError } from '@anchorage/core/errors';
import { type Certificate, parseCertificate } from '@anchorage/core/x509/certificate';
import { decodePem } from '@anchorage/core/x509/pem';

const VECTORS = new URL('../vectors/x509/', import.meta.url);

export function vectorText(name: string): string {
  return readFileSync(new URL(name, VECTORS), 'utf8');
}

export function vectorBytes(name: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(name, VECTORS)));
}

/** The DER of the single PEM block in a fixture file. */
export function vectorDer(name: string): Uint8Array {
  const [block, extra] = decodePem(vectorText(name));
  assert.ok(block !== undefined && extra === undefined, `${name} holds exactly one PEM block`);
  return block.der;
}

export function loadCertificate(name: string): Certificate {
  return parseCertificate(vectorDer(name));
}

/** Asserts that `run` throws a ValidationException whose message contains `part`. */
export function assertRefused(run: () => unknown, part: string | RegExp): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(isAnchorageError(error), `expected an AnchorageError, got ${String(error)}`);
    assert.equal(error.code, 'ValidationException');
    if (typeof part === 'string') assert.ok(error.message.includes(part), `message: ${error.message}`);
    else assert.match(error.message, part);
    return true;
  });
}

export function fromHex(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text.replace(/\s+/g, ''), 'hex'));
}
