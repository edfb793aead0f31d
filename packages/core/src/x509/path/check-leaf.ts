import type { Certificate } from '../certificate.ts';
import { EXTENDED_KEY_USAGE_NAMES, OID } from '../oids.ts';
import { certificateFailure, type PathFailure } from './path-failure.ts';

/**
 * The end-entity rules of Roles Anywhere (protocol notes §3.1) on top of RFC 5280 §6.1.5:
 * - a non-empty subject (subjects are keyed by subject DN; X.509 v3 is `checkCertificate`'s);
 * - not a CA: basicConstraints, when present, has cA FALSE (and then no pathLenConstraint and no
 *   keyCertSign, §4.2.1.9), and no nameConstraints (§4.2.1.10: CA certificates only);
 * - keyUsage REQUIRED and including digitalSignature: the leaf's key signs the request, and §3.1
 *   says "keyUsage MUST include digitalSignature"; we read a missing keyUsage as not including it;
 * - extendedKeyUsage, when present, names the purpose asked for (clientAuth: the workload is the
 *   client of CreateSession) or anyExtendedKeyUsage (§4.2.1.12). A leaf without the extension
 *   may be used for any purpose (§4.2.1.12), so it is accepted.
 */
export function checkLeaf(certificate: Certificate, keyPurpose: string): PathFailure | null {
  const fail = (code: Parameters<typeof certificateFailure>[0], rule: string) =>
    certificateFailure(code, certificate, 'leaf', rule);
  if (certificate.subject.rdns.length === 0) {
    return fail(
      'empty-subject',
      'the subject is empty; Roles Anywhere keys subjects by their distinguished name',
    );
  }
  const basic = certificate.basicConstraints;
  if (basic?.cA === true) {
    return fail('leaf-is-ca', 'basicConstraints cA is TRUE; the end-entity certificate must not be a CA');
  }
  if (basic !== null && basic.pathLenConstraint !== null) {
    return fail('malformed', 'pathLenConstraint without cA (RFC 5280 §4.2.1.9)');
  }
  if (certificate.nameConstraints !== null) {
    return fail(
      'malformed',
      'nameConstraints in an end-entity certificate (RFC 5280 §4.2.1.10: CA certificates only)',
    );
  }
  const usage = certificate.keyUsage;
  if (usage === null) {
    return fail('leaf-key-usage', 'no keyUsage extension; keyUsage with digitalSignature is required');
  }
  if (!usage.digitalSignature) return fail('leaf-key-usage', 'keyUsage lacks digitalSignature');
  if (usage.keyCertSign) {
    return fail('leaf-key-usage', 'keyUsage asserts keyCertSign without cA (RFC 5280 §4.2.1.9)');
  }
  const purposes = certificate.extKeyUsage;
  if (purposes !== null && !purposes.includes(keyPurpose) && !purposes.includes(OID.anyExtendedKeyUsage)) {
    const wanted = EXTENDED_KEY_USAGE_NAMES.get(keyPurpose) ?? keyPurpose;
    const listed = purposes.map((oid) => EXTENDED_KEY_USAGE_NAMES.get(oid) ?? oid).join(', ');
    return fail(
      'leaf-key-usage',
      `extendedKeyUsage (${listed}) includes neither ${wanted} nor anyExtendedKeyUsage (RFC 5280 §4.2.1.12)`,
    );
  }
  return null;
}
