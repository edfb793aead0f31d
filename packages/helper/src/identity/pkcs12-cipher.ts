import { Buffer } from 'node:buffer';
import { createDecipheriv } from 'node:crypto';
import { Pkcs12Error } from './pkcs12-error.ts';

/** A block or stream cipher as node:crypto names it, with the sizes the schemes derive. */
export interface CipherSpec {
  readonly name: string;
  readonly keyLength: number;
  /** 0 for stream ciphers (RC4), which take no IV. */
  readonly ivLength: number;
  /** What users know it as, for messages: 'RC2', 'RC4', 'AES-256-CBC', … */
  readonly family: string;
}

const availability = new Map<string, boolean>();

/**
 * Whether this Node.js build can run `spec`. OpenSSL 3 moved RC2, RC4 and single DES to its
 * legacy provider, which Node.js does not load, so asking is the only reliable test.
 */
export function cipherAvailable(spec: CipherSpec): boolean {
  let known = availability.get(spec.name);
  if (known === undefined) {
    try {
      createDecipheriv(
        spec.name,
        Buffer.alloc(spec.keyLength),
        spec.ivLength === 0 ? null : Buffer.alloc(spec.ivLength),
      );
      known = true;
    } catch {
      known = false;
    }
    availability.set(spec.name, known);
  }
  return known;
}

/** Refuses a scheme whose cipher this build lacks, saying how to get a file we can read. */
export function requireCipher(spec: CipherSpec, scheme: string, what: string): void {
  if (cipherAvailable(spec)) return;
  throw new Pkcs12Error(
    `PKCS#12 file protects ${what} with legacy ${spec.family} encryption (${scheme}), which this Node.js build cannot decrypt (OpenSSL 3 keeps ${spec.family} in its legacy provider); re-export the file with \`openssl pkcs12 -export\` (OpenSSL 3's default is AES-256), e.g. \`openssl pkcs12 -legacy -in old.p12 -nodes | openssl pkcs12 -export -out new.p12\``,
  );
}

/**
 * Decrypts, strips the PKCS#5 padding (RFC 8018 Appendix B.2, RFC 5652 §6.3) and hands the
 * plaintext to `accept`, which throws if it is not what the writer encrypted. `undefined` means
 * this key did not work: bad padding or unacceptable plaintext, usually a wrong password.
 */
export function tryDecrypt<T>(
  spec: CipherSpec,
  key: Uint8Array,
  iv: Uint8Array | null,
  ciphertext: Uint8Array,
  accept: (plaintext: Buffer) => T,
): { readonly value: T } | undefined {
  let plaintext: Buffer;
  try {
    const decipher = createDecipheriv(spec.name, key, iv);
    plaintext = Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  } catch {
    return undefined;
  }
  try {
    return { value: accept(plaintext) };
  } catch {
    return undefined;
  }
}
