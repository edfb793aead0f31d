/**
 * SigV4 signing-key derivation (AWS SigV4 "Calculate the signature"):
 * kDate = HMAC("AWS4" + secret, date), kRegion = HMAC(kDate, region),
 * kService = HMAC(kRegion, service), kSigning = HMAC(kService, "aws4_request").
 * Pure and deterministic, so a caller may memoise it per (key, date, region, service): the key
 * changes once a day, the string to sign on every request.
 */
import { createHmac } from 'node:crypto';
import { SCOPE_TERMINATOR } from './credential-scope.ts';

function hmac(key: Uint8Array | string, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
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
export function hmacSignature(signingKey: Uint8Array, stringToSign: string): string {
  return createHmac('sha256', signingKey).update(stringToSign, 'utf8').digest('hex');
}
