import type { Certificate } from '../certificate.ts';
import { secondOf } from './certificate-facts.ts';
import { certificateFailure, type PathFailure, type PathRole } from './path-failure.ts';

/** RFC 5280 §6.1.3 (a)(2): the certificate's validity period includes the validation time. */
export function checkValidity(certificate: Certificate, role: PathRole, now: number): PathFailure | null {
  const second = secondOf(now);
  const { notBefore, notAfter } = certificate.validity;
  const at = new Date(now).toISOString();
  if (second < notBefore) {
    return certificateFailure(
      'not-yet-valid',
      certificate,
      role,
      `not valid before ${new Date(notBefore).toISOString()}; the request time is ${at} (RFC 5280 §4.1.2.5)`,
    );
  }
  if (second > notAfter) {
    return certificateFailure(
      'expired',
      certificate,
      role,
      `expired at ${new Date(notAfter).toISOString()}; the request time is ${at} (RFC 5280 §4.1.2.5)`,
    );
  }
  return null;
}
