import type { DerLimits } from '../der/limits.ts';

/**
 * Size bounds for X.509 inputs, checked before decoding. A certificate with an ML-DSA-87 key
 * and signature is about 7.5 KB; 64 KiB leaves room for large SAN lists. A CRL may be as large
 * as ImportCrl allows (300 000 bytes of crlData, protocol notes §1.9), with margin.
 */
export const CERTIFICATE_DER_LIMITS: DerLimits = { maxBytes: 65_536, maxDepth: 32, maxElements: 20_000 };
export const CRL_DER_LIMITS: DerLimits = { maxBytes: 1_048_576, maxDepth: 32, maxElements: 200_000 };
