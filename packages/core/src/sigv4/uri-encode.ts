/**
 * SigV4's URI encoding ("UriEncode" in the AWS SigV4 documentation): every byte of the UTF-8 form
 * is percent-encoded as `%XX` with upper-case hex, except the RFC 3986 §2.3 unreserved characters
 * `A-Z a-z 0-9 - _ . ~`. A space is `%20`, never `+`.
 */

const HEX = '0123456789ABCDEF';

function isUnreserved(byte: number): boolean {
  return (
    (byte >= 0x41 && byte <= 0x5a) || // A-Z
    (byte >= 0x61 && byte <= 0x7a) || // a-z
    (byte >= 0x30 && byte <= 0x39) || // 0-9
    byte === 0x2d || // -
    byte === 0x5f || // _
    byte === 0x2e || // .
    byte === 0x7e // ~
  );
}

export function uriEncodeBytes(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) {
    out += isUnreserved(byte)
      ? String.fromCharCode(byte)
      : `%${HEX.charAt(byte >> 4)}${HEX.charAt(byte & 0x0f)}`;
  }
  return out;
}

/** Encodes the UTF-8 bytes of `text`. */
export function uriEncode(text: string): string {
  return uriEncodeBytes(Buffer.from(text, 'utf8'));
}

function hexValue(code: number | undefined): number {
  if (code === undefined) return -1;
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  if (code >= 0x41 && code <= 0x46) return code - 0x41 + 10;
  if (code >= 0x61 && code <= 0x66) return code - 0x61 + 10;
  return -1;
}

/**
 * RFC 3986 §2.1 percent-decoding to bytes. Lenient on purpose: a `%` not followed by two hex
 * digits stays a literal `%` (it will be re-encoded as `%25`), as a server must not fail a request
 * that a client signed with such a byte. `+` is NOT a space here: SigV4 clients encode a space as
 * `%20`, and a `+` they sent is a literal plus (protocol notes §2.2).
 *
 * Working on bytes, not strings, keeps the canonical form injective: two raw strings have the same
 * canonical encoding only if they decode to the same bytes.
 */
export function percentDecodeToBytes(text: string): Uint8Array {
  const input = Buffer.from(text, 'utf8');
  const out = new Uint8Array(input.length);
  let length = 0;
  for (let i = 0; i < input.length; i++) {
    const byte = input[i] ?? 0;
    if (byte === 0x25) {
      const high = hexValue(input[i + 1]);
      const low = hexValue(input[i + 2]);
      if (high >= 0 && low >= 0) {
        out[length++] = (high << 4) | low;
        i += 2;
        continue;
      }
    }
    out[length++] = byte;
  }
  return out.subarray(0, length);
}

function isUpperHex(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x46);
}

/**
 * `uriEncodeBytes(percentDecodeToBytes(text))`, without the round trip when `text` is already in
 * that form — only unreserved characters and upper-case `%XX` escapes of bytes that must be
 * escaped — as SDK-signed query strings are. Such text is a fixed point of the round trip, so the
 * result is the same either way.
 */
export function canonicalUriComponent(text: string): string {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (isUnreserved(code)) continue;
    if (code !== 0x25) return uriEncodeBytes(percentDecodeToBytes(text));
    const high = text.charCodeAt(i + 1);
    const low = text.charCodeAt(i + 2);
    if (!isUpperHex(high) || !isUpperHex(low) || isUnreserved((hexValue(high) << 4) | hexValue(low))) {
      return uriEncodeBytes(percentDecodeToBytes(text));
    }
    i += 2;
  }
  return text;
}
