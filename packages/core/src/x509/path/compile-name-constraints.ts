import type { Certificate } from '../certificate.ts';
import type { OtherGeneralNameKind } from '../general-name.ts';
import type { Name } from '../name.ts';
import type { GeneralSubtree, NameConstraints } from '../name-constraints.ts';
import { type DnsConstraint, parseDnsConstraint } from './dns-name.ts';
import { type EmailConstraint, parseEmailConstraint } from './email-name.ts';
import { type IpRange, parseIpRange } from './ip-range.ts';
import { certificateFailure, type PathFailure, type PathRole } from './path-failure.ts';
import { parseUriConstraint, type UriConstraint } from './uri-host.ts';

export interface Subtrees<T> {
  readonly permitted: readonly T[];
  readonly excluded: readonly T[];
}

/** One CA's nameConstraints, parsed once for every certificate below it. */
export interface CompiledNameConstraints {
  readonly certificate: Certificate;
  readonly role: PathRole;
  readonly dns: Subtrees<DnsConstraint>;
  readonly email: Subtrees<EmailConstraint>;
  readonly uri: Subtrees<UriConstraint>;
  readonly ip: Subtrees<IpRange>;
  readonly directory: Subtrees<Name>;
  /** Name forms constrained here that we cannot compare (otherName, x400Address, …). */
  readonly unsupported: ReadonlySet<OtherGeneralNameKind>;
  /** Number of subtrees, to bound the work. */
  readonly size: number;
}

/**
 * Parses a CA's constraints (RFC 5280 §4.2.1.10), or explains why they are malformed: minimum
 * must be 0 and maximum absent; DNS constraints carry no wildcard; an email constraint is a
 * mailbox, a host or a .domain; IP masks are CIDR prefixes.
 */
export function compileNameConstraints(
  certificate: Certificate,
  role: PathRole,
  constraints: NameConstraints,
): CompiledNameConstraints | PathFailure {
  const dns: Record<'permitted' | 'excluded', DnsConstraint[]> = { permitted: [], excluded: [] };
  const email: Record<'permitted' | 'excluded', EmailConstraint[]> = { permitted: [], excluded: [] };
  const uri: Record<'permitted' | 'excluded', UriConstraint[]> = { permitted: [], excluded: [] };
  const ip: Record<'permitted' | 'excluded', IpRange[]> = { permitted: [], excluded: [] };
  const directory: Record<'permitted' | 'excluded', Name[]> = { permitted: [], excluded: [] };
  const unsupported = new Set<OtherGeneralNameKind>();
  let size = 0;
  for (const side of ['permitted', 'excluded'] as const) {
    for (const subtree of constraints[side] ?? []) {
      size += 1;
      const problem = subtreeProblem(subtree);
      const bad = (what: string) =>
        certificateFailure(
          'name-constraints',
          certificate,
          role,
          `nameConstraints ${side} subtree ${what} is malformed (RFC 5280 §4.2.1.10)`,
        );
      if (problem !== null) return bad(problem);
      const base = subtree.base;
      switch (base.kind) {
        case 'dNSName': {
          const parsed = parseDnsConstraint(base.value);
          if (parsed === null) return bad(`dNSName "${base.value}"`);
          dns[side].push(parsed);
          break;
        }
        case 'rfc822Name': {
          const parsed = parseEmailConstraint(base.value);
          if (parsed === null) return bad(`rfc822Name "${base.value}"`);
          email[side].push(parsed);
          break;
        }
        case 'uniformResourceIdentifier': {
          const parsed = parseUriConstraint(base.value);
          if (parsed === null) return bad(`uniformResourceIdentifier "${base.value}"`);
          uri[side].push(parsed);
          break;
        }
        case 'iPAddress': {
          const parsed = parseIpRange(base.bytes, base.text);
          if (parsed === null) return bad(`iPAddress ${base.text} (mask is not a prefix)`);
          ip[side].push(parsed);
          break;
        }
        case 'directoryName':
          directory[side].push(base.name);
          break;
        default:
          unsupported.add(base.kind);
      }
    }
  }
  return { certificate, role, dns, email, uri, ip, directory, unsupported, size };
}

function subtreeProblem(subtree: GeneralSubtree): string | null {
  if (subtree.minimum !== 0) return `minimum ${subtree.minimum} (must be 0)`;
  if (subtree.maximum !== null) return `maximum ${subtree.maximum} (must be absent)`;
  return null;
}
