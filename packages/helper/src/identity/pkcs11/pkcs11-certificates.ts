/**
 * `read-certificate-data --certificate pkcs11:…`: the certificates a URI matches, each with a URI
 * that selects exactly it, for the user to paste into --certificate. Private certificates are
 * searched only with a PIN in the URI (there is nobody to prompt in a listing).
 */
import { certificateObjectUri } from './certificate-objects.ts';
import { searchCertificates } from './certificate-search.ts';
import { describePkcs11Uri } from './format-pkcs11-uri.ts';
import { defaultLibraryPath, openPkcs11Library } from './pkcs11-library.ts';
import { TokenSessions } from './token-sessions.ts';
import { parseUsableUri } from './usable-uri.ts';

export interface Pkcs11CertificateMatch {
  /** DER of the certificate. */
  readonly der: Buffer;
  /** A pkcs11: URI that selects exactly this object (no PIN). */
  readonly uri: string;
}

export async function findPkcs11Certificates(
  uri: string,
  libraryPath?: string,
): Promise<Pkcs11CertificateMatch[]> {
  const parsed = parseUsableUri(uri, 'certificate');
  const library = await openPkcs11Library(libraryPath ?? parsed.modulePath ?? defaultLibraryPath());
  const sessions = new TokenSessions(library);
  try {
    const { matches } = await searchCertificates({
      sessions,
      uri: parsed,
      described: describePkcs11Uri(parsed),
      pinUris: [parsed],
    });
    return matches.map((object) => ({ der: object.der, uri: certificateObjectUri(object, parsed) }));
  } finally {
    sessions.closeAll();
    library.release();
  }
}
