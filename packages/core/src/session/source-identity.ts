/**
 * The source identity of a session made from a certificate (Roles Anywhere User Guide, "Source
 * identity rules"): `CN=<CN>` when the subject has a CN of at most 61 characters, the bare CN
 * when it has 62 to 64, otherwise `ID=` and the serial number in hex, padded to an even number of
 * digits. A longer CN would exceed STS's 64 characters, so it falls back to the serial as well.
 */
import type { Certificate } from '../x509/certificate.ts';

export function sourceIdentityOf(certificate: Certificate): string {
  const cn = certificate.subject.rdns.flat().find((a) => a.shortName === 'CN' && a.valueIsString)?.value;
  if (cn !== undefined && cn.length > 0 && cn.length <= 61) return `CN=${cn}`;
  if (cn !== undefined && cn.length >= 62 && cn.length <= 64) return cn;
  return `ID=${certificate.serialNumberHex}`;
}

/** The session name when the request names none: the certificate's serial number in hex (§3.5). */
export function defaultSessionName(certificate: Certificate): string {
  return certificate.serialNumberHex;
}
