import type { Certificate } from '../certificate.ts';
import type { Crl } from '../crl.ts';
import { isSelfIssued } from './certificate-facts.ts';
import { checkCertificate } from './check-certificate.ts';
import { checkIssuer } from './check-issuer.ts';
import { checkLeaf } from './check-leaf.ts';
import { type CompiledNameConstraints, compileNameConstraints } from './compile-name-constraints.ts';
import { checkNameConstraints, type NameConstraintBudget } from './name-constraints.ts';
import { certificateFailure, type PathFailure, type PathRole } from './path-failure.ts';
import { PATH_LIMITS } from './path-limits.ts';
import { type CrlSignatureMemo, checkRevocation } from './revocation.ts';

export interface CandidateContext {
  readonly now: number;
  readonly crls: readonly Crl[];
  readonly keyPurpose: string;
  readonly maxIntermediates: number | null;
  readonly crlSignatures: CrlSignatureMemo;
}

export type CandidateOutcome =
  | {
      readonly ok: true;
      readonly path: readonly Certificate[];
      readonly anchor: Certificate;
      readonly validUntil: number;
    }
  | { readonly ok: false; readonly failure: PathFailure; readonly progress: number };

/**
 * RFC 5280 §6.1.2–§6.1.5 over one candidate path (leaf first, anchor last) whose links the
 * search has already checked: each certificate's issuer name matches the next one's subject
 * (§6.1.3 (a)(4)) and its signature verifies with the next one's key (§6.1.3 (a)(1)).
 *
 * The anchor is processed as the first CA: its certificate obeys the Roles Anywhere CA rules,
 * and its pathLenConstraint and nameConstraints bind the path (an anchor may be an intermediate
 * CA whose own issuer constrained it). Its self-signature is not verified: trust in it comes from
 * its import, not from itself. `progress` counts the certificates below the anchor reached before
 * the failure, to report the path that got furthest.
 */
export function validateCandidatePath(
  path: readonly Certificate[],
  context: CandidateContext,
): CandidateOutcome {
  const anchorIndex = path.length - 1;
  const anchor = path[anchorIndex];
  let progress = 0;
  const failed = (failure: PathFailure): CandidateOutcome => ({ ok: false, failure, progress });
  if (anchor === undefined || anchorIndex < 1) {
    return failed({ ok: false, code: 'untrusted', reason: 'a path needs a leaf and an anchor' });
  }

  const anchorProblem = checkCertificate(anchor, 'anchor', context.now) ?? checkIssuer(anchor, 'anchor');
  if (anchorProblem !== null) return failed(anchorProblem);
  // §6.1.2 (k): max_path_length starts at n; the anchor's own pathLenConstraint narrows it.
  let maxPathLength = Math.min(anchorIndex, anchor.basicConstraints?.pathLenConstraint ?? anchorIndex);
  let intermediates = 0;
  const constraints: CompiledNameConstraints[] = [];
  const budget: NameConstraintBudget = { remaining: PATH_LIMITS.maxNameConstraintComparisons };
  const anchorConstraints = addConstraints(anchor, 'anchor', constraints);
  if (anchorConstraints !== null) return failed(anchorConstraints);
  let validUntil = anchor.validity.notAfter;

  for (let index = anchorIndex - 1; index >= 0; index -= 1) {
    progress += 1;
    const certificate = path[index];
    const issuer = path[index + 1];
    if (certificate === undefined || issuer === undefined) {
      return failed({ ok: false, code: 'malformed', reason: `the candidate path has a hole at ${index}` });
    }
    const role: PathRole = index === 0 ? 'leaf' : 'intermediate';
    // §6.1.3 (a)(2) validity, and the rules every certificate obeys.
    const basic = checkCertificate(certificate, role, context.now);
    if (basic !== null) return failed(basic);
    // §6.1.3 (a)(3): not revoked.
    const revocation = checkRevocation(
      certificate,
      role,
      issuer,
      context.crls,
      context.now,
      context.crlSignatures,
    );
    if (!revocation.ok) return failed(revocation);
    if (revocation.freshUntil !== null) validUntil = Math.min(validUntil, revocation.freshUntil);
    validUntil = Math.min(validUntil, certificate.validity.notAfter);
    // §6.1.3 (b), (c): names within the permitted and outside the excluded subtrees, except for
    // self-issued intermediates (key rollover certificates of a constrained CA).
    const selfIssued = isSelfIssued(certificate);
    if (role === 'leaf' || !selfIssued) {
      const names = checkNameConstraints(certificate, role, constraints, budget);
      if (names !== null) return failed(names);
    }
    if (role === 'leaf') {
      // §6.1.5 wrap-up, with the end-entity rules of Roles Anywhere.
      const leaf = checkLeaf(certificate, context.keyPurpose);
      if (leaf !== null) return failed(leaf);
      break;
    }
    // §6.1.4 preparation for the next certificate: (k) a CA, (n) keyCertSign, …
    const ca = checkIssuer(certificate, 'intermediate');
    if (ca !== null) return failed(ca);
    if (!selfIssued) {
      // (l): a non-self-issued intermediate uses up one step of the allowed path length.
      if (maxPathLength <= 0) {
        return failed(
          certificateFailure(
            'path-length-exceeded',
            certificate,
            role,
            'a pathLenConstraint above allows no further intermediate CA (RFC 5280 §6.1.4 (l))',
          ),
        );
      }
      maxPathLength -= 1;
      intermediates += 1;
      if (context.maxIntermediates !== null && intermediates > context.maxIntermediates) {
        return failed(
          certificateFailure(
            'path-length-exceeded',
            certificate,
            role,
            `more than the ${context.maxIntermediates} intermediates allowed`,
          ),
        );
      }
    }
    // (m): its own pathLenConstraint may only narrow what is left.
    const pathLength = certificate.basicConstraints?.pathLenConstraint ?? null;
    if (pathLength !== null && pathLength < maxPathLength) maxPathLength = pathLength;
    // (g): its name constraints join those above.
    const added = addConstraints(certificate, role, constraints);
    if (added !== null) return failed(added);
  }
  return { ok: true, path, anchor, validUntil };
}

function addConstraints(
  certificate: Certificate,
  role: PathRole,
  constraints: CompiledNameConstraints[],
): PathFailure | null {
  if (certificate.nameConstraints === null) return null;
  const compiled = compileNameConstraints(certificate, role, certificate.nameConstraints);
  if ('ok' in compiled) return compiled;
  constraints.push(compiled);
  return null;
}
