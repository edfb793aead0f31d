import type { Certificate } from '../certificate.ts';
import { OID } from '../oids.ts';
import { certificateFailure, type PathFailure } from './path-failure.ts';

/**
 * What a certificate must be to issue others (RFC 5280 §6.1.4 (k), (n); Roles Anywhere protocol
 * notes §3.1 for anchors): a CA certificate (basicConstraints cA=TRUE, marked critical
 * as §4.2.1.9 requires of CA certificates), with keyCertSign when it has a keyUsage, a non-empty
 * subject (§4.1.2.6). A missing subjectKeyIdentifier is accepted (see `checkCertificate`).
 *
 * keyUsage is checked "when present", as §6.1.4 (n) says, for the anchor too: that an anchor
 * HAS a keyUsage with keyCertSign is checked when it is imported (`parseTrustAnchorBundle`).
 */
export function checkIssuer(certificate: Certificate, role: 'intermediate' | 'anchor'): PathFailure | null {
  const fail = (code: Parameters<typeof certificateFailure>[0], rule: string) =>
    certificateFailure(code, certificate, role, rule);
  const basic = certificate.basicConstraints;
  if (basic === null) {
    return fail('not-a-ca', 'issues certificates but has no basicConstraints (RFC 5280 §6.1.4 (k))');
  }
  if (!basic.cA) {
    return fail('not-a-ca', 'issues certificates but basicConstraints cA is FALSE (RFC 5280 §6.1.4 (k))');
  }
  const extension = certificate.extensions.find((candidate) => candidate.oid === OID.basicConstraints);
  if (extension !== undefined && !extension.critical) {
    return fail(
      'malformed',
      'basicConstraints of a CA certificate is not marked critical (RFC 5280 §4.2.1.9)',
    );
  }
  const usage = certificate.keyUsage;
  if (usage !== null && !usage.keyCertSign) {
    return fail('ca-key-usage', 'keyUsage lacks keyCertSign (RFC 5280 §6.1.4 (n))');
  }
  if (certificate.subject.rdns.length === 0) {
    return fail('empty-subject', 'a CA certificate must have a non-empty subject (RFC 5280 §4.1.2.6)');
  }
  return null;
}
