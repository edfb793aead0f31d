import { bytesEqual } from '../bytes.ts';
import type { Certificate } from '../certificate.ts';
import { namesMatch } from '../name-match.ts';
import { isValidAt, keyIdentifierLink, sameSubjectAndKey } from './certificate-facts.ts';
import { PATH_LIMITS } from './path-limits.ts';
import type { SignatureChecker } from './signature-checker.ts';

/** A certificate that may have issued another: one of the anchors, or a supplied intermediate. */
interface Candidate {
  readonly certificate: Certificate;
  readonly isAnchor: boolean;
  readonly position: number;
}

export interface PathSearchInput {
  readonly leaf: Certificate;
  readonly intermediates: readonly Certificate[];
  readonly anchors: readonly Certificate[];
  readonly now: number;
  readonly checker: SignatureChecker;
  /** Most certificates on a path, leaf and anchor included. */
  readonly maxPathCertificates: number;
}

/** What the search learnt while it found no (more) paths: material for a precise reason. */
export interface PathSearchReport {
  /** The lowest certificate (nearest the leaf) whose name-matching issuer did not sign it. */
  signatureFailure: { readonly child: Certificate; readonly issuer: Certificate; depth: number } | null;
  /** The highest certificate reached for which no certificate with its issuer's name exists. */
  orphan: { readonly certificate: Certificate; depth: number } | null;
  /** Whether some branch was cut by the path length bound. */
  depthLimited: boolean;
  /** Set when a work bound stopped the search early. */
  exhausted: 'signature-checks' | 'candidates' | null;
}

/**
 * Path building (RFC 4158 in spirit; RFC 5280 §6.1 leaves it to the implementation): a
 * depth-first search from the leaf towards the anchors, where the issuers of a certificate are
 * the certificates whose subject matches its issuer name (§7.1 comparison) and whose key verifies
 * its signature. A path ends at the first certificate that IS an anchor: the anchor itself, or
 * any copy with the anchor's name and key. Candidates are tried in a sensible order (key
 * identifier link, anchors, currently valid ones); loops are cut by refusing to revisit a
 * name + key already on the path; every step is bounded (see PATH_LIMITS).
 *
 * Paths are yielded leaf first, anchor last, as they are found, so that the first valid one ends
 * the search. The report says why no (further) path exists.
 */
export function searchPaths(input: PathSearchInput): {
  readonly paths: Generator<readonly Certificate[]>;
  readonly report: PathSearchReport;
} {
  const pool = candidatePool(input.leaf, input.intermediates, input.anchors);
  const report: PathSearchReport = {
    signatureFailure: null,
    orphan: null,
    depthLimited: false,
    exhausted: null,
  };
  const issuersOf = new Map<string, readonly Candidate[]>();
  let examined = 0;

  const orderedIssuers = (child: Certificate): readonly Candidate[] => {
    const known = issuersOf.get(child.fingerprintSha256);
    if (known !== undefined) return known;
    const found = pool
      .filter(
        (candidate) =>
          !bytesEqual(candidate.certificate.der, child.der) &&
          namesMatch(child.issuer, candidate.certificate.subject),
      )
      .map((candidate) => ({ candidate, rank: rank(child, candidate, input.now) }))
      .sort((a, b) => compareRanks(a.rank, b.rank))
      .map(({ candidate }) => candidate);
    issuersOf.set(child.fingerprintSha256, found);
    return found;
  };

  function* extend(chain: readonly Certificate[]): Generator<readonly Certificate[]> {
    const child = chain[chain.length - 1];
    if (child === undefined) return;
    const issuers = orderedIssuers(child);
    if (issuers.length === 0 && (report.orphan === null || report.orphan.depth < chain.length)) {
      report.orphan = { certificate: child, depth: chain.length };
    }
    for (const candidate of issuers) {
      if (report.exhausted !== null) return;
      examined += 1;
      if (examined > PATH_LIMITS.maxCandidatesExamined) {
        report.exhausted = 'candidates';
        return;
      }
      const issuer = candidate.certificate;
      // A path that comes back to a name + key it already holds is a loop: the shorter path
      // without the loop is found on its own, and is at least as valid.
      if (chain.some((onPath) => sameSubjectAndKey(onPath, issuer))) continue;
      // Room for this issuer, and for an anchor above it if it is not one.
      const needed = chain.length + (candidate.isAnchor ? 1 : 2);
      if (needed > input.maxPathCertificates) {
        report.depthLimited = true;
        continue;
      }
      const verified = input.checker.verify(child, issuer);
      if (verified === null) {
        report.exhausted = 'signature-checks';
        return;
      }
      if (!verified) {
        if (report.signatureFailure === null || report.signatureFailure.depth > chain.length) {
          report.signatureFailure = { child, issuer, depth: chain.length };
        }
        continue;
      }
      if (candidate.isAnchor) yield [...chain, issuer];
      else yield* extend([...chain, issuer]);
    }
  }

  return { paths: extend([input.leaf]), report };
}

/**
 * The certificates that may issue: every anchor, then the supplied intermediates except copies of
 * the leaf and of an anchor (a certificate with an anchor's name and key IS that anchor), without
 * duplicates.
 */
function candidatePool(
  leaf: Certificate,
  intermediates: readonly Certificate[],
  anchors: readonly Certificate[],
): readonly Candidate[] {
  const pool: Candidate[] = [];
  const seen = (certificate: Certificate) =>
    pool.some((candidate) => bytesEqual(candidate.certificate.der, certificate.der));
  for (const anchor of anchors) {
    if (!seen(anchor)) pool.push({ certificate: anchor, isAnchor: true, position: pool.length });
  }
  for (const certificate of intermediates) {
    if (bytesEqual(certificate.der, leaf.der) || seen(certificate)) continue;
    if (anchors.some((anchor) => sameSubjectAndKey(anchor, certificate))) continue;
    pool.push({ certificate, isAnchor: false, position: pool.length });
  }
  return pool;
}

type Rank = readonly number[];

/**
 * Preference among issuers of one certificate: the one its authorityKeyIdentifier names
 * (§4.2.1.1: the field exists to help path construction), then anchors (shorter paths), then
 * certificates valid now (an expired cross-certificate is the classic dead end), then the order
 * given.
 */
function rank(child: Certificate, candidate: Candidate, now: number): Rank {
  const link = keyIdentifierLink(child, candidate.certificate);
  return [
    link === 'match' ? 0 : link === 'unknown' ? 1 : 2,
    candidate.isAnchor ? 0 : 1,
    isValidAt(candidate.certificate, now) ? 0 : 1,
    candidate.position,
  ];
}

function compareRanks(a: Rank, b: Rank): number {
  for (let index = 0; index < a.length; index += 1) {
    const difference = (a[index] ?? 0) - (b[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}
