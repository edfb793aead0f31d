import type { Certificate } from '../certificate.ts';
import { verifySignedData } from '../signature.ts';

/**
 * Signature checks for one path validation, memoised by (child fingerprint, issuer fingerprint)
 * and bounded: a hostile chain in which every certificate names every other as its issuer
 * (same subject, same key) asks for the same pairs again and again, and for new pairs without
 * end. `verify` answers null once the budget is spent.
 */
export interface SignatureChecker {
  verify(child: Certificate, issuer: Certificate): boolean | null;
  /** Signature verifications actually performed (memo hits excluded). */
  readonly performed: number;
}

export function createSignatureChecker(budget: number): SignatureChecker {
  const memo = new Map<string, boolean>();
  let performed = 0;
  return {
    verify(child, issuer) {
      const key = `${child.fingerprintSha256}/${issuer.fingerprintSha256}`;
      const known = memo.get(key);
      if (known !== undefined) return known;
      if (performed >= budget) return null;
      performed += 1;
      const verified = verifySignedData(
        child.tbsDer,
        child.signatureAlgorithm,
        child.signature,
        issuer.subjectPublicKeyInfo.der,
      );
      memo.set(key, verified);
      return verified;
    },
    get performed() {
      return performed;
    },
  };
}
