/**
 * Session tokens: the claims, compressed and sealed with AES-256-GCM under a key of the ring.
 * The key id travels in the clear so that the verifier can pick the key; the access key id is
 * bound in as additional data, so a token cannot be paired with another access key id.
 *
 * Wire form: `ANC1` + base64url( keyIdLength(1) ‖ keyId ‖ nonce(12) ‖ ciphertext ‖ tag(16) ).
 * The plaintext is a format octet and the claims as JSON: `0` as they are, `1` deflated — only
 * claims large enough to gain from it (session policies) are compressed, as compressing costs
 * more than sealing on the common path.
 * The nonce is a parameter (randomness enters from the edge), which keeps this module pure.
 */
import { createCipheriv, createDecipheriv, type KeyObject } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { AnchorageError } from '../errors.ts';
import type { SessionClaims } from './session-claims.ts';

const PREFIX = 'ANC1';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
/** Tokens larger than this are refused before any work: a sealed session is a few KiB at most. */
export const MAX_SESSION_TOKEN_LENGTH = 8192;
/** Inflated claims larger than this are refused (a decompression bomb cannot pass the tag check, but bound it anyway). */
const MAX_CLAIMS_BYTES = 64 * 1024;
const COMPRESS_ABOVE_BYTES = 1024;
const FORMAT_PLAIN = Buffer.from([0]);
const FORMAT_DEFLATED = Buffer.from([1]);

export interface TokenKey {
  readonly id: string;
  /** A 32-byte AES key as a KeyObject: Node sets a Buffer key up again at every use, ten times slower. */
  readonly key: KeyObject;
}

function additionalData(keyId: string, accessKeyId: string): Buffer {
  return Buffer.from(`anchorage-session-token/v1\n${keyId}\n${accessKeyId}`, 'utf8');
}

export function sealSessionToken(claims: SessionClaims, key: TokenKey, nonce: Uint8Array): string {
  if (nonce.length !== NONCE_BYTES) throw new TypeError('the nonce must be 12 bytes');
  const keyId = Buffer.from(key.id, 'utf8');
  if (keyId.length === 0 || keyId.length > 32) throw new TypeError('a token key id is 1 to 32 bytes');
  const cipher = createCipheriv('aes-256-gcm', key.key, nonce);
  cipher.setAAD(additionalData(key.id, claims.accessKeyId));
  const json = Buffer.from(JSON.stringify(claims), 'utf8');
  const plaintext =
    json.length > COMPRESS_ABOVE_BYTES
      ? Buffer.concat([FORMAT_DEFLATED, deflateRawSync(json)])
      : Buffer.concat([FORMAT_PLAIN, json]);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  return PREFIX + Buffer.concat([Buffer.from([keyId.length]), keyId, nonce, body]).toString('base64url');
}

/** The id of the key a token claims to be sealed with, or undefined when it is not one of ours. */
export function sessionTokenKeyId(token: string): string | undefined {
  if (!token.startsWith(PREFIX) || token.length > MAX_SESSION_TOKEN_LENGTH) return undefined;
  const raw = Buffer.from(token.slice(PREFIX.length), 'base64url');
  const length = raw[0];
  if (length === undefined || length === 0 || raw.length < 1 + length + NONCE_BYTES + TAG_BYTES)
    return undefined;
  return raw.subarray(1, 1 + length).toString('utf8');
}

/**
 * Opens a token for the access key id it was presented with. Unknown keys, tampering and a
 * different access key id all read as "invalid" (InvalidClientTokenId / UnrecognizedClient);
 * an intact token past its expiry is "expired".
 */
export function openSessionToken(
  token: string,
  accessKeyId: string,
  key: TokenKey,
  now: number,
): SessionClaims {
  const raw = Buffer.from(token.slice(PREFIX.length), 'base64url');
  const idLength = raw[0] ?? 0;
  const nonce = raw.subarray(1 + idLength, 1 + idLength + NONCE_BYTES);
  const body = raw.subarray(1 + idLength + NONCE_BYTES);
  if (body.length < TAG_BYTES) throw invalidToken('session token is truncated');
  let claims: SessionClaims;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key.key, nonce);
    decipher.setAAD(additionalData(key.id, accessKeyId));
    decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
    const plaintext = Buffer.concat([
      decipher.update(body.subarray(0, body.length - TAG_BYTES)),
      decipher.final(),
    ]);
    const json =
      plaintext[0] === 1
        ? inflateRawSync(plaintext.subarray(1), { maxOutputLength: MAX_CLAIMS_BYTES })
        : plaintext.subarray(1);
    claims = JSON.parse(json.toString('utf8')) as SessionClaims;
  } catch {
    throw invalidToken(
      'session token does not open with its key (tampered, or issued for another access key)',
    );
  }
  if (claims.accessKeyId !== accessKeyId) throw invalidToken('session token belongs to another access key');
  if (now >= claims.expiresAt) {
    throw new AnchorageError(
      'ExpiredTokenException',
      'The security token included in the request is expired',
      {
        reason: `session token of ${accessKeyId} expired at ${new Date(claims.expiresAt).toISOString()}`,
      },
    );
  }
  return claims;
}

export function invalidToken(reason: string): AnchorageError {
  return new AnchorageError(
    'UnrecognizedClientException',
    'The security token included in the request is invalid.',
    {
      reason,
    },
  );
}
