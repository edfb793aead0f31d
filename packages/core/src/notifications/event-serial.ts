import type { Certificate } from '../x509/certificate.ts';

/**
 * The serial as AWS writes it in expiry events: the DER INTEGER's content octets in upper-case
 * hex, so a positive serial whose top bit is set keeps its 0x00 sign octet (`00936EACBE07F201DF`
 * in the documented example). `serialNumberHex` drops that octet; negative serials are already
 * their two's-complement octets.
 */
export function eventSerialNumber(certificate: Certificate): string {
  const hex = certificate.serialNumberHex;
  return certificate.serialNumber > 0n && /^[89A-F]/.test(hex) ? `00${hex}` : hex;
}
