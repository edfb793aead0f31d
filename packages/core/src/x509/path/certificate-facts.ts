import { bytesEqual } from '../bytes.ts';
import type { Certificate } from '../certificate.ts';
import { namesMatch } from '../name-match.ts';

/**
 * RFC 5280 §6.1: "self-issued" when the same DN appears in the subject and issuer fields.
 * Self-issued intermediates do not count against path lengths (§6.1.4 (l)) and are exempt from
 * name constraints unless they are the last certificate (§6.1.3 (b)).
 */
export function isSelfIssued(certificate: Certificate): boolean {
  return namesMatch(certificate.issuer, certificate.subject);
}

/**
 * The same CA in RFC 5280's sense of a trust anchor (§6.1.1 (d)): same name, same public key.
 * A re-issued or cross-signed copy of an anchor's certificate is that anchor.
 */
export function sameSubjectAndKey(a: Certificate, b: Certificate): boolean {
  return (
    bytesEqual(a.subjectPublicKeyInfo.der, b.subjectPublicKeyInfo.der) && namesMatch(a.subject, b.subject)
  );
}

/**
 * RFC 5280 §4.1.2.5: the validity period runs from notBefore through notAfter, inclusive, in
 * whole seconds. The request time is floored to its second, so 00:00:00.999 is still 00:00:00
 * (before a notBefore of 00:00:01) and 5 ms past a notAfter is still within it.
 */
export function secondOf(now: number): number {
  return Math.floor(now / 1000) * 1000;
}

export function isValidAt(certificate: Certificate, now: number): boolean {
  const second = secondOf(now);
  return certificate.validity.notBefore <= second && second <= certificate.validity.notAfter;
}

/** The key identifier link of RFC 5280 §4.2.1.1: 'match', 'mismatch', or 'unknown' (one side absent). */
export function keyIdentifierLink(child: Certificate, issuer: Certificate): 'match' | 'mismatch' | 'unknown' {
  const wanted = child.authorityKeyIdentifier?.keyIdentifier ?? null;
  const offered = issuer.subjectKeyIdentifier;
  if (wanted === null || offered === null) return 'unknown';
  return bytesEqual(wanted, offered) ? 'match' : 'mismatch';
}
