import type { PublicKeyDescription } from '../public-key.ts';
import { RSA_MODULUS_BITS } from './path-limits.ts';

/**
 * The public keys a certificate on an accepted path may carry, or why not. Roles Anywhere signs
 * with RSA, ECDSA and ML-DSA (protocol notes §3.1); we add Ed25519, which node:crypto verifies.
 * RSA: at least 2048 bits (weaker keys are factorable in reach of well-funded attackers), a whole
 * number of octets (the CA/B Forum rule; odd sizes only come from broken or hostile generators),
 * at most 16384 bits (bounds the cost of one verification). ECDSA: the NIST curves P-256, P-384,
 * P-521 with a named curve (RFC 5480 §2.1.1 forbids explicit parameters in PKIX).
 */
export function keyPolicyViolation(key: PublicKeyDescription): string | null {
  switch (key.type) {
    case 'rsa':
      if (key.modulusBits < RSA_MODULUS_BITS.minimum) {
        return `RSA key of ${key.modulusBits} bits; at least ${RSA_MODULUS_BITS.minimum} bits are required`;
      }
      if (key.modulusBits > RSA_MODULUS_BITS.maximum) {
        return `RSA key of ${key.modulusBits} bits; at most ${RSA_MODULUS_BITS.maximum} bits are accepted`;
      }
      if (key.modulusBits % 8 !== 0) {
        return `RSA key of ${key.modulusBits} bits, not a whole number of octets`;
      }
      return null;
    case 'ec':
      if (key.curve === 'other') {
        return key.curveOid === null
          ? 'EC key with explicit curve parameters; a named curve is required (RFC 5480 §2.1.1)'
          : `EC key on curve ${key.curveOid}; only P-256, P-384 and P-521 are accepted`;
      }
      return null;
    case 'ed25519':
    case 'ml-dsa':
      return null;
    default:
      return `unsupported public key algorithm ${key.oid}`;
  }
}
