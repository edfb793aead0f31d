/**
 * A parsed URI this helper can search with. Vendor-specific path attributes narrow the match in
 * ways only their vendor knows (RFC 7512 §2.3); ignoring one could select a different object than
 * the user meant, so such URIs are refused rather than matched loosely (RFC 7512 §2.4).
 */
import { describePkcs11Uri } from './format-pkcs11-uri.ts';
import { Pkcs11Error } from './pkcs11-error.ts';
import { type Pkcs11Uri, parsePkcs11Uri } from './pkcs11-uri.ts';

export function parseUsableUri(text: string, role: string): Pkcs11Uri {
  const uri = parsePkcs11Uri(text);
  const [vendor] = uri.vendorPath;
  if (vendor !== undefined) {
    throw new Pkcs11Error(
      `the ${role} URI ${describePkcs11Uri(uri)} has the vendor-specific attribute "${vendor[0]}", ` +
        'which this helper cannot match: remove it and select the object with token=, object= or id=',
    );
  }
  return uri;
}
