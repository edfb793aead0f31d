/**
 * SigV4 signing-key derivation (AWS SigV4 "Calculate the signature"):
 * kDate = HMAC("AWS4" + secret, date), kRegion = HMAC(kDate, region),
 * kService = HMAC(kRegion, service), kSigning = HMAC(kService, "aws4_request").
 * Pure and deterministic, so a caller may memoise it per (key, date, region, service): the key
 * changes once a day, the string to sign on every request.
 */
import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';
import { SCOPE_TERMINATOR } from './credential-scope.ts';

/**
 * Byte keys go in as KeyObjects: Node 24 takes a Buffer key through two failed brand checks that
 * cost several times the HMAC itself (bench/sigv4-verify.ts: 3,300 → 33,000 verifications/s).
 */
function hmac(key: Uint8Array | string | KeyObject, data: string): Buffer {
  const prepared = typeof key === 'string' || !(key instanceof Uint8Array) ? key : createSecretKey(key);
  return createHmac('sha256', prepared).update(data, 'utf8').digest();
}

export function deriveSigningKey(
  secretAccessKey: string,
  date: string,
  region: string,
  service: string,
): Buffer {
  const kDate = hmac(`AWS4${secretAccessKey}`, date);
  const kRegion = hmac(kDate, region);
  const kService = hmac(kRegion, service);
  return hmac(kService, SCOPE_TERMINATOR);
}

/** The signature: lower-case hex HMAC-SHA256 of the string to sign under the signing key. */
export function hmacSignature(signingKey: Uint8Array | KeyObject, stringToSign: string): string {
  const key = signingKey instanceof Uint8Array ? createSecretKey(signingKey) : signingKey;
  return createHmac('sha256', key).update(stringToSign, 'utf8').digest('hex');
}

/** Derived keys remembered for verification; a day's worth for a fleet, then started afresh. */
const MEMO_ENTRIES = 4096;
const memo = new Map<string, KeyObject>();

/**
 * `deriveSigningKey` remembered per (secret, date, region, service), as a KeyObject: a verifier
 * sees the same few keys all day, and the four HMACs cost more than the request's own.
 */
export function memoizedSigningKey(
  secretAccessKey: string,
  date: string,
  region: string,
  service: string,
): KeyObject {
  const id = `${date}\n${region}\n${service}\n${secretAccessKey}`;
  let key = memo.get(id);
  if (key === undefined) {
    if (memo.size >= MEMO_ENTRIES) memo.clear();
    key = createSecretKey(deriveSigningKey(secretAccessKey, date, region, service));
    memo.set(id, key);
  }
  return key;
}
