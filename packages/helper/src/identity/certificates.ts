/** Certificates from PEM bundles or DER, with the checks that save the user a round trip. */
import { type KeyObject, X509Certificate } from 'node:crypto';
import { decodePem } from '@anchorage/core/x509/pem';
import { HelperError } from '../helper-error.ts';
import type { SourceBytes } from './read-source.ts';

/** Every CERTIFICATE block of a PEM text, or the single DER certificate. */
export function parseCertificates(
  source: SourceBytes,
  what: string,
  options: { allowEmpty?: boolean } = {},
): Buffer[] {
  const text = source.bytes.toString('latin1');
  // An empty intermediates file means "no intermediates", as it does for the official helper.
  if (options.allowEmpty === true && text.trim() === '') return [];
  let ders: Buffer[];
  if (text.includes('-----BEGIN ')) {
    try {
      ders = decodePem(text)
        .filter((b) => b.label === 'CERTIFICATE')
        .map((b) => Buffer.from(b.der));
    } catch (error) {
      throw new HelperError(
        `the ${what} in ${source.description} is not valid PEM: ${(error as Error).message}`,
      );
    }
  } else {
    ders = [source.bytes];
  }
  if (ders.length === 0)
    throw new HelperError(`no CERTIFICATE block found in ${source.description} (${what})`);
  for (const der of ders) describeCertificate(der, `${what} in ${source.description}`);
  return ders;
}

export interface CertificateSummary {
  readonly subject: string;
  readonly issuer: string;
  /** Decimal, as SigV4-X509's credential field carries it. */
  readonly serialDecimal: string;
  readonly serialHex: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly publicKey: KeyObject;
}

export function describeCertificate(der: Buffer, where: string): CertificateSummary {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(der);
  } catch (error) {
    throw new HelperError(`the ${where} is not an X.509 certificate (${(error as Error).message})`);
  }
  return {
    subject: cert.subject.replace(/\n/g, ', '),
    issuer: cert.issuer.replace(/\n/g, ', '),
    serialDecimal: BigInt(`0x${cert.serialNumber}`).toString(10),
    serialHex: cert.serialNumber.toUpperCase(),
    notBefore: new Date(cert.validFrom),
    notAfter: new Date(cert.validTo),
    publicKey: cert.publicKey,
  };
}

/** Refuses a certificate outside its validity period before the server does, and says so plainly. */
export function checkValidity(summary: CertificateSummary, now: number): void {
  if (now > summary.notAfter.getTime()) {
    throw new HelperError(
      `the certificate (${summary.subject}, serial ${summary.serialHex}) expired on ${summary.notAfter.toISOString()}: ` +
        'issue a new one; the server refuses expired certificates',
    );
  }
  if (now < summary.notBefore.getTime()) {
    throw new HelperError(
      `the certificate (${summary.subject}, serial ${summary.serialHex}) is not valid until ${summary.notBefore.toISOString()}: ` +
        "check this machine's clock",
    );
  }
}
