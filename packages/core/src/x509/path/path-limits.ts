/**
 * Bounds on the work one path validation may do. A hostile chain (cross-signed loops, a hundred
 * certificates sharing one name or one key, thousands of names against thousands of name
 * constraints) must cost no more than a legitimate one of the largest size Roles Anywhere allows:
 * a leaf, at most 5 intermediates in X-Amz-X509-Chain (protocol notes §3.1) and an anchor.
 */
export const PATH_LIMITS = {
  /** Certificates on one path, leaf and anchor included. */
  maxPathCertificates: 7,
  /** Complete candidate paths (leaf to anchor, signatures verified) validated before giving up. */
  maxCandidatePaths: 32,
  /** Distinct (certificate, issuer key) signature verifications during path building. */
  maxSignatureChecks: 64,
  /** Issuer candidates looked at during path building, verified or not. */
  maxCandidatesExamined: 1024,
  /** Names × subtrees compared for name constraints over one path (RFC 5280 §6.1.3 (b), (c)). */
  maxNameConstraintComparisons: 65_536,
} as const;

/** RSA moduli we accept: at least 2048 bits (weaker keys are refused), whole octets, and bounded. */
export const RSA_MODULUS_BITS = { minimum: 2048, maximum: 16_384 } as const;
