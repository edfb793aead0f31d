/**
 * IssueCertificate's ApiPassthrough: the subject that replaces the CSR's, subjectAltNames that
 * replace the CSR's requested ones, and — for CA templates — a nameConstraints custom extension
 * of dNSName subtrees (how Anchorage's `ca create` asks for them). Anchorage honours these with
 * every template (AWS only with the *_APIPassthrough variants). The other members (KeyUsage,
 * ExtendedKeyUsage, CertificatePolicies, other custom extensions, other GeneralName forms) are
 * refused with InvalidArgsException rather than silently dropped.
 */
import type { Asn1Subject } from '@anchorage/core/acm-pca/records';
import { decodeDer } from '@anchorage/core/der/decode';
import { AnchorageError, isAnchorageError } from '@anchorage/core/errors';
import { altNamesProblem, dnsConstraintProblem } from '@anchorage/core/x509/build/general-names';
import { type GeneralSubtree, parseNameConstraints } from '@anchorage/core/x509/name-constraints';
import { OID } from '@anchorage/core/x509/oids';
import { encodeSubject } from './subject.ts';

export interface GeneralNameInput {
  readonly DnsName?: string;
  readonly UniformResourceIdentifier?: string;
  readonly Rfc822Name?: string;
  readonly IpAddress?: string;
  readonly [other: string]: unknown;
}

export interface ApiPassthrough {
  readonly Subject?: Asn1Subject;
  readonly Extensions?: {
    readonly SubjectAlternativeNames?: readonly GeneralNameInput[];
    readonly CustomExtensions?: readonly { ObjectIdentifier: string; Value: string; Critical?: boolean }[];
    readonly [other: string]: unknown;
  };
}

export interface AltNames {
  readonly dns: string[];
  readonly uris: string[];
  readonly emails: string[];
  readonly ips: string[];
}

export interface DnsConstraints {
  readonly permittedDns: string[];
  readonly excludedDns: string[];
}

export function passthroughSubject(passthrough: ApiPassthrough | undefined): Uint8Array | undefined {
  const subject = passthrough?.Subject;
  return subject === undefined ? undefined : encodeSubject(subject, 'ApiPassthrough.Subject');
}

/** The SANs to write: the passthrough's when given, else those the CSR requested. */
export function altNames(passthrough: ApiPassthrough | undefined, requested: AltNames): AltNames {
  const extensions = passthrough?.Extensions ?? {};
  for (const member of Object.keys(extensions)) {
    if (member !== 'SubjectAlternativeNames' && member !== 'CustomExtensions') {
      throw invalidArgs(`ApiPassthrough.Extensions.${member} is not supported`);
    }
  }
  const given = extensions.SubjectAlternativeNames;
  const names = given === undefined ? requested : fromGeneralNames(given);
  const problem = altNamesProblem(names);
  if (problem !== null) throw invalidArgs(`subjectAltName: ${problem}`);
  return names;
}

function fromGeneralNames(list: readonly GeneralNameInput[]): AltNames {
  const names: AltNames = { dns: [], uris: [], emails: [], ips: [] };
  list.forEach((name, index) => {
    const set = Object.keys(name);
    if (set.length !== 1)
      throw invalidArgs(`SubjectAlternativeNames.${index + 1} must set exactly one name form`);
    if (name.DnsName !== undefined) names.dns.push(name.DnsName);
    else if (name.UniformResourceIdentifier !== undefined) names.uris.push(name.UniformResourceIdentifier);
    else if (name.Rfc822Name !== undefined) names.emails.push(name.Rfc822Name);
    else if (name.IpAddress !== undefined) names.ips.push(name.IpAddress);
    else throw invalidArgs(`SubjectAlternativeNames.${index + 1}: ${set[0]} is not supported`);
  });
  return names;
}

/** DNS name constraints from a nameConstraints custom extension; only CA certificates may carry them. */
export function nameConstraints(
  passthrough: ApiPassthrough | undefined,
  isCa: boolean,
): DnsConstraints | undefined {
  const custom = passthrough?.Extensions?.CustomExtensions ?? [];
  let found: DnsConstraints | undefined;
  for (const extension of custom) {
    if (extension.ObjectIdentifier !== OID.nameConstraints) {
      throw invalidArgs(
        `CustomExtensions: ${extension.ObjectIdentifier} is not supported (only nameConstraints)`,
      );
    }
    if (!isCa) throw invalidArgs('CustomExtensions: nameConstraints belong on CA certificates only');
    if (found !== undefined) throw invalidArgs('CustomExtensions: nameConstraints is given twice');
    found = dnsConstraints(Buffer.from(extension.Value, 'base64'));
  }
  return found;
}

function dnsConstraints(der: Uint8Array): DnsConstraints {
  try {
    const parsed = parseNameConstraints(decodeDer(der, 'nameConstraints'), 'nameConstraints');
    return { permittedDns: dnsOf(parsed.permitted), excludedDns: dnsOf(parsed.excluded) };
  } catch (error) {
    if (isAnchorageError(error) && error.code === 'ValidationException') {
      throw invalidArgs(`CustomExtensions nameConstraints: ${error.message}`);
    }
    throw error;
  }
}

function dnsOf(subtrees: readonly GeneralSubtree[] | null): string[] {
  return (subtrees ?? []).map(({ base }) => {
    if (base.kind !== 'dNSName')
      throw invalidArgs('CustomExtensions nameConstraints: only dNSName subtrees are supported');
    const problem = dnsConstraintProblem(base.value);
    if (problem !== null) throw invalidArgs(`CustomExtensions nameConstraints: ${problem}`);
    return base.value;
  });
}

export function invalidArgs(message: string): AnchorageError {
  return new AnchorageError('InvalidArgsException', message);
}
