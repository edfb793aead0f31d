/**
 * IssueCertificate, as named steps: find the CA → read the template → check the signing
 * algorithm against the CA key → read and verify the CSR → decide the issuer (the CA's own
 * certificate; or, for RootCACertificate/V1, the CA itself, self-signed, for its own CSR only)
 * → compute the validity and keep it within the CA's → apply the passthrough (subject, SANs,
 * name constraints) → choose the serial (random; derived from the IdempotencyToken when given)
 * → build and sign the certificate → store it. The certificate is issued at once.
 */

import type { CertificateAuthorityRecord } from '@anchorage/core/acm-pca/records';
import { AnchorageError, isAnchorageError } from '@anchorage/core/errors';
import { buildCertificate } from '@anchorage/core/x509/build/certificate-builder';
import { type CertificationRequest, parseCsr } from '@anchorage/core/x509/build/csr';
import { signingHash } from './algorithms.ts';
import { openCaKey } from './ca-key.ts';
import { requireCa } from './ca-records.ts';
import type { AcmPcaHandler } from './context.ts';
import { chooseSerial, storeIssued } from './issued-certificates.ts';
import { issuerFor, validityOf } from './issuer.ts';
import {
  type ApiPassthrough,
  altNames,
  type DnsConstraints,
  invalidArgs,
  nameConstraints,
  passthroughSubject,
} from './passthrough.ts';
import { type Template, templateOf } from './templates.ts';
import type { ValidityInput } from './validity.ts';

interface IssueInput {
  readonly CertificateAuthorityArn: string;
  readonly Csr: string;
  readonly SigningAlgorithm: string;
  readonly TemplateArn?: string;
  readonly Validity: ValidityInput;
  readonly ValidityNotBefore?: ValidityInput;
  readonly ApiPassthrough?: ApiPassthrough;
  readonly IdempotencyToken?: string;
}

export const issueCertificate: AcmPcaHandler<IssueInput> = async (input, ctx) => {
  const ca = await requireCa(ctx, input.CertificateAuthorityArn);
  const template = templateOf(input.TemplateArn);
  const hash = signingHash(ca.keyAlgorithm, input.SigningAlgorithm);
  const csr = readCsr(input.Csr);
  const key = openCaKey(ctx.box, ca);
  const issuer = issuerFor(ca, template, key, csr, ctx.now);
  const { notBefore, notAfter } = validityOf(input, ca, issuer, ctx.now);
  const subject = passthroughSubject(input.ApiPassthrough) ?? csr.subject;
  const names = altNames(input.ApiPassthrough, csr.requestedSubjectAltNames);
  requireName(subject, names, template);
  const constraints =
    nameConstraints(input.ApiPassthrough, template.kind !== 'end-entity') ?? ownConstraints(ca, template);

  const choice = await chooseSerial(ctx, ca, key, input.IdempotencyToken);
  if ('earlier' in choice) return { CertificateArn: choice.earlier };
  const { serial } = choice;

  const der = buildCertificate(
    {
      serialNumber: serial,
      subject,
      issuer: issuer.name === 'self' ? subject : issuer.name,
      notBefore,
      notAfter,
      subjectPublicKey: csr.subjectPublicKeyInfo,
      issuerPublicKey: issuer.publicKey,
      ...(template.kind === 'end-entity'
        ? {}
        : { ca: template.pathLength === undefined ? {} : { pathLength: template.pathLength } }),
      keyUsage: template.keyUsage,
      ...(template.extendedKeyUsage === undefined ? {} : { extendedKeyUsage: template.extendedKeyUsage }),
      subjectAltNames: names,
      ...(constraints === undefined ? {} : { nameConstraints: constraints }),
    },
    key,
    hash,
  );
  const idempotent = input.IdempotencyToken !== undefined;
  return { CertificateArn: await storeIssued(ctx, ca, { serial, der, notBefore, notAfter }, idempotent) };
};

function readCsr(base64: string): CertificationRequest {
  try {
    return parseCsr(new Uint8Array(Buffer.from(base64, 'base64')));
  } catch (error) {
    if (isAnchorageError(error) && error.code === 'ValidationException') {
      throw new AnchorageError('MalformedCSRException', error.message);
    }
    throw error;
  }
}

/** The model: "A CSR must provide either a subject name or a subject alternative name"; a CA needs a subject. */
function requireName(subject: Uint8Array, names: ReturnType<typeof altNames>, template: Template): void {
  const emptySubject = subject.length === 2; // SEQUENCE {} is 30 00
  const count = names.dns.length + names.uris.length + names.emails.length + names.ips.length;
  if (emptySubject && template.kind !== 'end-entity') throw invalidArgs('A CA certificate needs a subject');
  if (emptySubject && count === 0) {
    throw new AnchorageError(
      'MalformedCSRException',
      'The CSR must provide a subject name or a subject alternative name',
    );
  }
}

/** A root's own certificate carries the constraints recorded for the CA, if any. */
function ownConstraints(ca: CertificateAuthorityRecord, template: Template): DnsConstraints | undefined {
  const permittedDns = [...(ca.permittedDnsNames ?? [])];
  const excludedDns = [...(ca.excludedDnsNames ?? [])];
  return template.kind === 'root' && permittedDns.length + excludedDns.length > 0
    ? { permittedDns, excludedDns }
    : undefined;
}
