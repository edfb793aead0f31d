import type { Certificate } from '../certificate.ts';
import { isSha256OrStronger } from '../signature-algorithm.ts';
import { checkExtensions } from './check-extensions.ts';
import { checkValidity } from './check-validity.ts';
import { keyPolicyViolation } from './key-policy.ts';
import { certificateFailure, type PathFailure, type PathRole } from './path-failure.ts';

/** RFC 5280 §4.1.2.2: "CAs MUST NOT use serialNumber values longer than 20 octets". */
const MAX_SERIAL_OCTETS = 20;

/**
 * The rules every certificate on the path obeys, the anchor included: the algorithm and key
 * rules of Roles Anywhere (protocol notes §3.1: SHA-256 or stronger, for the anchor's own
 * self-signature too), matching signature algorithm fields, the validity period, and the
 * extension rules (critical extensions, criticality the profile fixes); below the anchor also a
 * well-formed serial.
 *
 * Key identifiers are not required to be present (RFC 5280 §4.2.1.1, §4.2.1.2 say conforming CAs
 * MUST include them, but they only help to find issuers): refusing a certificate for lacking one
 * protects nothing, and would refuse certificates hand-made with common tooling that AWS-style
 * validators accept. A key identifier marked critical is refused (`checkExtensions`).
 */
export function checkCertificate(certificate: Certificate, role: PathRole, now: number): PathFailure | null {
  const fail = (code: Parameters<typeof certificateFailure>[0], rule: string) =>
    certificateFailure(code, certificate, role, rule);

  // Version first: a v1 or v2 certificate has no extensions, so every later rule would only
  // report a consequence. Roles Anywhere requires v3 of the leaf (protocol notes §3.1); a CA
  // needs basicConstraints, which only v3 can carry (RFC 5280 §6.1.4 (k)).
  if (certificate.version !== 3) {
    return role === 'leaf'
      ? fail('leaf-not-v3', `X.509 v${certificate.version}; the end-entity certificate must be X.509 v3`)
      : fail(
          'not-a-ca',
          `X.509 v${certificate.version} certificate cannot be a CA: it has no basicConstraints (RFC 5280 §6.1.4 (k))`,
        );
  }
  if (!certificate.signatureAlgorithmsMatch) {
    return fail('malformed', 'signatureAlgorithm differs from tbsCertificate.signature (RFC 5280 §4.1.1.2)');
  }
  const algorithm = certificate.signatureAlgorithm;
  if (!isSha256OrStronger(algorithm)) {
    const hash = algorithm.pss === null ? '' : ` (hash ${algorithm.hash ?? 'unknown'})`;
    return fail(
      'weak-signature-algorithm',
      `signed with ${algorithm.name}${hash}; SHA-256 or stronger, Ed25519 or ML-DSA is required`,
    );
  }
  const keyProblem = keyPolicyViolation(certificate.subjectPublicKeyInfo.key);
  if (keyProblem !== null) return fail('weak-key', keyProblem);
  // The anchor is trusted by import, not by its issuer: its serial serves to find and revoke it
  // from above, which a trust anchor never needs (old roots with serial 0 stay usable).
  const serialProblem = role === 'anchor' ? null : serialNumberProblem(certificate);
  if (serialProblem !== null) return fail('malformed', serialProblem);
  const validity = checkValidity(certificate, role, now);
  if (validity !== null) return validity;
  const extensions = checkExtensions(certificate, role);
  if (extensions !== null) return extensions;
  return null;
}

/**
 * §4.1.2.2: a positive integer of at most 20 octets. The serial is the certificate's identity for
 * revocation and the default role session name, so a zero, negative or oversized one is refused.
 * The 20 octets count the magnitude: a leading 0x00 sign octet is not held against the CA.
 */
function serialNumberProblem(certificate: Certificate): string | null {
  if (certificate.serialNumber <= 0n) {
    return `serial number ${certificate.serialNumberDecimal} is not positive (RFC 5280 §4.1.2.2)`;
  }
  const octets = certificate.serialNumberHex.length / 2;
  if (octets > MAX_SERIAL_OCTETS) {
    return `serial number is ${octets} octets long; RFC 5280 §4.1.2.2 allows at most ${MAX_SERIAL_OCTETS}`;
  }
  return null;
}
