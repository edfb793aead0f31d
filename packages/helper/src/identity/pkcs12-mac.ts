import { createHmac, timingSafeEqual } from 'node:crypto';
import type { DerNode } from '@anchorage/core/der/node';
import { readOctetString } from '@anchorage/core/der/octet-string';
import { readSequence } from '@anchorage/core/der/sequence-reader';
import { UniversalTag } from '@anchorage/core/der/tags';
import { readIterationCount, type WorkBudget } from './pkcs12-budget.ts';
import { type AlgorithmIdentifier, readAlgorithm, requireParameters } from './pkcs12-der.ts';
import { malformed, unsupported, wrongPassword } from './pkcs12-error.ts';
import { DIGESTS, type HashInfo, HMACS } from './pkcs12-hashes.ts';
import { KdfPurpose, pkcs12Kdf } from './pkcs12-kdf.ts';
import { P12_OID } from './pkcs12-oids.ts';
import { type Pkcs12Password, withBmp } from './pkcs12-password.ts';
import { derivePbkdf2, readPbkdf2Params } from './pkcs12-pbkdf2.ts';

const WHAT = 'verifying the PKCS#12 MAC (the password-based integrity check)';

/**
 * Checks MacData (RFC 7292 §4): MacData ::= SEQUENCE { mac DigestInfo, macSalt OCTET STRING,
 * iterations INTEGER DEFAULT 1 }, an HMAC over the authSafe content octets. Returns the password
 * narrowed to the BMPString encoding that matched, for the PKCS#12 PBE schemes that follow.
 */
export function verifyMac(
  macData: DerNode,
  authSafeContent: Uint8Array,
  password: Pkcs12Password,
  budget: WorkBudget,
): Pkcs12Password {
  const reader = readSequence(macData, 'MacData');
  const digestInfo = readSequence(reader.next('mac'), 'MacData mac');
  const algorithm = readAlgorithm(digestInfo.next('digestAlgorithm'), 'MacData digestAlgorithm');
  const expected = readOctetString(digestInfo.next('digest'), 'MacData digest');
  digestInfo.end();
  const salt = readOctetString(reader.next('macSalt'), 'MacData macSalt');
  const iterationsNode = reader.optionalUniversal(UniversalTag.integer);
  reader.end();

  if (algorithm.oid === P12_OID.pbmac1) {
    // RFC 9579: macSalt and iterations are placeholders; PBMAC1-params carry the real ones.
    verifyPbmac1(algorithm, expected, authSafeContent, password.utf8, budget);
    return password;
  }
  const digest = DIGESTS.get(algorithm.oid);
  if (digest === undefined) throw unsupported(`the MAC digest algorithm ${algorithm.oid}`);
  const iterations = iterationsNode === null ? 1 : readIterationCount(iterationsNode, 'MacData iterations');
  requireLength(expected, digest);
  for (const candidate of password.bmp) {
    // RFC 7292 Appendix B.4: the HMAC key is the KDF's ID 3 output, as long as the digest.
    const key = pkcs12Kdf(digest, candidate, salt, KdfPurpose.mac, iterations, digest.outputSize, budget);
    const actual = createHmac(digest.name, key).update(authSafeContent).digest();
    key.fill(0);
    if (timingSafeEqual(actual, expected)) return withBmp(password, candidate);
  }
  throw wrongPassword(WHAT);
}

/** RFC 9579 / RFC 8018 §7.1: PBMAC1-params ::= SEQUENCE { keyDerivationFunc, messageAuthScheme }. */
function verifyPbmac1(
  algorithm: AlgorithmIdentifier,
  expected: Uint8Array,
  content: Uint8Array,
  password: Uint8Array,
  budget: WorkBudget,
): void {
  const reader = readSequence(requireParameters(algorithm, 'PBMAC1'), 'PBMAC1 parameters');
  const kdf = readPbkdf2Params(
    readAlgorithm(reader.next('keyDerivationFunc'), 'PBMAC1 KDF'),
    'the PBMAC1 MAC',
  );
  const scheme = readAlgorithm(reader.next('messageAuthScheme'), 'PBMAC1 messageAuthScheme');
  reader.end();
  const hmac = HMACS.get(scheme.oid);
  if (hmac === undefined) throw unsupported(`the PBMAC1 message authentication scheme ${scheme.oid}`);
  // RFC 9579 makes keyLength mandatory: the MAC key length is not implied by anything else.
  if (kdf.keyLength === undefined)
    throw malformed('the PBKDF2 parameters of the PBMAC1 MAC lack keyLength (RFC 9579)');
  requireLength(expected, hmac);
  const key = derivePbkdf2(kdf, password, kdf.keyLength, budget, 'the PBMAC1 MAC');
  const actual = createHmac(hmac.name, key).update(content).digest();
  key.fill(0);
  if (!timingSafeEqual(actual, expected)) throw wrongPassword(WHAT);
}

function requireLength(mac: Uint8Array, digest: HashInfo): void {
  if (mac.length !== digest.outputSize) {
    throw malformed(`the MAC is ${mac.length} bytes long, but ${digest.name} gives ${digest.outputSize}`);
  }
}
