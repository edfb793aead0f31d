/**
 * The private CA flows the command-line tools run against the ACM PCA API, as an AWS user would
 * with `aws acm-pca`: create a CA (CSR → issue → import in one step), issue a certificate from a
 * CSR or from a key generated here (the key never leaves this machine), revoke.
 */

import type { CaKeyAlgorithm } from '@anchorage/core/acm-pca/records';
import { derImplicit, derSequence } from '@anchorage/core/der/encode';
import { buildCsr } from '@anchorage/core/x509/build/csr';
import { encodeName, parseDistinguishedName } from '@anchorage/core/x509/build/distinguished-name';
import { encodePem } from '@anchorage/core/x509/pem';
import { CA_KEY_ALGORITHMS, DEFAULT_SIGNING_ALGORITHM } from '../acm-pca/algorithms.ts';
import { generateCaKey } from '../acm-pca/ca-key.ts';
import type { ApiClient } from './api-client.ts';

export type { CaKeyAlgorithm };
export { CA_KEY_ALGORITHMS };

/** ACM PCA's ASN1Subject field for each distinguished-name short name. */
const SUBJECT_FIELDS: Record<string, string> = {
  C: 'Country',
  O: 'Organization',
  OU: 'OrganizationalUnit',
  dnQualifier: 'DistinguishedNameQualifier',
  ST: 'State',
  CN: 'CommonName',
  serialNumber: 'SerialNumber',
  L: 'Locality',
  title: 'Title',
  SN: 'Surname',
  GN: 'GivenName',
  initials: 'Initials',
  pseudonym: 'Pseudonym',
  generationQualifier: 'GenerationQualifier',
};

/** `CN=Root,O=Example` → `{ CommonName: 'Root', Organization: 'Example' }` (one value per field, as the API has). */
export function asn1Subject(dn: string): Record<string, string> {
  const subject: Record<string, string> = {};
  for (const [type, value] of parseDistinguishedName(dn)) {
    const field = SUBJECT_FIELDS[type];
    if (field === undefined)
      throw new Error(
        `the subject attribute ${type} cannot be given to a CA (use one of ${Object.keys(SUBJECT_FIELDS).join(', ')})`,
      );
    if (subject[field] !== undefined)
      throw new Error(`the subject has ${type} twice; a CA subject takes one of each`);
    subject[field] = value;
  }
  return subject;
}

export interface CreateCaOptions {
  readonly type: 'ROOT' | 'SUBORDINATE';
  readonly keyAlgorithm: CaKeyAlgorithm;
  readonly subject: string;
  readonly validityDays: number;
  readonly pathLength?: number;
  readonly permittedDns?: readonly string[];
  readonly excludedDns?: readonly string[];
  /** For a subordinate: the Anchorage CA that signs it. Without one, the CA waits for its certificate. */
  readonly parentArn?: string;
}

export interface CreatedCa {
  readonly arn: string;
  readonly status: string;
  readonly certificatePem?: string;
  readonly chainPem?: string;
  /** When the CA waits for a certificate from an outside CA. */
  readonly csrPem?: string;
}

/** Only the private CA's operations are used: the console passes its own in-process caller. */
export type AcmPcaClient = Pick<ApiClient, 'acmPca'>;

export async function createCertificateAuthority(
  client: AcmPcaClient,
  options: CreateCaOptions,
): Promise<CreatedCa> {
  const created = await client.acmPca('CreateCertificateAuthority', {
    CertificateAuthorityType: options.type,
    CertificateAuthorityConfiguration: {
      KeyAlgorithm: options.keyAlgorithm,
      SigningAlgorithm: DEFAULT_SIGNING_ALGORITHM[options.keyAlgorithm],
      Subject: asn1Subject(options.subject),
    },
  });
  const arn = String(created.CertificateAuthorityArn);
  const { Csr: csrPem } = await client.acmPca('GetCertificateAuthorityCsr', { CertificateAuthorityArn: arn });
  const signer = options.type === 'ROOT' ? arn : options.parentArn;
  if (signer === undefined) return { arn, status: 'PENDING_CERTIFICATE', csrPem: String(csrPem) };
  const signerDescription = (
    await client.acmPca('DescribeCertificateAuthority', { CertificateAuthorityArn: signer })
  ).CertificateAuthority as {
    CertificateAuthorityConfiguration: { SigningAlgorithm: string };
    NotAfter?: number;
  };
  // A subordinate cannot outlive its parent: its validity ends at the parent's at the latest.
  const validity = cappedValidity(
    options.validityDays,
    options.type === 'SUBORDINATE' ? signerDescription.NotAfter : undefined,
  );
  const issued = await client.acmPca('IssueCertificate', {
    CertificateAuthorityArn: signer,
    Csr: Buffer.from(String(csrPem)).toString('base64'),
    SigningAlgorithm: signerDescription.CertificateAuthorityConfiguration.SigningAlgorithm,
    TemplateArn: caTemplate(options),
    Validity: validity,
    ...caPassthrough(options),
  });
  const certificate = await client.acmPca('GetCertificate', {
    CertificateAuthorityArn: signer,
    CertificateArn: issued.CertificateArn,
  });
  const certificatePem = String(certificate.Certificate);
  const chainPem = typeof certificate.CertificateChain === 'string' ? certificate.CertificateChain : '';
  await client.acmPca('ImportCertificateAuthorityCertificate', {
    CertificateAuthorityArn: arn,
    Certificate: Buffer.from(certificatePem).toString('base64'),
    ...(options.type === 'SUBORDINATE' ? { CertificateChain: Buffer.from(chainPem).toString('base64') } : {}),
  });
  return { arn, status: 'ACTIVE', certificatePem, chainPem };
}

/**
 * ACM PCA's templates: path length and name constraints need the API-passthrough ones (name
 * constraints travel as a custom extension, as AWS documents for its own CAs).
 */
function caTemplate(options: CreateCaOptions): string {
  const passthrough = hasNameConstraints(options) ? '_APIPassthrough' : '';
  if (options.type === 'SUBORDINATE') {
    return `arn:aws:acm-pca:::template/SubordinateCACertificate_PathLen${options.pathLength ?? 0}${passthrough}/V1`;
  }
  if (options.pathLength !== undefined) {
    return `arn:aws:acm-pca:::template/BlankRootCACertificate_PathLen${options.pathLength}_APIPassthrough/V1`;
  }
  return `arn:aws:acm-pca:::template/RootCACertificate${passthrough}/V1`;
}

function hasNameConstraints(options: CreateCaOptions): boolean {
  return (options.permittedDns?.length ?? 0) + (options.excludedDns?.length ?? 0) > 0;
}

function caPassthrough(options: CreateCaOptions): Record<string, unknown> {
  if (!hasNameConstraints(options)) return {};
  // NameConstraints ::= SEQUENCE { permittedSubtrees [0], excludedSubtrees [1] } of
  // GeneralSubtree { base dNSName [2] } (RFC 5280 §4.2.1.10).
  const subtrees = (names: readonly string[]): Uint8Array =>
    Buffer.concat(names.map((name) => derSequence(derImplicit(2, Buffer.from(name, 'latin1'), false))));
  const parts: Uint8Array[] = [];
  if ((options.permittedDns?.length ?? 0) > 0)
    parts.push(derImplicit(0, subtrees(options.permittedDns ?? []), true));
  if ((options.excludedDns?.length ?? 0) > 0)
    parts.push(derImplicit(1, subtrees(options.excludedDns ?? []), true));
  const value = Buffer.from(derSequence(...parts)).toString('base64');
  return {
    ApiPassthrough: {
      Extensions: { CustomExtensions: [{ ObjectIdentifier: '2.5.29.30', Value: value, Critical: true }] },
    },
  };
}

export interface IssueOptions {
  readonly caArn: string;
  /** A CSR (PEM); or leave it out and a key is generated here. */
  readonly csrPem?: string;
  readonly keyAlgorithm?: CaKeyAlgorithm;
  /** Subject of a generated key's request. */
  readonly subject?: string;
  readonly dnsNames?: readonly string[];
  readonly uris?: readonly string[];
  readonly validityDays: number;
}

export interface IssuedCertificate {
  readonly arn: string;
  readonly serial: string;
  readonly certificatePem: string;
  readonly chainPem: string;
  /** PKCS#8 PEM of a key generated here. */
  readonly privateKeyPem?: string;
}

/** A workload (end-entity) certificate: digitalSignature and clientAuth, what CreateSession needs. */
export async function issueCertificate(
  client: AcmPcaClient,
  options: IssueOptions,
): Promise<IssuedCertificate> {
  let csrPem = options.csrPem;
  let privateKeyPem: string | undefined;
  if (csrPem === undefined) {
    if (options.subject === undefined)
      throw new Error('a subject is needed to generate a key and its request');
    const key = generateCaKey(options.keyAlgorithm ?? 'EC_prime256v1');
    csrPem = encodePem(
      'CERTIFICATE REQUEST',
      buildCsr(encodeName(parseDistinguishedName(options.subject)), key),
    );
    privateKeyPem = key.export({ type: 'pkcs8', format: 'pem' }).toString();
  }
  const description = (
    await client.acmPca('DescribeCertificateAuthority', { CertificateAuthorityArn: options.caArn })
  ).CertificateAuthority as {
    CertificateAuthorityConfiguration: { SigningAlgorithm: string };
    NotAfter?: number;
  };
  const sans = [
    ...(options.dnsNames ?? []).map((name) => ({ DnsName: name })),
    ...(options.uris ?? []).map((uri) => ({ UniformResourceIdentifier: uri })),
  ];
  const issued = await client.acmPca('IssueCertificate', {
    CertificateAuthorityArn: options.caArn,
    Csr: Buffer.from(csrPem).toString('base64'),
    SigningAlgorithm: description.CertificateAuthorityConfiguration.SigningAlgorithm,
    TemplateArn: 'arn:aws:acm-pca:::template/EndEntityClientAuthCertificate/V1',
    // No certificate outlives its CA (ACM PCA refuses that): the validity ends at the CA's at the latest.
    Validity: cappedValidity(options.validityDays, description.NotAfter),
    ...(sans.length === 0 ? {} : { ApiPassthrough: { Extensions: { SubjectAlternativeNames: sans } } }),
  });
  const arn = String(issued.CertificateArn);
  const certificate = await client.acmPca('GetCertificate', {
    CertificateAuthorityArn: options.caArn,
    CertificateArn: arn,
  });
  return {
    arn,
    serial: arn.slice(arn.lastIndexOf('/') + 1).toUpperCase(),
    certificatePem: String(certificate.Certificate),
    chainPem: typeof certificate.CertificateChain === 'string' ? certificate.CertificateChain : '',
    ...(privateKeyPem === undefined ? {} : { privateKeyPem }),
  };
}

/** `days` from now, or the issuer's end (epoch seconds, as DescribeCertificateAuthority gives it) if sooner. */
function cappedValidity(days: number, issuerNotAfter: number | undefined): { Type: string; Value: number } {
  // A minute of margin: the server's clock reading when it issues comes a moment after ours.
  const wanted = Math.floor(Date.now() / 1000) + days * 86_400 + 60;
  return issuerNotAfter !== undefined && issuerNotAfter < wanted
    ? { Type: 'ABSOLUTE', Value: Math.floor(issuerNotAfter) }
    : { Type: 'DAYS', Value: days };
}
