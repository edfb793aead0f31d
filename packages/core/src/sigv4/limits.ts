/**
 * Limits checked before parsing (DESIGN "Habits": limits before parsing). They bound the work an
 * unauthenticated caller can make us do.
 */

/**
 * Longest `Authorization` header value accepted. 8 KiB would do for HMAC and RSA/ECDSA, but an
 * ML-DSA-87 signature is 4,627 bytes, i.e. 9,254 hex characters, so the cap is 16 KiB; the
 * per-algorithm signature length is checked separately (see `algorithms.ts`).
 */
export const MAX_AUTHORIZATION_LENGTH = 16 * 1024;

/** Most names accepted in `SignedHeaders`. Real clients sign fewer than ten. */
export const MAX_SIGNED_HEADERS = 64;

/** Default tolerated clock skew: SigV4's five minutes. */
export const DEFAULT_MAX_SKEW_MS = 5 * 60 * 1000;

/** SigV4 presigned URLs may not be valid for longer than seven days (`X-Amz-Expires`). */
export const MAX_PRESIGNED_EXPIRES_SECONDS = 7 * 24 * 60 * 60;
