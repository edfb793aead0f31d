import { Buffer } from 'node:buffer';
import { decodeDer } from '@anchorage/core/der/decode';
import { readExplicit } from '@anchorage/core/der/expect';
import type { DerNode } from '@anchorage/core/der/node';
import { readOctetString } from '@anchorage/core/der/octet-string';
import { readOid } from '@anchorage/core/der/oid';
import { readSequence, readSequenceOf, readSetOf } from '@anchorage/core/der/sequence-reader';
import { readString } from '@anchorage/core/der/strings';
import { UniversalTag } from '@anchorage/core/der/tags';
import { malformed } from './pkcs12-error.ts';
import { P12_OID } from './pkcs12-oids.ts';

/** The PKCS#9 attributes of a SafeBag that tie keys to certificates (RFC 7292 §4.2). */
export interface BagAttributes {
  readonly localKeyId: Uint8Array | undefined;
  readonly friendlyName: string | undefined;
}

export type KeyBagEntry =
  | { readonly encrypted: false; readonly privateKeyInfo: DerNode; readonly attributes: BagAttributes }
  | {
      readonly encrypted: true;
      readonly encryptedPrivateKeyInfo: DerNode;
      readonly attributes: BagAttributes;
    };

export interface CertBagEntry {
  /** A private copy of the certificate's DER. */
  readonly der: Buffer;
  readonly attributes: BagAttributes;
}

export interface CollectedBags {
  readonly keys: KeyBagEntry[];
  readonly certificates: CertBagEntry[];
}

// Each nesting costs three DER levels, so the decoder's depth limit already bounds this; the
// explicit cap gives a clearer message.
const MAX_NESTED_SAFE_CONTENTS = 4;

/** SafeContents ::= SEQUENCE OF SafeBag (RFC 7292 §4.2); bags are gathered in file order. */
export function collectSafeContents(node: DerNode, into: CollectedBags, what: string, nesting = 0): void {
  const bags = readSequenceOf(node, what);
  bags.forEach((bag, index) => {
    collectBag(bag, into, `${what}, SafeBag ${index + 1}`, nesting);
  });
}

/** SafeBag ::= SEQUENCE { bagId OID, bagValue [0] EXPLICIT ANY, bagAttributes SET OF … OPTIONAL }. */
function collectBag(node: DerNode, into: CollectedBags, what: string, nesting: number): void {
  const reader = readSequence(node, what);
  const bagId = readOid(reader.next('bagId'), `${what} bagId`);
  const value = readExplicit(reader.next('bagValue'), 0, `${what} bagValue`);
  const attributesNode = reader.optionalUniversal(UniversalTag.set);
  reader.end();
  const attributes = readAttributes(attributesNode, what);

  switch (bagId) {
    case P12_OID.keyBag:
      // KeyBag ::= PrivateKeyInfo (RFC 5208 §5), loaded later by node:crypto.
      into.keys.push({ encrypted: false, privateKeyInfo: value, attributes });
      return;
    case P12_OID.pkcs8ShroudedKeyBag:
      into.keys.push({ encrypted: true, encryptedPrivateKeyInfo: value, attributes });
      return;
    case P12_OID.certBag: {
      const der = readCertBag(value, what);
      if (der !== undefined) into.certificates.push({ der, attributes });
      return;
    }
    case P12_OID.safeContentsBag:
      if (nesting >= MAX_NESTED_SAFE_CONTENTS) {
        throw malformed(`${what} nests safeContentsBags more than ${MAX_NESTED_SAFE_CONTENTS} deep`);
      }
      collectSafeContents(value, into, `${what} (nested SafeContents)`, nesting + 1);
      return;
    default:
      // crlBag, secretBag and bag types defined elsewhere carry nothing a signer needs.
      return;
  }
}

/** CertBag ::= SEQUENCE { certId OID, certValue [0] EXPLICIT ANY }; only x509Certificate is kept. */
function readCertBag(node: DerNode, what: string): Buffer | undefined {
  const reader = readSequence(node, `${what} CertBag`);
  const certId = readOid(reader.next('certId'), `${what} certId`);
  const certValue = readExplicit(reader.next('certValue'), 0, `${what} certValue`);
  reader.end();
  if (certId !== P12_OID.x509Certificate) return undefined; // e.g. sdsiCertificate
  const der = readOctetString(certValue, `${what} x509Certificate`);
  // The certificate is the caller's to parse; we only make sure it is one DER SEQUENCE.
  const root = decodeDer(der, `the certificate in ${what}`);
  readSequence(root, `the certificate in ${what}`);
  return Buffer.from(der);
}

/** PKCS12Attribute ::= SEQUENCE { attrId OID, attrValues SET OF ANY }; unknown ones are ignored. */
function readAttributes(node: DerNode | null, what: string): BagAttributes {
  let localKeyId: Uint8Array | undefined;
  let friendlyName: string | undefined;
  if (node === null) return { localKeyId, friendlyName };
  for (const attribute of readSetOf(node, `${what} bagAttributes`)) {
    const reader = readSequence(attribute, `${what} attribute`);
    const attrId = readOid(reader.next('attrId'), `${what} attribute attrId`);
    const values = readSetOf(reader.next('attrValues'), `${what} attribute attrValues`);
    reader.end();
    const first = values[0];
    // Both attributes are single-valued (RFC 2985 §5.5.1-2); a value of the wrong type is
    // ignored rather than refused: it only helps pick the leaf certificate.
    if (first === undefined || !first.isUniversal) continue;
    if (attrId === P12_OID.localKeyId && first.tagNumber === UniversalTag.octetString) {
      localKeyId = first.content;
    } else if (attrId === P12_OID.friendlyName && first.tagNumber === UniversalTag.bmpString) {
      friendlyName = readFriendlyName(first, what);
    }
  }
  return { localKeyId, friendlyName };
}

function readFriendlyName(node: DerNode, what: string): string | undefined {
  try {
    return readString(node, `${what} friendlyName`);
  } catch {
    return undefined; // an odd-length BMPString: a label we can do without
  }
}
