/**
 * CKM_ECDSA returns r‖s, each the byte length of the group order (PKCS#11 v2.40 Current
 * Mechanisms, ECDSA signature format); SigV4-X509 and X.509 want the DER `Ecdsa-Sig-Value` SEQUENCE { r INTEGER, s INTEGER }
 * (RFC 3279 §2.2.3), with minimal INTEGER encodings (X.690 §8.3.2).
 */
import { Pkcs11Error } from './pkcs11-error.ts';

function derLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  // Long form; an Ecdsa-Sig-Value is at most a few hundred bytes.
  return length < 0x100 ? Buffer.from([0x81, length]) : Buffer.from([0x82, length >> 8, length & 0xff]);
}

function derInteger(unsigned: Buffer): Buffer {
  let start = 0;
  while (start < unsigned.length - 1 && unsigned[start] === 0) start++;
  let body = unsigned.subarray(start);
  if (body.length === 0) body = Buffer.from([0]);
  // A set top bit would read as negative: prefix a zero byte.
  if (((body[0] as number) & 0x80) !== 0) body = Buffer.concat([Buffer.from([0]), body]);
  return Buffer.concat([Buffer.from([0x02]), derLength(body.length), body]);
}

export function rawEcdsaToDer(raw: Buffer): Buffer {
  if (raw.length === 0 || raw.length % 2 !== 0) {
    throw new Pkcs11Error(
      `the token returned a ${raw.length}-byte ECDSA signature; expected r‖s of equal halves`,
    );
  }
  const half = raw.length / 2;
  const content = Buffer.concat([derInteger(raw.subarray(0, half)), derInteger(raw.subarray(half))]);
  return Buffer.concat([Buffer.from([0x30]), derLength(content.length), content]);
}
