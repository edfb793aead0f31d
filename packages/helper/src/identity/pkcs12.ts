/**
 * A reader for PKCS#12 files (RFC 7292): the password-protected bundle of a private key and its
 * certificate chain that browsers, Windows and `openssl pkcs12 -export` produce. It verifies
 * the MAC, decrypts with PBES2 or the PKCS#12 PBE schemes, and hands back the key, every
 * certificate, and the one that belongs to the key.
 */
import type { Buffer } from 'node:buffer';
import type { KeyObject } from 'node:crypto';
import { collectAuthenticatedSafe, readPfx } from './pkcs12-auth-safe.ts';
import type { CollectedBags } from './pkcs12-bags.ts';
import { WorkBudget } from './pkcs12-budget.ts';
import type { DecryptContext } from './pkcs12-decrypt.ts';
import { asPkcs12Error, Pkcs12Error } from './pkcs12-error.ts';
import { findLeafCertificate } from './pkcs12-leaf.ts';
import { verifyMac } from './pkcs12-mac.ts';
import { encodePassword } from './pkcs12-password.ts';
import { loadPrivateKey, singleKey } from './pkcs12-private-key.ts';

export { Pkcs12Error } from './pkcs12-error.ts';

export interface Pkcs12Contents {
  /** The private key as a node:crypto KeyObject (from a keyBag or pkcs8ShroudedKeyBag). */
  readonly privateKey: KeyObject | undefined;
  /** Every certBag's x509Certificate DER, in file order. */
  readonly certificates: readonly Buffer[];
  /** DER of the certificate whose public key matches privateKey (or whose localKeyId matches the key bag's), if any. */
  readonly leafCertificate: Buffer | undefined;
}

/**
 * Throws Pkcs12Error. password '' means "no password": for the PKCS#12 KDF both the two-byte
 * BMPString terminator and zero bytes are tried (see pkcs12-password.ts).
 */
export function parsePkcs12(der: Uint8Array, password: string): Pkcs12Contents {
  try {
    return parse(der, password);
  } catch (error) {
    throw asPkcs12Error(error);
  }
}

function parse(der: Uint8Array, password: string): Pkcs12Contents {
  if (!(der instanceof Uint8Array))
    throw new Pkcs12Error('PKCS#12 input must be bytes (a Buffer or Uint8Array)');
  if (typeof password !== 'string') throw new Pkcs12Error('PKCS#12 password must be a string ("" for none)');
  if (looksLikePem(der)) {
    throw new Pkcs12Error(
      'PKCS#12 file is PEM text, not the binary (DER) form; give the .p12/.pfx file itself, or the PEM key and certificate files directly',
    );
  }
  const budget = new WorkBudget();
  const pfx = readPfx(der);
  // macData is OPTIONAL (RFC 7292 §4): without it (openssl -nomac) there is nothing to verify.
  const checked =
    pfx.macData === undefined
      ? encodePassword(password)
      : verifyMac(pfx.macData, pfx.authSafeContent, encodePassword(password), budget);
  const context: DecryptContext = { password: checked, budget };
  const bags: CollectedBags = { keys: [], certificates: [] };
  collectAuthenticatedSafe(pfx.authSafeContent, context, bags);
  const keyBag = singleKey(bags.keys);
  const privateKey = keyBag === undefined ? undefined : loadPrivateKey(keyBag, context);
  return {
    privateKey,
    certificates: bags.certificates.map((entry) => entry.der),
    leafCertificate: findLeafCertificate(privateKey, keyBag?.attributes, bags.certificates),
  };
}

function looksLikePem(bytes: Uint8Array): boolean {
  const start = new TextDecoder('latin1').decode(bytes.subarray(0, 64)).trimStart();
  return start.startsWith('-----BEGIN');
}
