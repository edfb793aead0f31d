/**
 * Parsed certificates and their public keys, remembered by the exact base64 text a request
 * carried: a workload presents the same certificate at every CreateSession, and parsing it and
 * importing its key each time is a fifth of the work. The entry is the certificate as parsed —
 * nothing about whether it is trusted — so a cache hit skips no check. Bounded; the least
 * recently used entry goes first.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { type Certificate, parseCertificate } from './certificate.ts';

export interface ParsedCertificate {
  readonly certificate: Certificate;
  /** Undefined when the key cannot be imported for signature checks. */
  readonly publicKey: KeyObject | undefined;
}

export interface CertificateCache {
  /** Parses `base64` (throws as parseCertificate does), or returns the remembered result. */
  parse(base64: string): ParsedCertificate;
  /** Whether `base64` was parsed before (and is still remembered). */
  has(base64: string): boolean;
  readonly size: number;
  /** Lookups by `parse` since creation, for metrics. */
  stats(): { readonly hits: number; readonly misses: number };
}

export function createCertificateCache(maxEntries: number): CertificateCache {
  const entries = new Map<string, ParsedCertificate>();
  const counts = { hits: 0, misses: 0 };
  return {
    parse(base64) {
      const hit = entries.get(base64);
      if (hit !== undefined) {
        counts.hits += 1;
        entries.delete(base64);
        entries.set(base64, hit);
        return hit;
      }
      counts.misses += 1;
      const certificate = parseCertificate(Buffer.from(base64, 'base64'));
      let publicKey: KeyObject | undefined;
      try {
        publicKey = createPublicKey({
          key: Buffer.from(certificate.subjectPublicKeyInfo.der),
          format: 'der',
          type: 'spki',
        });
      } catch {
        publicKey = undefined;
      }
      const parsed = { certificate, publicKey };
      entries.set(base64, parsed);
      if (entries.size > maxEntries) {
        const oldest = entries.keys().next().value;
        if (oldest !== undefined) entries.delete(oldest);
      }
      return parsed;
    },
    has: (base64) => entries.has(base64),
    get size() {
      return entries.size;
    },
    stats: () => ({ ...counts }),
  };
}
