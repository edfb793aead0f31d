import { isHostName } from './dns-name.ts';

/**
 * The host of a uniformResourceIdentifier, the part URI constraints apply to (RFC 5280
 * §4.2.1.10): "scheme://[userinfo@]host[:port]…" per RFC 3986 §3.2. A URI without an authority
 * (urn:, mailto:) or with an IP-literal host has no domain to place in a subtree.
 */
export type UriHost =
  | { readonly kind: 'host'; readonly host: string }
  | { readonly kind: 'no-host' | 'ip-literal' }
  | { readonly kind: 'malformed' };

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;
const IPV4 = /^[0-9]+(\.[0-9]+){3}$/;

export function uriHost(uri: string): UriHost {
  const scheme = SCHEME.exec(uri);
  if (scheme === null) return { kind: 'malformed' };
  const rest = uri.slice(scheme[0].length);
  if (!rest.startsWith('//')) return { kind: 'no-host' };
  const authorityEnd = rest.slice(2).search(/[/?#]/);
  const authority = authorityEnd < 0 ? rest.slice(2) : rest.slice(2, 2 + authorityEnd);
  const hostAndPort = authority.slice(authority.lastIndexOf('@') + 1);
  if (hostAndPort.startsWith('[')) return { kind: 'ip-literal' };
  const colon = hostAndPort.indexOf(':');
  const host = (colon < 0 ? hostAndPort : hostAndPort.slice(0, colon)).toLowerCase();
  if (colon >= 0 && !/^[0-9]*$/.test(hostAndPort.slice(colon + 1))) return { kind: 'malformed' };
  if (host === '') return { kind: 'no-host' };
  if (IPV4.test(host)) return { kind: 'ip-literal' };
  return isHostName(host) ? { kind: 'host', host } : { kind: 'malformed' };
}

/**
 * A URI constraint names a host ("host.example.com": that host only) or, with a leading period
 * (".example.com"), every host below that domain but not the domain itself (§4.2.1.10).
 */
export interface UriConstraint {
  readonly text: string;
  readonly host: string;
  readonly subdomainsOnly: boolean;
}

export function parseUriConstraint(text: string): UriConstraint | null {
  const lower = text.toLowerCase();
  const subdomainsOnly = lower.startsWith('.');
  const host = subdomainsOnly ? lower.slice(1) : lower;
  return isHostName(host) ? { text, host, subdomainsOnly } : null;
}

export function uriHostWithin(host: string, constraint: UriConstraint): boolean {
  return constraint.subdomainsOnly ? host.endsWith(`.${constraint.host}`) : host === constraint.host;
}
