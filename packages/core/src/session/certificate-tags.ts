/**
 * Principal tags from the authenticating certificate, through the profile's attribute mappings
 * (Roles Anywhere User Guide, "Certificate attribute mapping"; protocol notes §3.6):
 *
 * - `x509Subject/<RDN>` and `x509Issuer/<RDN>` for the named RDNs (`*`: every RDN with a short
 *   name); an RDN that occurs several times becomes one tag, its values joined with `/` in
 *   certificate order (`OU=Security, OU=Engineering` → `Security/Engineering`);
 * - `x509SAN/DNS` and `x509SAN/URI` from the first DNS name and first URI only;
 *   `x509SAN/Name/<RDN>` from the first directoryName, expanded like the subject;
 * - values STS would reject as tag values (characters outside `[\p{L}\p{Z}\p{N}_.:/=+\-@]`, or
 *   longer than 256) are dropped, as the service drops them — and reported, so the log can say so.
 */
import type { AttributeMapping, CertificateField } from '../rolesanywhere/records.ts';
import type { SessionTag } from '../sts/session-claims.ts';
import type { Certificate } from '../x509/certificate.ts';
import type { Name } from '../x509/name.ts';

const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
const MAX_TAG_VALUE = 256;

export interface CertificateTags {
  readonly tags: readonly SessionTag[];
  /** Tag keys whose value STS would refuse, with why: for the log. */
  readonly dropped: readonly string[];
}

export function certificateTags(
  certificate: Certificate,
  mappings: readonly AttributeMapping[],
): CertificateTags {
  const candidates: SessionTag[] = [];
  const specifiersOf = (field: CertificateField) =>
    new Set(
      mappings
        .filter((m) => m.certificateField === field)
        .flatMap((m) => m.mappingRules.map((r) => r.specifier)),
    );

  candidates.push(...nameTags('x509Subject', certificate.subject, specifiersOf('x509Subject')));
  candidates.push(...nameTags('x509Issuer', certificate.issuer, specifiersOf('x509Issuer')));
  const san = specifiersOf('x509SAN');
  const names = certificate.subjectAltName ?? [];
  const dns = names.find((n) => n.kind === 'dNSName');
  if (san.has('DNS') && dns !== undefined && 'value' in dns)
    candidates.push({ key: 'x509SAN/DNS', value: dns.value });
  const uri = names.find((n) => n.kind === 'uniformResourceIdentifier');
  if (san.has('URI') && uri !== undefined && 'value' in uri)
    candidates.push({ key: 'x509SAN/URI', value: uri.value });
  const directory = names.find((n) => n.kind === 'directoryName');
  if (directory !== undefined && 'name' in directory) {
    const nameSpecifiers = new Set(
      [...san].filter((s) => s.startsWith('Name/')).map((s) => s.slice('Name/'.length)),
    );
    candidates.push(...nameTags('x509SAN/Name', directory.name, nameSpecifiers));
  }

  const tags: SessionTag[] = [];
  const dropped: string[] = [];
  for (const tag of candidates) {
    if (tag.value.length > MAX_TAG_VALUE || !TAG_VALUE.test(tag.value)) dropped.push(tag.key);
    else tags.push(tag);
  }
  return { tags, dropped };
}

/** One tag per RDN type the specifiers select, values of repeated types joined with `/`. */
function nameTags(prefix: string, name: Name, specifiers: ReadonlySet<string>): SessionTag[] {
  const all = specifiers.has('*');
  const byType = new Map<string, string[]>();
  for (const rdn of name.rdns) {
    for (const attribute of rdn) {
      if (attribute.shortName === null || !attribute.valueIsString) continue;
      if (!all && !specifiers.has(attribute.shortName)) continue;
      const values = byType.get(attribute.shortName) ?? [];
      values.push(attribute.value);
      byType.set(attribute.shortName, values);
    }
  }
  return [...byType].map(([type, values]) => ({ key: `${prefix}/${type}`, value: values.join('/') }));
}
