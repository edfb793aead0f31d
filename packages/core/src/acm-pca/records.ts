/**
 * The stored shape of the private CA (the ACM Private CA API subset, acm-pca 2017-08-22). Field
 * names follow the wire (`CertificateAuthority`, `CertificateAuthorityConfiguration`, …) where the
 * wire has them, so that a response is a projection of the record.
 */
import type { Tag } from '../rolesanywhere/records.ts';

export type CertificateAuthorityType = 'ROOT' | 'SUBORDINATE';

export type CertificateAuthorityStatus =
  | 'CREATING'
  | 'PENDING_CERTIFICATE'
  | 'ACTIVE'
  | 'DELETED'
  | 'DISABLED'
  | 'EXPIRED'
  | 'FAILED';

/** The key algorithms the CA can hold (a subset of the model's KeyAlgorithm enum). */
export type CaKeyAlgorithm =
  | 'RSA_2048'
  | 'RSA_3072'
  | 'RSA_4096'
  | 'EC_prime256v1'
  | 'EC_secp384r1'
  | 'ML_DSA_65';

/** The model's SigningAlgorithm enum, as far as the key algorithms above can sign. */
export type CaSigningAlgorithm =
  | 'SHA256WITHRSA'
  | 'SHA384WITHRSA'
  | 'SHA512WITHRSA'
  | 'SHA256WITHECDSA'
  | 'SHA384WITHECDSA'
  | 'SHA512WITHECDSA'
  | 'ML_DSA_65';

/** `ASN1Subject` of the model: the distinguished name fields AWS accepts. */
export interface Asn1Subject {
  readonly Country?: string;
  readonly Organization?: string;
  readonly OrganizationalUnit?: string;
  readonly DistinguishedNameQualifier?: string;
  readonly State?: string;
  readonly CommonName?: string;
  readonly SerialNumber?: string;
  readonly Locality?: string;
  readonly Title?: string;
  readonly Surname?: string;
  readonly GivenName?: string;
  readonly Initials?: string;
  readonly Pseudonym?: string;
  readonly GenerationQualifier?: string;
  readonly CustomAttributes?: readonly { readonly ObjectIdentifier: string; readonly Value: string }[];
}

export type RevocationReason =
  | 'UNSPECIFIED'
  | 'KEY_COMPROMISE'
  | 'CERTIFICATE_AUTHORITY_COMPROMISE'
  | 'AFFILIATION_CHANGED'
  | 'SUPERSEDED'
  | 'CESSATION_OF_OPERATION'
  | 'PRIVILEGE_WITHDRAWN'
  | 'A_A_COMPROMISE';

export interface CertificateAuthorityRecord {
  /** The UUID at the end of the ARN. */
  readonly id: string;
  /** `arn:aws:acm-pca:<region>:<account>:certificate-authority/<uuid>`. */
  readonly arn: string;
  readonly ownerAccount: string;
  readonly type: CertificateAuthorityType;
  readonly status: CertificateAuthorityStatus;
  readonly keyAlgorithm: CaKeyAlgorithm;
  readonly signingAlgorithm: CaSigningAlgorithm;
  readonly subject: Asn1Subject;
  /** Name constraints and path length asked for at creation (Anchorage's `ca create`), if any. */
  readonly pathLength?: number;
  readonly permittedDnsNames?: readonly string[];
  readonly excludedDnsNames?: readonly string[];
  /** PKCS#8 DER of the CA key, sealed with the data key (AES-256-GCM); never stored in clear. */
  readonly sealedPrivateKey: string;
  /** The CA's certificate signing request (PEM), from creation on. */
  readonly csrPem: string;
  /** Once imported: the CA certificate and the chain above it (PEM; empty for a root). */
  readonly certificatePem?: string;
  readonly certificateChainPem?: string;
  readonly serial?: string;
  readonly notBefore?: string;
  readonly notAfter?: string;
  /** The CRL over every revocation of this CA, re-signed at each revocation (PEM). */
  readonly crlPem?: string;
  readonly crlNumber: number;
  readonly usageMode: 'GENERAL_PURPOSE' | 'SHORT_LIVED_CERTIFICATE';
  readonly keyStorageSecurityStandard: string;
  readonly revocationConfiguration?: unknown;
  readonly tags: readonly Tag[];
  readonly createdAt: string;
  readonly lastStateChangeAt: string;
  /** When DELETED: until when RestoreCertificateAuthority may bring it back. */
  readonly restorableUntil?: string;
}

export interface IssuedCertificateRecord {
  /** `<ca uuid>/<serial hex lower-case>`: the tail of the certificate ARN. */
  readonly id: string;
  /** `<ca arn>/certificate/<serial hex lower-case>`, as ACM PCA names issued certificates. */
  readonly arn: string;
  readonly certificateAuthorityArn: string;
  /** Upper-case hex, even length, as CRLs and Roles Anywhere subjects show it. */
  readonly serial: string;
  readonly certificatePem: string;
  readonly notBefore: string;
  readonly notAfter: string;
  readonly issuedAt: string;
  readonly revokedAt?: string;
  readonly revocationReason?: RevocationReason;
}
