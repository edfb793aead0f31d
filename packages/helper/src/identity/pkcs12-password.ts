import { Buffer } from 'node:buffer';

/**
 * One password in the encodings the algorithms of a PKCS#12 file expect. PBES2 and PBMAC1
 * take the UTF-8 bytes (RFC 8018 leaves it open; OpenSSL and RFC 9579 use UTF-8). The PKCS#12
 * KDF takes a BMPString with a two-byte NUL terminator (RFC 7292 Appendix B.1); `bmp` lists the
 * encodings real writers used for it, most likely first.
 */
export interface Pkcs12Password {
  readonly utf8: Buffer;
  readonly bmp: readonly Buffer[];
}

export function encodePassword(password: string): Pkcs12Password {
  const utf8 = Buffer.from(password, 'utf8');
  const candidates = [utf16beWithTerminator(password)];
  if (password === '') {
    // RFC 7292 B.1 makes the empty password two zero bytes, but some writers (and OpenSSL when
    // given no password at all) derive from zero bytes.
    candidates.push(Buffer.alloc(0));
  } else if (utf8.length !== password.length) {
    // Not ASCII. OpenSSL before 1.1.0 widened each UTF-8 byte to 16 bits instead of converting to UTF-16.
    const widened = Buffer.alloc(utf8.length * 2 + 2);
    utf8.forEach((octet, index) => {
      widened[index * 2 + 1] = octet;
    });
    candidates.push(widened);
  }
  return { utf8, bmp: candidates };
}

/** UTF-16 big-endian (surrogate pairs for astral characters) plus 0x0000. */
function utf16beWithTerminator(text: string): Buffer {
  const out = Buffer.alloc(text.length * 2 + 2);
  for (let index = 0; index < text.length; index += 1) {
    out.writeUInt16BE(text.charCodeAt(index), index * 2);
  }
  return out;
}

/** The same password once the MAC has shown which BMPString encoding the writer used. */
export function withBmp(password: Pkcs12Password, bmp: Buffer): Pkcs12Password {
  return { utf8: password.utf8, bmp: [bmp] };
}
