import type { Certificate } from '../certificate.ts';
import type { GeneralName } from '../general-name.ts';
import type { Name } from '../name.ts';
import { OID } from '../oids.ts';
import type { CompiledNameConstraints, Subtrees } from './compile-name-constraints.ts';
import { directoryNameWithin } from './directory-name-prefix.ts';
import { type DnsConstraint, dnsNameMeets, dnsNameWithin, parseDnsName } from './dns-name.ts';
import { type EmailConstraint, emailNameWithin, parseEmailName } from './email-name.ts';
import { type IpRange, ipWithin } from './ip-range.ts';
import { certificateFailure, describeCertificate, type PathFailure, type PathRole } from './path-failure.ts';
import { type UriConstraint, uriHost, uriHostWithin } from './uri-host.ts';

/**
 * The names of a certificate that name constraints apply to (§6.1.3 (b), (c)): the subject
 * (when not empty), every subjectAltName entry, and each emailAddress attribute of the subject,
 * which §4.2.1.10 treats as an rfc822Name.
 */
export function constrainedNames(certificate: Certificate): readonly GeneralName[] {
  const names: GeneralName[] = [];
  if (certificate.subject.rdns.length > 0) names.push({ kind: 'directoryName', name: certificate.subject });
  for (const rdn of certificate.subject.rdns) {
    for (const attribute of rdn) {
      if (attribute.oid === OID.emailAddress && attribute.valueIsString) {
        names.push({ kind: 'rfc822Name', value: attribute.value });
      }
    }
  }
  names.push(...(certificate.subjectAltName ?? []));
  return names;
}

export interface NameConstraintBudget {
  remaining: number;
}

/**
 * Checks every name of `certificate` against the constraints of every CA above it: within some
 * permitted subtree of its form (when that CA permits any of the form) and in no excluded one.
 * Checking each CA's set in turn is the same as RFC 5280's running intersection and union
 * (§6.1.4 (g)). Work is bounded: names × subtrees may not exceed the budget left.
 */
export function checkNameConstraints(
  certificate: Certificate,
  role: PathRole,
  sources: readonly CompiledNameConstraints[],
  budget: NameConstraintBudget,
): PathFailure | null {
  if (sources.length === 0) return null;
  const names = constrainedNames(certificate);
  const cost = names.length * sources.reduce((sum, source) => sum + source.size, 0);
  if (cost > budget.remaining) {
    return certificateFailure(
      'name-constraints',
      certificate,
      role,
      `checking ${names.length} names against the name constraints above would take more than the ${budget.remaining} comparisons left; refused`,
    );
  }
  budget.remaining -= cost;
  for (const source of sources) {
    for (const name of names) {
      const problem = nameProblem(name, source);
      if (problem !== null) {
        return certificateFailure(
          'name-constraints',
          certificate,
          role,
          `${problem} of ${source.role} ${describeCertificate(source.certificate)} (RFC 5280 §4.2.1.10)`,
        );
      }
    }
  }
  return null;
}

function nameProblem(name: GeneralName, source: CompiledNameConstraints): string | null {
  switch (name.kind) {
    case 'dNSName':
      return dnsProblem(name.value, source.dns);
    case 'rfc822Name':
      return emailProblem(name.value, source.email);
    case 'uniformResourceIdentifier':
      return uriProblem(name.value, source.uri);
    case 'iPAddress':
      return ipProblem(name.bytes, name.text, source.ip);
    case 'directoryName':
      return directoryProblem(name.name, source.directory);
    default:
      return source.unsupported.has(name.kind)
        ? `subjectAltName ${name.kind} cannot be checked against the ${name.kind} constraints`
        : null;
  }
}

function constrained<T>(subtrees: Subtrees<T>): boolean {
  return subtrees.permitted.length > 0 || subtrees.excluded.length > 0;
}

function outside(kind: string, value: string, subtrees: readonly { readonly text: string }[]): string {
  return `${kind} "${value}" is outside the permitted subtrees (${subtrees.map((item) => item.text).join(', ')})`;
}

function dnsProblem(value: string, subtrees: Subtrees<DnsConstraint>): string | null {
  if (!constrained(subtrees)) return null;
  const name = parseDnsName(value);
  if (name === null)
    return `dNSName "${value}" is not a valid DNS name and cannot be checked against the constraints`;
  if (subtrees.permitted.length > 0 && !subtrees.permitted.some((item) => dnsNameWithin(name, item))) {
    return outside('dNSName', value, subtrees.permitted);
  }
  const hit = subtrees.excluded.find((item) => dnsNameMeets(name, item));
  return hit === undefined ? null : `dNSName "${value}" meets the excluded subtree "${hit.text}"`;
}

function emailProblem(value: string, subtrees: Subtrees<EmailConstraint>): string | null {
  if (!constrained(subtrees)) return null;
  const name = parseEmailName(value);
  if (name === null)
    return `rfc822Name "${value}" is not a valid mailbox and cannot be checked against the constraints`;
  if (subtrees.permitted.length > 0 && !subtrees.permitted.some((item) => emailNameWithin(name, item))) {
    return outside('rfc822Name', value, subtrees.permitted);
  }
  const hit = subtrees.excluded.find((item) => emailNameWithin(name, item));
  return hit === undefined ? null : `rfc822Name "${value}" is within the excluded subtree "${hit.text}"`;
}

function uriProblem(value: string, subtrees: Subtrees<UriConstraint>): string | null {
  if (!constrained(subtrees)) return null;
  const host = uriHost(value);
  if (host.kind !== 'host') {
    return `uniformResourceIdentifier "${value}" has no DNS host (${host.kind}) to check against the constraints`;
  }
  if (subtrees.permitted.length > 0 && !subtrees.permitted.some((item) => uriHostWithin(host.host, item))) {
    return outside('uniformResourceIdentifier', value, subtrees.permitted);
  }
  const hit = subtrees.excluded.find((item) => uriHostWithin(host.host, item));
  return hit === undefined
    ? null
    : `uniformResourceIdentifier "${value}" is within the excluded subtree "${hit.text}"`;
}

function ipProblem(bytes: Uint8Array, text: string, subtrees: Subtrees<IpRange>): string | null {
  if (!constrained(subtrees)) return null;
  // iPAddress is one name form for both families: an IPv6 address is outside IPv4-only ranges.
  if (subtrees.permitted.length > 0 && !subtrees.permitted.some((item) => ipWithin(bytes, item))) {
    return outside('iPAddress', text, subtrees.permitted);
  }
  const hit = subtrees.excluded.find((item) => ipWithin(bytes, item));
  return hit === undefined ? null : `iPAddress ${text} is within the excluded range ${hit.text}`;
}

function directoryProblem(name: Name, subtrees: Subtrees<Name>): string | null {
  if (!constrained(subtrees)) return null;
  const shown = name.rfc4514 === '' ? '(empty)' : name.rfc4514;
  if (subtrees.permitted.length > 0 && !subtrees.permitted.some((item) => directoryNameWithin(name, item))) {
    return `directoryName "${shown}" is outside the permitted subtrees (${subtrees.permitted.map((item) => item.rfc4514).join('; ')})`;
  }
  const hit = subtrees.excluded.find((item) => directoryNameWithin(name, item));
  return hit === undefined
    ? null
    : `directoryName "${shown}" is within the excluded subtree "${hit.rfc4514}"`;
}
