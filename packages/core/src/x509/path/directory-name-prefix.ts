import type { Name } from '../name.ts';
import { namesMatch } from '../name-match.ts';

/**
 * directoryName constraints (RFC 5280 §4.2.1.10, §7.1): a name lies in the subtree when the
 * constraint's RDNs are its first RDNs, compared RDN by RDN as §7.1 compares names. An empty
 * constraint is the root of the tree and holds every name.
 */
export function directoryNameWithin(name: Name, constraint: Name): boolean {
  const length = constraint.rdns.length;
  if (length === 0) return true;
  if (name.rdns.length < length) return false;
  if (name.rdns.length === length) return namesMatch(name, constraint);
  // The leading RDNs as a Name of their own: no DER of its own (namesMatch then compares RDNs).
  const prefix: Name = { der: new Uint8Array(0), rdns: name.rdns.slice(0, length), rfc4514: '' };
  return namesMatch(prefix, constraint);
}
