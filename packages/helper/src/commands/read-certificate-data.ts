/**
 * `read-certificate-data`: what the SDK-side integrations of the official helper read (protocol
 * notes §4.6). A file prints `{"keyType","certificateData","serialNumber","supportedAlgorithms"}`;
 * a `pkcs11:` URI lists the matching certificates as "Matching identities".
 */
import { createHash, X509Certificate } from 'node:crypto';
import { CREDENTIAL_FLAGS } from '../cli/credential-flags.ts';
import { parseFlags, pickFlags } from '../cli/flags.ts';
import { HelperError } from '../helper-error.ts';
import { parseCertificates } from '../identity/certificates.ts';
import { findPkcs11Certificates } from '../identity/pkcs11/pkcs11-certificates.ts';
import { isPkcs11Uri } from '../identity/pkcs11/pkcs11-uri.ts';
import { readSource } from '../identity/read-source.ts';
import type { HelperRuntime } from './runtime.ts';

export const READ_CERTIFICATE_DATA_FLAGS = pickFlags(CREDENTIAL_FLAGS, [
  'certificate',
  'cert-selector',
  'system-store-name',
  'pkcs11-lib',
  'debug',
]);

export async function readCertificateDataCommand(
  argv: readonly string[],
  runtime: HelperRuntime,
): Promise<number> {
  const { values } = parseFlags(argv, READ_CERTIFICATE_DATA_FLAGS, [
    ['certificate', 'cert-selector'],
    ['certificate', 'system-store-name'],
  ]);
  if (isPkcs11Uri(values.certificate)) {
    const matches = await findPkcs11Certificates(
      values.certificate,
      values['pkcs11-lib'] === '' ? undefined : values['pkcs11-lib'],
    );
    if (matches.length === 0) {
      runtime.stdout('No matching identities\n');
      return 0;
    }
    const lines = matches.map(
      (m, i) =>
        `${i + 1}) ${createHash('sha1').update(m.der).digest('hex')} "${distinguishedName(new X509Certificate(m.der).subject)}"\n\tURI: ${m.uri}\n`,
    );
    runtime.stdout(`Matching identities\n${lines.join('')}`);
    return 0;
  }
  if (values.certificate === '') {
    throw new HelperError(
      'certificate stores are not supported on this platform: give --certificate (a PEM file, env:NAME, - or a pkcs11: URI)',
    );
  }
  const der = parseCertificates(
    readSource(values.certificate, 'certificate', {
      env: runtime.env,
      readFile: runtime.readFile,
      readStdin: runtime.readStdin,
    }),
    'certificate',
  )[0] as Buffer;
  runtime.stdout(JSON.stringify(certificateData(der)));
  return 0;
}

export function certificateData(der: Buffer): {
  keyType: string;
  certificateData: string;
  serialNumber: string;
  supportedAlgorithms: string[];
} {
  const cert = new X509Certificate(der);
  const type = cert.publicKey.asymmetricKeyType ?? '';
  const keyType = type === 'rsa' ? 'RSA' : type === 'ec' ? 'EC' : type.startsWith('ml-dsa') ? 'ML-DSA' : '';
  const supportedAlgorithms = type.startsWith('ml-dsa')
    ? [type.toUpperCase()]
    : ['SHA256', 'SHA384', 'SHA512'].map((d) => `${keyType}${d}`);
  return {
    keyType,
    certificateData: der.toString('base64'),
    serialNumber: BigInt(`0x${cert.serialNumber}`).toString(10),
    supportedAlgorithms,
  };
}

/** Node prints the subject one RDN per line, root first; the helper prints RFC 2253 order (leaf RDN first). */
function distinguishedName(subject: string): string {
  return subject.split('\n').reverse().join(',');
}
