/**
 * What CreateSession needs from whoever holds the key: the certificate, the chain to send, and a
 * signature. Files, PKCS#12 bundles and PKCS#11 tokens all end up as one of these, so the
 * commands and the SDK provider never care where the key lives.
 */
import type { X509Algorithm } from '@anchorage/core/sigv4/algorithms';

export type Digest = 'sha256' | 'sha384' | 'sha512';

export interface SigningIdentity {
  /** DER of the end-entity certificate (`X-Amz-X509`). */
  readonly certificate: Buffer;
  /** DER certificates for `X-Amz-X509-Chain`, in the order the user gave them; empty for none. */
  readonly chain: readonly Buffer[];
  /** Follows from the key type: RSA, EC or ML-DSA. */
  readonly algorithm: X509Algorithm;
  /**
   * Signs `data`: RSA PKCS#1 v1.5 and ECDSA (DER `Ecdsa-Sig-Value`) over `digest(data)`, ML-DSA
   * over the bytes themselves (pure, empty context; `digest` is ignored). SigV4-X509 always uses
   * sha256; `sign-string --digest` may ask for the others.
   */
  sign(data: Buffer, digest: Digest): Promise<Buffer>;
  /** Releases a token session or library; a no-op for keys in memory. */
  close(): Promise<void>;
}
