/**
 * The DigestInfo that RSASSA-PKCS1-v1_5 signs (RFC 8017 §9.2), for tokens that offer only raw
 * CKM_RSA_PKCS (PKCS#11 v2.40 Current Mechanisms, "PKCS #1 v1.5 RSA"): that mechanism pads whatever it is given, so
 * the DER prefix naming the hash must be added here. The prefixes are RFC 8017 §9.2 note 1.
 */
import { createHash } from 'node:crypto';
import type { Digest } from '../signing-identity.ts';

const PREFIXES: Record<Digest, string> = {
  sha256: '3031300d060960864801650304020105000420',
  sha384: '3041300d060960864801650304020205000430',
  sha512: '3051300d060960864801650304020305000440',
};

/** DigestInfo(digest(data)): the input of CKM_RSA_PKCS for a PKCS#1 v1.5 signature. */
export function digestInfo(digest: Digest, data: Buffer): Buffer {
  return Buffer.concat([Buffer.from(PREFIXES[digest], 'hex'), createHash(digest).update(data).digest()]);
}
