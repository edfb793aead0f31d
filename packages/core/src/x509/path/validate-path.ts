import type { Certificate } from '../certificate.ts';
import type { Crl } from '../crl.ts';
import { OID } from '../oids.ts';
import { searchPaths } from './build-paths.ts';
import { noPathFailure } from './no-path-failure.ts';
import { type PathFailure, pathFailure } from './path-failure.ts';
import { PATH_LIMITS } from './path-limits.ts';
import { createSignatureChecker } from './signature-checker.ts';
import { type CandidateContext, validateCandidatePath } from './validate-candidate.ts';

export type { PathFailureCode } from './path-failure.ts';

export interface PathValidationInput {
  /** The end-entity certificate (X-Amz-X509). */
  readonly leaf: Certificate;
  /** X-Amz-X509-Chain: any order, may contain the leaf or anchors, at most 5 (the caller enforces the count before parsing). */
  readonly intermediates: readonly Certificate[];
  /** The trust anchor's CA certificates (1..n). */
  readonly anchors: readonly Certificate[];
  /** Enabled CRLs imported for the anchor, parsed. */
  readonly crls: readonly Crl[];
  /** Epoch ms: the request time. */
  readonly now: number;
}

export interface PathValidationSuccess {
  readonly ok: true;
  /** Leaf first, anchor last. */
  readonly path: readonly Certificate[];
  readonly anchor: Certificate;
  /** Epoch ms: the earliest notAfter on the path and nextUpdate of the current CRLs used. */
  readonly validUntil: number;
}

export type PathValidationResult = PathValidationSuccess | PathFailure;

/**
 * Knobs for callers other than CreateSession (tests, the x509-limbo suite). CreateSession
 * passes none: the leaf signs as a TLS-style client, and the chain length is bounded by
 * PATH_LIMITS alone.
 */
export interface PathValidationOptions {
  /** The key purpose (EKU OID) a leaf with an extKeyUsage extension must allow; clientAuth by default. */
  readonly keyPurpose?: string;
  /** At most this many intermediates that are not self-issued (as pathLenConstraint counts them). */
  readonly maxIntermediates?: number;
}

/**
 * RFC 5280 §6.1 certification path validation with the Roles Anywhere rules (protocol notes
 * §3.1, §3.2): builds candidate paths from the leaf to one of the anchor's certificates
 * (`searchPaths`), validates each in turn (`validateCandidatePath`) and returns the first valid
 * one; when none is, the failure of the path that got furthest, or why no path exists. Pure:
 * time and trust material are arguments; the work is bounded (PATH_LIMITS).
 */
export function validatePath(
  input: PathValidationInput,
  options: PathValidationOptions = {},
): PathValidationResult {
  if (input.anchors.length === 0) return pathFailure('untrusted', 'the trust anchor has no certificates');
  const checker = createSignatureChecker(PATH_LIMITS.maxSignatureChecks);
  const search = searchPaths({
    leaf: input.leaf,
    intermediates: input.intermediates,
    anchors: input.anchors,
    now: input.now,
    checker,
    maxPathCertificates: PATH_LIMITS.maxPathCertificates,
  });
  const context: CandidateContext = {
    now: input.now,
    crls: input.crls,
    keyPurpose: options.keyPurpose ?? OID.clientAuth,
    maxIntermediates: options.maxIntermediates ?? null,
    crlSignatures: new Map(),
  };
  let best: { readonly failure: PathFailure; readonly progress: number } | null = null;
  let tried = 0;
  for (const path of search.paths) {
    const outcome = validateCandidatePath(path, context);
    if (outcome.ok) return outcome;
    if (best === null || outcome.progress > best.progress) best = outcome;
    tried += 1;
    if (tried >= PATH_LIMITS.maxCandidatePaths) break;
  }
  return best?.failure ?? noPathFailure(input, search.report, checker.performed);
}
