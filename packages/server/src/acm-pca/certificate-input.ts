/**
 * Certificates given to ImportCertificateAuthorityCertificate (blobs: base64 on the wire of PEM
 * text, or of DER). Anything unreadable is MalformedCertificateException, as the model names it.
 */
import { AnchorageError, isAnchorageError } from '@anchorage/core/errors';
import { type Certificate, parseCertificate } from '@anchorage/core/x509/certificate';
import { decodePem, encodePem } from '@anchorage/core/x509/pem';

/** Exactly one certificate. */
export function readCertificate(blobBase64: string, member: string): Certificate {
  const certificates = readCertificates(blobBase64, member);
  const [only, extra] = certificates;
  if (only === undefined || extra !== undefined) {
    throw malformed(`${member} must hold exactly one certificate, found ${certificates.length}`);
  }
  return only;
}

/** Every certificate of a PEM bundle (or one DER certificate); [] for an empty blob. */
export function readCertificates(blobBase64: string, member: string): Certificate[] {
  const bytes = Buffer.from(blobBase64, 'base64');
  if (bytes.length === 0) return [];
  return guard(member, () => {
    if (bytes[0] === 0x30) return [parseCertificate(new Uint8Array(bytes))];
    return decodePem(bytes.toString('latin1')).map((block, index) => {
      if (block.label !== 'CERTIFICATE') {
        throw malformed(`${member} block ${index + 1} is '${block.label}', not a CERTIFICATE`);
      }
      return parseCertificate(block.der);
    });
  });
}

export function certificatePem(certificate: Certificate): string {
  return encodePem('CERTIFICATE', certificate.der);
}

function guard<T>(member: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (isAnchorageError(error) && error.code === 'ValidationException') {
      throw malformed(`${member}: ${error.message}`);
    }
    throw error;
  }
}

export function malformed(message: string): AnchorageError {
  return new AnchorageError('MalformedCertificateException', message);
}
