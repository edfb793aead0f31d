/**
 * Who signs an issued certificate, and until when. RootCACertificate/V1 (and its Blank variants):
 * a ROOT CA signs its own CSR — and only its own — while pending, or active to renew. Every other
 * template: the CA's certificate signs, while the CA is ACTIVE, within that certificate's path
 * length and validity (the model: "The end of the validity period configured on a certificate
 * must not exceed the limit set on its parents in the CA hierarchy").
 */
import type { KeyObject } from 'node:crypto';
import type { CertificateAuthorityRecord } from '@anchorage/core/acm-pca/records';
import { AnchorageError } from '@anchorage/core/errors';
import type { CertificationRequest } from '@anchorage/core/x509/build/csr';
import { type Certificate, parseCertificate } from '@anchorage/core/x509/certificate';
import { decodePem } from '@anchorage/core/x509/pem';
import { sameKey } from './ca-chain.ts';
import { requireStatus } from './ca-records.ts';
import { invalidArgs } from './passthrough.ts';
import type { Template } from './templates.ts';
import { type ValidityInput, validityEnd, validityStart } from './validity.ts';

/** The name and key written as issuer (`self`: the subject), and the latest notAfter allowed. */
export interface Issuer {
  readonly name: Uint8Array | 'self';
  readonly publicKey: Uint8Array;
  readonly notAfter?: number;
}

const SHORT_LIVED_MS = 7 * 86_400_000;
/** GeneralizedTime ends at year 9999. */
const LAST_TIME = Date.UTC(9999, 11, 31, 23, 59, 59);

export function issuerFor(
  ca: CertificateAuthorityRecord,
  template: Template,
  key: KeyObject,
  csr: CertificationRequest,
  now: number,
): Issuer {
  return template.kind === 'root' ? ownIssuer(ca, key, csr, now) : caIssuer(ca, template, now);
}

/** RootCACertificate/V1: a ROOT CA signs its own CSR (pending, or active to renew). */
function ownIssuer(
  ca: CertificateAuthorityRecord,
  key: KeyObject,
  csr: CertificationRequest,
  now: number,
): Issuer {
  if (ca.type !== 'ROOT')
    throw invalidArgs('Only a ROOT certificate authority can issue a root CA certificate');
  if (!sameKey(csr.subjectPublicKeyInfo, key)) {
    throw invalidArgs("A root CA certificate can only be issued for the certificate authority's own CSR");
  }
  requireStatus(ca, now, ['PENDING_CERTIFICATE', 'ACTIVE'], 'issue its own root certificate');
  return { name: 'self', publicKey: csr.subjectPublicKeyInfo };
}

/** Every other template: the CA's certificate signs, within its validity and path length. */
function caIssuer(ca: CertificateAuthorityRecord, template: Template, now: number): Issuer {
  requireStatus(ca, now, ['ACTIVE'], 'issue certificates');
  const certificate = caCertificate(ca);
  const limit = certificate.basicConstraints?.pathLenConstraint ?? null;
  if (template.kind === 'subordinate' && limit !== null && (template.pathLength ?? 0) >= limit) {
    // As AWS answers (re:Post "acm-pca-certificate"): a path length at or above the issuer's.
    throw new AnchorageError(
      'ValidationException',
      `The path length ${template.pathLength} must be less than the certificate authority's path length ${limit}`,
    );
  }
  return {
    name: certificate.subject.der,
    publicKey: certificate.subjectPublicKeyInfo.der,
    notAfter: certificate.validity.notAfter,
  };
}

export function caCertificate(ca: CertificateAuthorityRecord): Certificate {
  const [block] = decodePem(ca.certificatePem ?? '');
  if (block === undefined) throw new TypeError(`CA ${ca.id} is ACTIVE without a certificate`);
  return parseCertificate(block.der);
}

/** notBefore and notAfter of the certificate, checked against the issuer and the CA's usage mode. */
export function validityOf(
  input: { readonly Validity: ValidityInput; readonly ValidityNotBefore?: ValidityInput },
  ca: CertificateAuthorityRecord,
  issuer: Issuer,
  now: number,
): { notBefore: number; notAfter: number } {
  const notBefore = validityStart(input.ValidityNotBefore, now);
  const notAfter = validityEnd(input.Validity, now);
  if (notAfter <= now) throw invalidArgs('Validity must end in the future');
  if (notAfter > LAST_TIME || notBefore < 0) throw invalidArgs('Validity must lie between 1970 and 9999');
  if (Math.floor(notAfter / 1000) <= Math.floor(notBefore / 1000)) {
    throw invalidArgs('Validity must end after ValidityNotBefore');
  }
  // AWS: "The end of the validity period configured on a certificate must not exceed the limit set on its parents".
  if (issuer.notAfter !== undefined && notAfter > issuer.notAfter) {
    throw new AnchorageError(
      'ValidationException',
      'The certificate validity specified exceeds the certificate authority validity.',
    );
  }
  if (ca.usageMode === 'SHORT_LIVED_CERTIFICATE' && notAfter - now > SHORT_LIVED_MS) {
    throw new AnchorageError(
      'ValidationException',
      'A SHORT_LIVED_CERTIFICATE CA issues certificates of at most 7 days',
    );
  }
  return { notBefore, notAfter };
}
