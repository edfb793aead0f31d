/**
 * The records CreateSession reads on every call (trust anchor, profile, role, the anchor's CRLs,
 * the private CA of an AWS_ACM_PCA anchor),
 * kept in memory while the store's change marker says nothing was written since — by this
 * server or any other sharing the store — and read again after any write. A disabled anchor or a
 * newly enabled CRL therefore takes effect on the very next call.
 */
import type { CertificateAuthorityRecord } from '@anchorage/core/acm-pca/records';
import type { RoleRecord } from '@anchorage/core/iam/records';
import type { CrlRecord, ProfileRecord, TrustAnchorRecord } from '@anchorage/core/rolesanywhere/records';
import type { Store } from '@anchorage/store/port';

export interface SessionReads {
  trustAnchor(id: string): Promise<TrustAnchorRecord | undefined>;
  profile(id: string): Promise<ProfileRecord | undefined>;
  role(id: string): Promise<RoleRecord | undefined>;
  crls(trustAnchorArn: string): Promise<readonly CrlRecord[]>;
  /** The private CA an AWS_ACM_PCA anchor names, by the id at the end of its ARN. */
  certificateAuthority(id: string): Promise<CertificateAuthorityRecord | undefined>;
}

/** Records are shared between calls: callers treat them as the read-only values their types say. */
export function createSessionReads(store: Store): {
  current(): Promise<SessionReads>;
  /** For metrics: reads answered from memory and from the store, and the records held. */
  stats(): { hits: number; misses: number; size: number };
} {
  let marker: string | undefined;
  let cache = new Map<string, Promise<unknown>>();
  const counts = { lookups: 0, misses: 0 };
  const memo = <T>(key: string, read: () => Promise<T>): Promise<T> => {
    let hit = cache.get(key) as Promise<T> | undefined;
    counts.lookups += 1;
    if (hit === undefined) {
      counts.misses += 1;
      hit = read();
      cache.set(key, hit);
      // A failed read is not remembered.
      hit.catch(() => cache.delete(key));
    }
    return hit;
  };
  return {
    async current() {
      const now = await store.changeMarker();
      if (now !== marker) {
        marker = now;
        cache = new Map();
      }
      return {
        trustAnchor: (id) => memo(`anchor:${id}`, () => store.trustAnchors.get(id)),
        profile: (id) => memo(`profile:${id}`, () => store.profiles.get(id)),
        role: (id) => memo(`role:${id}`, () => store.roles.get(id)),
        crls: (arn) => memo(`crls:${arn}`, () => store.crls.listByTrustAnchor(arn)),
        certificateAuthority: (id) => memo(`ca:${id}`, () => store.certificateAuthorities.get(id)),
      };
    },
    stats: () => ({ hits: counts.lookups - counts.misses, misses: counts.misses, size: cache.size }),
  };
}
