/**
 * dNSName names and constraints (RFC 5280 §4.2.1.6, §4.2.1.10), compared case-insensitively.
 *
 * Syntax is checked only as far as matching needs it: labels of 1–63 letters, digits, '-' or '_'
 * (underscores appear in real internal names, and refusing them protects nothing here), at most
 * 253 characters. A name with an empty label (".example.com", "example..com") or any other
 * character cannot be placed inside or outside a subtree, so it fails any dNSName constraint.
 */

const LABEL = /^[a-z0-9_-]{1,63}$/;

export interface DnsName {
  /** Lower-case labels of the name after a leading "*." when it is a wildcard. */
  readonly base: string;
  /** "*.base": one label, any label, in front of base (RFC 6125 §6.4.3 left-most wildcard). */
  readonly wildcard: boolean;
}

export function parseDnsName(text: string): DnsName | null {
  const lower = text.toLowerCase();
  if (lower.startsWith('*.')) {
    const base = lower.slice(2);
    return isHostName(base) ? { base, wildcard: true } : null;
  }
  return isHostName(lower) ? { base: lower, wildcard: false } : null;
}

export function isHostName(lower: string): boolean {
  return lower.length > 0 && lower.length <= 253 && lower.split('.').every((label) => LABEL.test(label));
}

export interface DnsConstraint {
  readonly text: string;
  /** Lower case, without the leading '.'; '' matches every name. */
  readonly base: string;
  /**
   * A leading '.' (".example.com"): subdomains only, not example.com itself. RFC 5280 defines
   * the leading period for URI and email constraints only; OpenSSL-made CAs write it for DNS
   * too, meaning exactly this, so we read it the same way rather than refuse those CAs.
   */
  readonly subdomainsOnly: boolean;
}

/** A dNSName constraint, or null when it is malformed (wildcards, empty labels, bad characters). */
export function parseDnsConstraint(text: string): DnsConstraint | null {
  const lower = text.toLowerCase();
  if (lower === '') return { text, base: '', subdomainsOnly: false };
  const subdomainsOnly = lower.startsWith('.');
  const base = subdomainsOnly ? lower.slice(1) : lower;
  return isHostName(base) ? { text, base, subdomainsOnly } : null;
}

/** §4.2.1.10: a name satisfies "host.example.com" when it is that name with zero or more labels added on the left. */
function inSubtree(name: string, constraint: DnsConstraint): boolean {
  if (constraint.base === '') return true;
  if (name.endsWith(`.${constraint.base}`)) return true;
  return !constraint.subdomainsOnly && name === constraint.base;
}

/** Every name the (wildcard) name stands for lies in the subtree: what a permitted subtree asks. */
export function dnsNameWithin(name: DnsName, constraint: DnsConstraint): boolean {
  if (!name.wildcard) return inSubtree(name.base, constraint);
  // "*.B" stands for x.B for any one label x: all of them lie under C exactly when B itself is
  // C or under C ("x.B" then has one more label on the left).
  if (constraint.base === '') return true;
  return name.base === constraint.base || name.base.endsWith(`.${constraint.base}`);
}

/**
 * Some name the (wildcard) name stands for lies in the subtree: what an excluded subtree must
 * not meet. "*.example.com" meets the excluded "bar.example.com" (x = bar), although the pattern
 * itself is not under it (the CVE-2025-61727 ambiguity, resolved defensively).
 */
export function dnsNameMeets(name: DnsName, constraint: DnsConstraint): boolean {
  if (dnsNameWithin(name, constraint)) return true;
  if (!name.wildcard || constraint.subdomainsOnly) return false;
  const dot = constraint.base.indexOf('.');
  return dot > 0 && constraint.base.slice(dot + 1) === name.base;
}
