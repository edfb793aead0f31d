/**
 * The digests PKCS#12 MACs and PBKDF2 PRFs may name. `blockSize` is the v of RFC 7292
 * Appendix B.2 (the compression function's input size), `outputSize` its u.
 */
export interface HashInfo {
  /** node:crypto algorithm name. */
  readonly name: string;
  readonly outputSize: number;
  readonly blockSize: number;
}

const SHA1: HashInfo = { name: 'sha1', outputSize: 20, blockSize: 64 };
const SHA224: HashInfo = { name: 'sha224', outputSize: 28, blockSize: 64 };
const SHA256: HashInfo = { name: 'sha256', outputSize: 32, blockSize: 64 };
const SHA384: HashInfo = { name: 'sha384', outputSize: 48, blockSize: 128 };
const SHA512: HashInfo = { name: 'sha512', outputSize: 64, blockSize: 128 };
const SHA512_224: HashInfo = { name: 'sha512-224', outputSize: 28, blockSize: 128 };
const SHA512_256: HashInfo = { name: 'sha512-256', outputSize: 32, blockSize: 128 };

export const DEFAULT_PRF: HashInfo = SHA1;

/** DigestInfo algorithms of a classic PKCS#12 MAC (RFC 7292 §4, RFC 8017 Appendix A.2.4). */
export const DIGESTS: ReadonlyMap<string, HashInfo> = new Map([
  ['1.3.14.3.2.26', SHA1],
  ['2.16.840.1.101.3.4.2.4', SHA224],
  ['2.16.840.1.101.3.4.2.1', SHA256],
  ['2.16.840.1.101.3.4.2.2', SHA384],
  ['2.16.840.1.101.3.4.2.3', SHA512],
  ['2.16.840.1.101.3.4.2.5', SHA512_224],
  ['2.16.840.1.101.3.4.2.6', SHA512_256],
]);

/** HMAC algorithms for the PBKDF2 PRF and the PBMAC1 MAC (RFC 8018 §B.1). */
export const HMACS: ReadonlyMap<string, HashInfo> = new Map([
  ['1.2.840.113549.2.7', SHA1],
  ['1.2.840.113549.2.8', SHA224],
  ['1.2.840.113549.2.9', SHA256],
  ['1.2.840.113549.2.10', SHA384],
  ['1.2.840.113549.2.11', SHA512],
  ['1.2.840.113549.2.12', SHA512_224],
  ['1.2.840.113549.2.13', SHA512_256],
]);
