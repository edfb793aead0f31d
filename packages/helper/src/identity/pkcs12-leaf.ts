import { Buffer } from 'node:buffer';
import { createPublicKey, type KeyObject, X509Certificate } from 'node:crypto';
import type { BagAttributes, CertBagEntry } from './pkcs12-bags.ts';

/**
 * The certificate for `privateKey`. A public-key match decides; the localKeyId attribute only
 * breaks ties between matches, or stands in for certificates node:crypto cannot read. A readable
 * certificate for another key is never chosen: signing with it would fail at the server.
 */
export function findLeafCertificate(
  privateKey: KeyObject | undefined,
  keyAttributes: BagAttributes | undefined,
  certificates: readonly CertBagEntry[],
): Buffer | undefined {
  if (privateKey === undefined) return undefined;
  const keySpki = spkiOfPrivateKey(privateKey);
  const keyId = keyAttributes?.localKeyId;
  const sameId = (entry: CertBagEntry) =>
    keyId !== undefined &&
    entry.attributes.localKeyId !== undefined &&
    Buffer.from(keyId).equals(entry.attributes.localKeyId);

  const matches: CertBagEntry[] = [];
  const unreadable: CertBagEntry[] = [];
  for (const entry of certificates) {
    const certSpki = spkiOfCertificate(entry.der);
    if (certSpki === undefined || keySpki === undefined) unreadable.push(entry);
    else if (certSpki.equals(keySpki)) matches.push(entry);
  }
  const chosen = matches.find(sameId) ?? matches[0] ?? unreadable.find(sameId);
  return chosen?.der;
}

function spkiOfPrivateKey(key: KeyObject): Buffer | undefined {
  try {
    return createPublicKey(key).export({ format: 'der', type: 'spki' });
  } catch {
    return undefined;
  }
}

function spkiOfCertificate(der: Buffer): Buffer | undefined {
  try {
    return new X509Certificate(der).publicKey.export({ format: 'der', type: 'spki' });
  } catch {
    return undefined;
  }
}
