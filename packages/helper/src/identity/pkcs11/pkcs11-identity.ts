/**
 * A signing identity whose key lives on a PKCS#11 token, addressed by RFC 7512 URIs, with the
 * official helper's rules: the certificate is the one object the certificate URI matches (or a
 * certificate read from a file); the key is the one the key URI names, else the key next to the
 * certificate (same CKA_ID, else same label); and the key must prove it belongs to the
 * certificate by signing a test message before it is used.
 */
import { X509Certificate } from 'node:crypto';
import type { X509Algorithm } from '@anchorage/core/sigv4/algorithms';
import type { Digest, SigningIdentity } from '../signing-identity.ts';
import { type CertificateObject, certificateObjectUri } from './certificate-objects.ts';
import { matchingSlots, searchCertificates } from './certificate-search.ts';
import { describePkcs11Uri } from './format-pkcs11-uri.ts';
import { keyMatchesCertificate } from './key-check.ts';
import { describeModuleError, Pkcs11Error, returnCodeOf } from './pkcs11-error.ts';
import { defaultLibraryPath, openPkcs11Library } from './pkcs11-library.ts';
import { describeSlot, type SlotDescription } from './pkcs11-slots.ts';
import type { Pkcs11Uri } from './pkcs11-uri.ts';
import {
  findPrivateKeys,
  type KeyCriteria,
  type PrivateKeyObject,
  privateKeyObjectUri,
} from './private-key-objects.ts';
import { type AskPin, loginUser } from './token-login.ts';
import { TokenSessions } from './token-sessions.ts';
import { type TokenKeyKind, TokenSigner } from './token-signer.ts';
import { parseUsableUri } from './usable-uri.ts';

export { Pkcs11Error } from './pkcs11-error.ts';

export interface Pkcs11IdentityOptions {
  /** A pkcs11: URI selecting the certificate object, or the DER of a certificate read from a file. */
  readonly certificate: string | Buffer;
  /** A pkcs11: URI for the key; default: the key on the certificate's token with the certificate's CKA_ID. */
  readonly privateKey?: string;
  /** DER certificates for X-Amz-X509-Chain, in the user's order. */
  readonly chain?: readonly Buffer[];
  /** --pkcs11-lib; default module-path from the URI, else p11-kit's proxy module. */
  readonly libraryPath?: string;
  /** --reuse-pin: offer the CKU_USER PIN again to keys with CKA_ALWAYS_AUTHENTICATE. */
  readonly reusePin?: boolean;
  /** Asked only when the token needs a PIN and the URI has neither pin-value nor pin-source. */
  readonly askPin?: AskPin;
}

interface CertificateChoice {
  readonly der: Buffer;
  readonly certificate: X509Certificate;
  /** The token object, if the certificate came from a token. */
  readonly object: CertificateObject | undefined;
  readonly userPin: string | undefined;
}

const DIGESTS: readonly Digest[] = ['sha256', 'sha384', 'sha512'];

function keyKind(certificate: X509Certificate): TokenKeyKind {
  const type = certificate.publicKey.asymmetricKeyType;
  if (type === 'rsa' || type === 'ec') return type;
  if (type?.startsWith('ml-dsa') === true) {
    throw new Pkcs11Error(
      'ML-DSA keys on PKCS#11 tokens are not supported (PKCS#11 v2.40 has no ML-DSA mechanism): use an ML-DSA key file',
    );
  }
  throw new Pkcs11Error(
    `the certificate has a ${type ?? 'unknown'} key; keys on PKCS#11 tokens must be RSA (PKCS#1 v1.5) or EC (ECDSA)`,
  );
}

async function certificateFromToken(
  sessions: TokenSessions,
  uri: Pkcs11Uri,
  keyUri: Pkcs11Uri | undefined,
  askPin: AskPin | undefined,
): Promise<CertificateChoice> {
  const described = describePkcs11Uri(uri);
  const search = await searchCertificates({ sessions, uri, described, pinUris: [keyUri, uri], askPin });
  const [object, second] = search.matches;
  if (object === undefined) {
    const { ck } = sessions.library;
    const [only] = search.slots;
    const unsearched =
      search.slots.length === 1 &&
      only !== undefined &&
      (only.tokenFlags & ck.CKF_LOGIN_REQUIRED) !== 0 &&
      !sessions.loggedIn.has(only.slotId);
    throw new Pkcs11Error(
      `no certificate matches ${described} (searched ${search.slots.map(describeSlot).join(', ')}); ` +
        (unsearched
          ? 'private objects were not searched without a PIN: add ?pin-value= or ?pin-source= to search them, or check object= and id='
          : 'check object= and id=, and list the certificates with read-certificate-data --certificate pkcs11:'),
    );
  }
  if (second !== undefined) {
    const list = search.matches.map(
      (m) => `\n  ${certificateObjectUri(m, uri)} (${m.certificate.subject.replace(/\n/g, ', ')})`,
    );
    throw new Pkcs11Error(
      `multiple matching certificates for ${described}; add object= or id= to the URI to pick one:${list.join('')}`,
    );
  }
  return { der: object.der, certificate: object.certificate, object, userPin: search.userPin };
}

function certificateFromFile(der: Buffer): CertificateChoice {
  try {
    return { der, certificate: new X509Certificate(der), object: undefined, userPin: undefined };
  } catch (error) {
    throw new Pkcs11Error('the certificate given for the PKCS#11 key is not a valid X.509 certificate', {
      cause: error,
    });
  }
}

/** The key's token: the one the key URI matches, preferring the certificate's if it matches several. */
function keySlot(
  sessions: TokenSessions,
  keyUri: Pkcs11Uri | undefined,
  certificate: CertificateChoice,
): SlotDescription {
  const certSlot = certificate.object?.slot;
  if (keyUri === undefined) {
    if (certSlot === undefined)
      throw new Pkcs11Error('a certificate read from a file needs the key as a pkcs11: URI');
    return certSlot;
  }
  const slots = matchingSlots(sessions, keyUri, describePkcs11Uri(keyUri));
  const [first, second] = slots;
  if (first !== undefined && second === undefined) return first;
  const same = slots.find((slot) => slot.slotId === certSlot?.slotId);
  if (same !== undefined) return same;
  throw new Pkcs11Error(
    `several tokens match the key URI ${describePkcs11Uri(keyUri)} (${slots.map(describeSlot).join(', ')}): add token= or serial= to pick one`,
  );
}

/** Where to look for the key, most specific first (draft-woodhouse-cert-best-practice §8.2). */
function keyCriteria(keyUri: Pkcs11Uri | undefined, object: CertificateObject | undefined): KeyCriteria[] {
  if (keyUri !== undefined) return [{ id: keyUri.id, label: keyUri.object }];
  const criteria: KeyCriteria[] = [];
  if (object?.id !== undefined && object.id.length > 0) criteria.push({ id: object.id });
  if (object?.label !== undefined && object.label !== '') criteria.push({ label: object.label });
  // Neither: every signing key on the token, and the key check picks the right one.
  return criteria.length > 0 ? criteria : [{}];
}

function noKeyError(
  slot: SlotDescription,
  keyUri: Pkcs11Uri | undefined,
  object: CertificateObject | undefined,
): Pkcs11Error {
  const where = `on token ${JSON.stringify(slot.token)}`;
  if (keyUri !== undefined) {
    return new Pkcs11Error(
      `no private key that can sign matches ${describePkcs11Uri(keyUri)} ${where}: check object= and id= of the key URI`,
    );
  }
  const id =
    object?.id === undefined || object.id.length === 0 ? 'no CKA_ID' : `CKA_ID ${object.id.toString('hex')}`;
  return new Pkcs11Error(
    `no private key that can sign sits next to the certificate ${where} (the certificate has ${id}` +
      `${object?.label === undefined ? '' : ` and label ${JSON.stringify(object.label)}`}): give the key with --private-key pkcs11:…`,
  );
}

export async function openPkcs11Identity(options: Pkcs11IdentityOptions): Promise<SigningIdentity> {
  const certUri =
    typeof options.certificate === 'string' ? parseUsableUri(options.certificate, 'certificate') : undefined;
  const keyUri =
    options.privateKey === undefined ? undefined : parseUsableUri(options.privateKey, 'private key');
  const fileCertificate = Buffer.isBuffer(options.certificate)
    ? certificateFromFile(options.certificate)
    : undefined;
  if (fileCertificate !== undefined && keyUri === undefined) {
    throw new Pkcs11Error(
      'a certificate read from a file needs the key as a pkcs11: URI (--private-key pkcs11:…)',
    );
  }
  const kind = fileCertificate === undefined ? undefined : keyKind(fileCertificate.certificate);

  const library = await openPkcs11Library(
    options.libraryPath ?? keyUri?.modulePath ?? certUri?.modulePath ?? defaultLibraryPath(),
  );
  const sessions = new TokenSessions(library);
  try {
    const chosen =
      fileCertificate ?? (await certificateFromToken(sessions, certUri as Pkcs11Uri, keyUri, options.askPin));
    const keyType = kind ?? keyKind(chosen.certificate);
    const slot = keySlot(sessions, keyUri, chosen);
    let session: Buffer;
    try {
      session = sessions.session(slot);
    } catch (error) {
      throw new Pkcs11Error(
        `cannot open a session to token ${JSON.stringify(slot.token)}: ${describeModuleError(error)}`,
        {
          returnCode: returnCodeOf(error),
          cause: error,
        },
      );
    }
    let userPin = chosen.userPin;
    if (!sessions.loggedIn.has(slot.slotId)) {
      userPin = await loginUser({
        library,
        session,
        slot,
        uris: [keyUri, certUri],
        described: describePkcs11Uri(keyUri ?? (certUri as Pkcs11Uri)),
        askPin: options.askPin,
      });
      sessions.loggedIn.add(slot.slotId);
    }

    let candidates: PrivateKeyObject[] = [];
    for (const criteria of keyCriteria(keyUri, chosen.object)) {
      candidates = findPrivateKeys(library, session, slot, criteria);
      if (candidates.length > 0) break;
    }
    if (candidates.length === 0) throw noKeyError(slot, keyUri, chosen.object);

    const expected = keyType === 'rsa' ? library.ck.CKK_RSA : library.ck.CKK_EC;
    const rsaBits = chosen.certificate.publicKey.asymmetricKeyDetails?.modulusLength ?? 0;
    let signer: TokenSigner | undefined;
    let failure: unknown;
    for (const key of candidates) {
      if (key.keyType !== undefined && key.keyType !== expected) continue;
      const candidate = new TokenSigner({
        library,
        session,
        key,
        keyDescribed: privateKeyObjectUri(key),
        kind: keyType,
        signatureBytes: keyType === 'rsa' ? Math.ceil(rsaBits / 8) : 256,
        userPin,
        reusePin: options.reusePin ?? false,
        askPin: options.askPin,
      });
      try {
        if (await keyMatchesCertificate((data, digest) => candidate.sign(data, digest), chosen.certificate)) {
          signer = candidate;
          break;
        }
      } catch (error) {
        failure ??= error;
      }
    }
    if (signer === undefined) {
      if (failure !== undefined) throw failure;
      throw new Pkcs11Error(
        `the private key on the token does not match the certificate: ${candidates.map(privateKeyObjectUri).join(', ')} ` +
          `did not make a signature the certificate's public key verifies (certificate ${chosen.certificate.subject.replace(/\n/g, ', ')}); ` +
          'point --private-key at the key this certificate was issued for',
      );
    }
    sessions.closeExcept(slot);
    return tokenIdentity(chosen.der, options.chain ?? [], keyType, signer, () => {
      sessions.closeAll();
      library.release();
    });
  } catch (error) {
    sessions.closeAll();
    library.release();
    throw error;
  }
}

function tokenIdentity(
  certificate: Buffer,
  chain: readonly Buffer[],
  kind: TokenKeyKind,
  signer: TokenSigner,
  release: () => void,
): SigningIdentity {
  let closed = false;
  const algorithm: X509Algorithm = kind === 'rsa' ? 'AWS4-X509-RSA-SHA256' : 'AWS4-X509-ECDSA-SHA256';
  return {
    certificate,
    chain: [...chain],
    algorithm,
    async sign(data, digest) {
      if (closed) throw new Pkcs11Error('this PKCS#11 identity is closed');
      if (!DIGESTS.includes(digest))
        throw new Pkcs11Error(`unsupported digest ${JSON.stringify(digest)}: use sha256, sha384 or sha512`);
      return signer.sign(data, digest);
    },
    async close() {
      if (closed) return;
      closed = true;
      // A signature in flight still uses the session; finalizing under it would crash the module.
      await signer.idle();
      release();
    },
  };
}
