/**
 * Serial numbers of issued certificates. RFC 5280 §4.1.2.2 wants them positive, unique and at
 * most 20 octets; the CA/Browser Forum asks for at least 64 bits from a CSPRNG so that a
 * requester cannot predict them. 16 random bytes with the top bit cleared give 127 bits.
 */
import { createHmac, randomBytes } from 'node:crypto';

const SERIAL_BYTES = 16;

export function randomSerial(): bigint {
  for (;;) {
    const serial = fromBytes(randomBytes(SERIAL_BYTES));
    if (serial !== 0n) return serial;
  }
}

/**
 * The same serial for the same request (an idempotency token): an HMAC under a secret the
 * requester does not know, so it stays as unpredictable to the requester as a random one.
 */
export function derivedSerial(secret: Uint8Array, parts: readonly string[]): bigint {
  const mac = createHmac('sha256', secret).update(parts.join('\n')).digest();
  const serial = fromBytes(mac.subarray(0, SERIAL_BYTES));
  return serial === 0n ? 1n : serial;
}

function fromBytes(bytes: Uint8Array): bigint {
  const copy = Buffer.from(bytes);
  copy[0] = (copy[0] ?? 0) & 0x7f;
  return BigInt(`0x${copy.toString('hex')}`);
}

/** Upper-case hex, even digit count, no sign octet: as `Certificate.serialNumberHex` shows a positive serial. */
export function serialHex(serial: bigint): string {
  const hex = serial.toString(16).toUpperCase();
  return hex.length % 2 === 0 ? hex : `0${hex}`;
}

/** `RevokeCertificate`'s CertificateSerial: hex, with or without colons, any case; undefined if not hex. */
export function parseSerialText(text: string): bigint | undefined {
  const digits = text.replaceAll(':', '');
  if (!/^[0-9A-Fa-f]{1,64}$/.test(digits)) return undefined;
  return BigInt(`0x${digits}`);
}
