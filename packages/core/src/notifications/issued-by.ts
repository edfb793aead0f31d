import type { Certificate } from '../x509/certificate.ts';
import { namesMatch } from '../x509/name-match.ts';
import { verifySignedData } from '../x509/signature.ts';

/**
 * Whether `ca` issued `leaf` itself: the leaf names the CA as issuer (RFC 5280 name matching)
 * and the CA's key verifies the leaf's signature. A name alone is not enough: two CAs may share
 * a name, and the notification must go to the anchor that really vouches for the certificate.
 */
export function isIssuedBy(leaf: Certificate, ca: Certificate): boolean {
  return (
    namesMatch(leaf.issuer, ca.subject) &&
    verifySignedData(leaf.tbsDer, leaf.signatureAlgorithm, leaf.signature, ca.subjectPublicKeyInfo.der)
  );
}
