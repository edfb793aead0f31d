import type { Certificate } from '../certificate.ts';

/** Why a certification path was refused; the CreateSession step maps every code to AccessDenied. */
export type PathFailureCode =
  | 'untrusted'
  | 'bad-signature'
  | 'expired'
  | 'not-yet-valid'
  | 'revoked'
  | 'weak-signature-algorithm'
  | 'weak-key'
  | 'not-a-ca'
  | 'path-length-exceeded'
  | 'ca-key-usage'
  | 'leaf-is-ca'
  | 'leaf-key-usage'
  | 'leaf-not-v3'
  | 'empty-subject'
  | 'name-constraints'
  | 'unknown-critical-extension'
  | 'malformed';

export interface PathFailure {
  readonly ok: false;
  readonly code: PathFailureCode;
  /** Which rule, which certificate: for the log and the audit record, never for the wire. */
  readonly reason: string;
  readonly certificate?: Certificate;
}

/** Where a certificate sits on the path; it decides which rules apply (RFC 5280 §6.1.4, §6.1.5). */
export type PathRole = 'leaf' | 'intermediate' | 'anchor';

/** `CN=…,O=…, serial 0A1B…, sha256 ab12…`: enough to find the certificate in any log or store. */
export function describeCertificate(certificate: Certificate): string {
  const subject = certificate.subject.rfc4514 === '' ? '(empty subject)' : certificate.subject.rfc4514;
  return `${subject}, serial ${certificate.serialNumberHex}, sha256 ${certificate.fingerprintSha256}`;
}

/** A failure about one certificate: "<role> <certificate>: <rule>". */
export function certificateFailure(
  code: PathFailureCode,
  certificate: Certificate,
  role: PathRole,
  rule: string,
): PathFailure {
  return { ok: false, code, reason: `${role} ${describeCertificate(certificate)}: ${rule}`, certificate };
}

/** A failure about the path as a whole (no path found, work bound reached). */
export function pathFailure(code: PathFailureCode, reason: string, certificate?: Certificate): PathFailure {
  return certificate === undefined ? { ok: false, code, reason } : { ok: false, code, reason, certificate };
}
