import type { PathSearchReport } from './build-paths.ts';
import { isSelfIssued } from './certificate-facts.ts';
import { describeCertificate, type PathFailure, pathFailure } from './path-failure.ts';
import { PATH_LIMITS } from './path-limits.ts';
import type { PathValidationInput } from './validate-path.ts';

/**
 * Why no candidate path reached an anchor, from what the search saw, most telling first: the
 * search gave up at a work bound; a certificate whose issuer's name is present but whose
 * signature that issuer's key does not verify (a forgery, or the wrong generation of a CA); a
 * certificate whose issuer is absent (a missing intermediate, an untrusted root); else the depth.
 */
export function noPathFailure(
  input: PathValidationInput,
  report: PathSearchReport,
  signatures: number,
): PathFailure {
  const leaf = `leaf ${describeCertificate(input.leaf)}`;
  if (report.exhausted !== null) {
    return pathFailure(
      'untrusted',
      `${leaf}: no path to the anchor found before the path-building bound (${report.exhausted}, ${signatures} signatures checked)`,
      input.leaf,
    );
  }
  const signature = report.signatureFailure;
  if (signature !== null) {
    const role = signature.child === input.leaf ? 'leaf' : 'intermediate';
    // The outer algorithm is the one verified; when the signed copy names another, that is the
    // fault to report (RFC 5280 §4.1.1.2), not the signature it breaks.
    if (!signature.child.signatureAlgorithmsMatch) {
      return pathFailure(
        'malformed',
        `${role} ${describeCertificate(signature.child)}: signatureAlgorithm differs from tbsCertificate.signature (RFC 5280 §4.1.1.2)`,
        signature.child,
      );
    }
    return pathFailure(
      'bad-signature',
      `${role} ${describeCertificate(signature.child)}: its signature does not verify with the key of ${describeCertificate(signature.issuer)}, which has its issuer's name`,
      signature.child,
    );
  }
  const orphan = report.orphan;
  if (orphan !== null) {
    const certificate = orphan.certificate;
    const role = certificate === input.leaf ? 'leaf' : 'intermediate';
    const found = isSelfIssued(certificate)
      ? `a self-issued CA certificate that is not one of the anchor's ${input.anchors.length} certificates`
      : `its issuer ${certificate.issuer.rfc4514 || '(empty name)'} is neither one of the anchor's ${input.anchors.length} certificates nor among the ${input.intermediates.length} intermediates supplied`;
    return pathFailure('untrusted', `${role} ${describeCertificate(certificate)}: ${found}`, certificate);
  }
  const bound = report.depthLimited ? ` within ${PATH_LIMITS.maxPathCertificates} certificates` : '';
  return pathFailure('untrusted', `${leaf}: no path to the anchor${bound}`, input.leaf);
}
