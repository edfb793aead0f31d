/**
 * GeneralNames the CA writes (RFC 5280 §4.2.1.6): dNSName, rfc822Name, URI and iPAddress, all
 * IMPLICIT-tagged, and the syntax checks they must pass first. The checks return a problem (or
 * null) so that the builder can throw TypeError and the CSR parser a ValidationException.
 */
import { Buffer } from 'node:buffer';
import { derImplicit, derSequenceOf } from '../../der/encode.ts';
import { parseIpAddress } from './ip-address.ts';

export interface AltNames {
  readonly dns?: readonly string[];
  readonly uris?: readonly string[];
  readonly emails?: readonly string[];
  readonly ips?: readonly string[];
}

// RFC 1034 §3.5 preferred name syntax, with RFC 1123 §2.1's leading digits: no '_', no trailing '.'.
const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
// RFC 5322 §3.2.3 dot-atom local part; RFC 5280 §4.2.1.6 takes the RFC 2821 Mailbox, ASCII only.
const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const URI_SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;

function hostProblem(host: string): string | null {
  if (host.length === 0 || host.length > 253) return 'must be 1 to 253 characters';
  return host.split('.').every((label) => LABEL.test(label))
    ? null
    : 'is not a host name (letters, digits, inner hyphens)';
}

/** A dNSName; "*." as the whole left-most label is allowed (a wildcard certificate). */
export function dnsNameProblem(name: string): string | null {
  const problem = hostProblem(name.startsWith('*.') ? name.slice(2) : name);
  return problem === null ? null : `dNSName ${JSON.stringify(name)} ${problem}`;
}

/** A dNSName constraint: a host, ".host" for subdomains only, or "" for every name (§4.2.1.10). */
export function dnsConstraintProblem(name: string): string | null {
  if (name === '') return null;
  const problem = hostProblem(name.startsWith('.') ? name.slice(1) : name);
  return problem === null ? null : `dNSName constraint ${JSON.stringify(name)} ${problem}`;
}

export function emailProblem(address: string): string | null {
  const at = address.lastIndexOf('@');
  const local = address.slice(0, at);
  const bad =
    at < 1 || local.length > 64 || !LOCAL_PART.test(local) || hostProblem(address.slice(at + 1)) !== null;
  return bad ? `rfc822Name ${JSON.stringify(address)} is not a mailbox local@domain` : null;
}

/** §4.2.1.6: an absolute URI (scheme and scheme-specific part), with a host when it has an authority. */
export function uriProblem(uri: string): string | null {
  const problem = `URI ${JSON.stringify(uri)}`;
  if (uri.length > 4096 || !/^[\x21-\x7e]+$/.test(uri))
    return `${problem} must be printable ASCII without spaces`;
  const scheme = URI_SCHEME.exec(uri);
  if (scheme === null || uri.length === scheme[0].length) return `${problem} must be absolute (scheme:…)`;
  const rest = uri.slice(scheme[0].length);
  if (rest.startsWith('//')) {
    const authority = rest.slice(2).split(/[/?#]/, 1)[0] ?? '';
    const host = authority.slice(authority.lastIndexOf('@') + 1).replace(/:[0-9]*$/, '');
    if (host === '') return `${problem} has an authority without a host`;
  }
  return null;
}

export function ipProblem(text: string): string | null {
  return parseIpAddress(text) === null
    ? `iPAddress ${JSON.stringify(text)} is not an IPv4 or IPv6 address`
    : null;
}

/** The first syntax problem among the names, or null. */
export function altNamesProblem(names: AltNames): string | null {
  const problems = [
    ...(names.dns ?? []).map(dnsNameProblem),
    ...(names.uris ?? []).map(uriProblem),
    ...(names.emails ?? []).map(emailProblem),
    ...(names.ips ?? []).map(ipProblem),
  ];
  return problems.find((problem) => problem !== null) ?? null;
}

/** The GeneralName CHOICE numbers (§4.2.1.6). */
export const GeneralNameTag = {
  rfc822Name: 1,
  dNSName: 2,
  uniformResourceIdentifier: 6,
  iPAddress: 7,
} as const;

/** An IA5String name under its IMPLICIT tag. */
export function ia5GeneralName(tag: number, text: string): Uint8Array {
  if (!/^[\x20-\x7e]*$/.test(text))
    throw new TypeError(`${JSON.stringify(text)} is not printable ASCII (IA5String)`);
  return derImplicit(tag, new Uint8Array(Buffer.from(text, 'latin1')), false);
}

/** GeneralNames ::= SEQUENCE SIZE (1..MAX) OF GeneralName, in the order dns, uris, emails, ips. */
export function encodeAltNames(names: AltNames): Uint8Array {
  return derSequenceOf([
    ...(names.dns ?? []).map((name) => ia5GeneralName(GeneralNameTag.dNSName, name)),
    ...(names.uris ?? []).map((uri) => ia5GeneralName(GeneralNameTag.uniformResourceIdentifier, uri)),
    ...(names.emails ?? []).map((email) => ia5GeneralName(GeneralNameTag.rfc822Name, email)),
    ...(names.ips ?? []).map((ip) => {
      const octets = parseIpAddress(ip);
      if (octets === null) throw new TypeError(`iPAddress ${JSON.stringify(ip)} is not an IP address`);
      return derImplicit(GeneralNameTag.iPAddress, octets, false);
    }),
  ]);
}

export function altNameCount(names: AltNames): number {
  return (
    (names.dns?.length ?? 0) +
    (names.uris?.length ?? 0) +
    (names.emails?.length ?? 0) +
    (names.ips?.length ?? 0)
  );
}
