import { readExplicit } from '@anchorage/core/der/expect';
import { readSmallInteger } from '@anchorage/core/der/integer';
import type { DerNode } from '@anchorage/core/der/node';
import { readOctetString } from '@anchorage/core/der/octet-string';
import { readOid } from '@anchorage/core/der/oid';
import { readSequence, readSequenceOf } from '@anchorage/core/der/sequence-reader';
import { type CollectedBags, collectSafeContents } from './pkcs12-bags.ts';
import { type DecryptContext, decryptWithPassword } from './pkcs12-decrypt.ts';
import { decodePkcs12Der, readImplicitOctets } from './pkcs12-der.ts';
import { malformed, unsupported } from './pkcs12-error.ts';
import { P12_OID } from './pkcs12-oids.ts';

export interface Pfx {
  /** The content octets of the authSafe: the bytes the MAC covers (RFC 7292 §4). */
  readonly authSafeContent: Uint8Array;
  readonly macData: DerNode | undefined;
}

/** PFX ::= SEQUENCE { version INTEGER {v3(3)}, authSafe ContentInfo, macData MacData OPTIONAL } (§4). */
export function readPfx(bytes: Uint8Array): Pfx {
  const reader = readSequence(decodePkcs12Der(bytes, 'PFX'), 'PFX');
  const version = readSmallInteger(reader.next('version'), 'PFX version', 255);
  if (version !== 3) throw malformed(`PFX version is ${version}; RFC 7292 defines only version 3`);
  const authSafe = readSequence(reader.next('authSafe'), 'PFX authSafe');
  const contentType = readOid(authSafe.next('contentType'), 'authSafe contentType');
  if (contentType === P12_OID.signedData) {
    throw unsupported(
      'public-key integrity mode (an authSafe of type signedData), which Anchorage does not support',
    );
  }
  if (contentType !== P12_OID.data) throw malformed(`authSafe has content type ${contentType}, not id-data`);
  const content = readExplicit(authSafe.next('content'), 0, 'authSafe content');
  authSafe.end();
  const authSafeContent = readOctetString(content, 'authSafe content');
  const macData = reader.remaining > 0 ? reader.next('macData') : undefined;
  reader.end();
  return { authSafeContent, macData };
}

/** AuthenticatedSafe ::= SEQUENCE OF ContentInfo (§4.1), each plain data or encryptedData. */
export function collectAuthenticatedSafe(
  content: Uint8Array,
  context: DecryptContext,
  into: CollectedBags,
): void {
  const items = readSequenceOf(decodePkcs12Der(content, 'AuthenticatedSafe'), 'AuthenticatedSafe');
  items.forEach((item, index) => {
    const what = `AuthenticatedSafe item ${index + 1}`;
    const reader = readSequence(item, `${what} ContentInfo`);
    const contentType = readOid(reader.next('contentType'), `${what} contentType`);
    const body = readExplicit(reader.next('content'), 0, `${what} content`);
    reader.end();
    switch (contentType) {
      case P12_OID.data: {
        const safeContents = readOctetString(body, `${what} data`);
        collectSafeContents(
          decodePkcs12Der(safeContents, `${what} SafeContents`),
          into,
          `${what} SafeContents`,
        );
        return;
      }
      case P12_OID.encryptedData:
        collectSafeContents(decryptSafeContents(body, context, what), into, `${what} SafeContents`);
        return;
      case P12_OID.envelopedData:
        throw unsupported(
          `public-key privacy mode (${what} is envelopedData), which Anchorage does not support`,
        );
      default:
        throw unsupported(`content type ${contentType} in ${what}, which RFC 7292 does not define there`);
    }
  });
}

/**
 * EncryptedData ::= SEQUENCE { version, encryptedContentInfo EncryptedContentInfo, … } and
 * EncryptedContentInfo ::= SEQUENCE { contentType, contentEncryptionAlgorithm,
 * encryptedContent [0] IMPLICIT OCTET STRING OPTIONAL } (RFC 5652 §8, §6.1).
 */
function decryptSafeContents(node: DerNode, context: DecryptContext, what: string): DerNode {
  const reader = readSequence(node, `${what} EncryptedData`);
  readSmallInteger(reader.next('version'), `${what} EncryptedData version`, 2);
  const info = readSequence(reader.next('encryptedContentInfo'), `${what} EncryptedContentInfo`);
  readOid(info.next('contentType'), `${what} EncryptedContentInfo contentType`);
  const algorithm = info.next('contentEncryptionAlgorithm');
  const encrypted = info.optionalContext(0);
  info.end();
  reader.optionalContext(1); // unprotectedAttrs: nothing we need
  reader.end();
  if (encrypted === null)
    throw malformed(`${what} has no encryptedContent (detached content is not allowed here)`);
  const ciphertext = readImplicitOctets(encrypted, `${what} encryptedContent`);
  const subject = `the encrypted SafeContents in ${what} (usually the certificates)`;
  return decryptWithPassword(algorithm, ciphertext, context, subject, (plaintext) =>
    decodePkcs12Der(plaintext, `${what} decrypted SafeContents`),
  );
}
