import { decodeDer } from '../../der/decode.ts';
import type { DerNode } from '../../der/node.ts';
import { readOid } from '../../der/oid.ts';
import { readSequence, readSequenceOf } from '../../der/sequence-reader.ts';
import { isAnchorageError, validationError } from '../../errors.ts';
import type { Certificate } from '../certificate.ts';
import type { Extension } from '../extension.ts';
import { parseGeneralName } from '../general-name.ts';
import { OID } from '../oids.ts';
import { certificateFailure, type PathFailure, type PathRole } from './path-failure.ts';

/**
 * Extensions the validator processes (RFC 5280 §6.1.4 (o), §6.1.5 (f)): a critical extension
 * outside this set refuses the certificate. certificatePolicies is accepted without enforcement:
 * Anchorage asks for no particular policy (its user-initial-policy-set is any-policy and it never
 * requires an explicit policy), so a policy OID restricts nothing a path may be used for.
 */
const PROCESSED: ReadonlySet<string> = new Set([
  OID.basicConstraints,
  OID.keyUsage,
  OID.extKeyUsage,
  OID.subjectAltName,
  OID.nameConstraints,
  OID.certificatePolicies,
  OID.authorityKeyIdentifier,
  OID.subjectKeyIdentifier,
]);

/** Extensions RFC 5280 says MUST be non-critical: we process them, but a critical one is malformed. */
const MUST_BE_NON_CRITICAL: ReadonlyMap<string, string> = new Map([
  [OID.authorityKeyIdentifier, '§4.2.1.1'],
  [OID.subjectKeyIdentifier, '§4.2.1.2'],
]);

/**
 * Policy constraints and inhibitAnyPolicy only mean something to policy processing (§6.1.4 (i),
 * (j)), which Anchorage does not implement; RFC 5280 says both MUST be critical (§4.2.1.11,
 * §4.2.1.14). A critical one is refused as unprocessed; a non-critical one breaks the profile.
 * Either way a CA that carries them is refused rather than half-honoured.
 */
const POLICY_CONTROLS: ReadonlyMap<string, string> = new Map([
  [OID.policyConstraints, '§4.2.1.11'],
  [OID.inhibitAnyPolicy, '§4.2.1.14'],
]);

export function checkExtensions(certificate: Certificate, role: PathRole): PathFailure | null {
  for (const extension of certificate.extensions) {
    const name = extension.name ?? extension.oid;
    const section = MUST_BE_NON_CRITICAL.get(extension.oid);
    if (section !== undefined && extension.critical) {
      return certificateFailure(
        'malformed',
        certificate,
        role,
        `${name} is marked critical; RFC 5280 ${section} requires it non-critical`,
      );
    }
    const policySection = POLICY_CONTROLS.get(extension.oid);
    if (policySection !== undefined) {
      return extension.critical
        ? certificateFailure(
            'unknown-critical-extension',
            certificate,
            role,
            `critical ${name}: certificate policy processing (RFC 5280 §6.1.4 (i), (j)) is not implemented`,
          )
        : certificateFailure(
            'malformed',
            certificate,
            role,
            `${name} is not marked critical; RFC 5280 ${policySection} requires it critical`,
          );
    }
    if (extension.critical && !PROCESSED.has(extension.oid)) {
      return certificateFailure(
        'unknown-critical-extension',
        certificate,
        role,
        `critical extension ${name} is not processed (RFC 5280 §6.1.4 (o), §6.1.5 (f))`,
      );
    }
    const structural = structureProblem(extension);
    if (structural !== null) return certificateFailure('malformed', certificate, role, structural);
  }
  return null;
}

/**
 * Extensions the certificate parser keeps raw because nothing reads them; their ASN.1 is still
 * the certificate's, and a broken encoding marks a broken (or hostile) issuer.
 */
function structureProblem(extension: Extension): string | null {
  const check = STRUCTURES.get(extension.oid);
  if (check === undefined) return null;
  const what = `${extension.name ?? extension.oid} extension`;
  try {
    check(decodeDer(extension.value, what), what);
    return null;
  } catch (error) {
    if (!isAnchorageError(error)) throw error;
    return error.message;
  }
}

const STRUCTURES: ReadonlyMap<string, (node: DerNode, what: string) => void> = new Map([
  // RFC 5280 §4.2.2.1: AuthorityInfoAccessSyntax ::= SEQUENCE SIZE (1..MAX) OF AccessDescription,
  // AccessDescription ::= SEQUENCE { accessMethod OBJECT IDENTIFIER, accessLocation GeneralName }.
  [OID.authorityInfoAccess, readAccessDescriptions],
  [OID.subjectInfoAccess, readAccessDescriptions],
  // RFC 5280 §4.2.1.4: certificatePolicies ::= SEQUENCE SIZE (1..MAX) OF PolicyInformation,
  // PolicyInformation ::= SEQUENCE { policyIdentifier OBJECT IDENTIFIER, policyQualifiers … OPTIONAL }.
  [OID.certificatePolicies, readPolicies],
]);

function readAccessDescriptions(node: DerNode, what: string): void {
  readSequenceOf(node, what, 1).forEach((item, index) => {
    const label = `${what} AccessDescription ${index + 1}`;
    const fields = readSequence(item, label);
    readOid(fields.next('accessMethod'), `${label} accessMethod`);
    parseGeneralName(fields.next('accessLocation'), `${label} accessLocation`);
    fields.end();
  });
}

function readPolicies(node: DerNode, what: string): void {
  const seen = new Set<string>();
  readSequenceOf(node, what, 1).forEach((item, index) => {
    const label = `${what} PolicyInformation ${index + 1}`;
    const fields = readSequence(item, label);
    const policy = readOid(fields.next('policyIdentifier'), `${label} policyIdentifier`);
    if (fields.remaining > 0) readSequenceOf(fields.next('policyQualifiers'), `${label} policyQualifiers`, 1);
    fields.end();
    // §4.2.1.4: "A certificate policy OID MUST NOT appear more than once".
    if (seen.has(policy))
      throw validationError(`${what} lists policy ${policy} more than once (RFC 5280 §4.2.1.4)`);
    seen.add(policy);
  });
}
