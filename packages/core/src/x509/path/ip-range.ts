/**
 * iPAddress constraints (RFC 5280 §4.2.1.10): the address followed by a mask, 8 octets for IPv4
 * and 32 for IPv6 ("10.0.0.0/8" is 0A000000 FF000000). An address lies in the range when it is of
 * the same family and agrees with the constraint on every bit the mask sets.
 */
export interface IpRange {
  readonly text: string;
  readonly address: Uint8Array;
  readonly mask: Uint8Array;
}

/** The range, or null when the mask is not a prefix of ones (CIDR), which we cannot read safely. */
export function parseIpRange(bytes: Uint8Array, text: string): IpRange | null {
  const half = bytes.length / 2;
  const mask = bytes.subarray(half);
  let ended = false;
  for (const octet of mask) {
    for (let bit = 7; bit >= 0; bit -= 1) {
      const set = ((octet >> bit) & 1) === 1;
      if (set && ended) return null;
      if (!set) ended = true;
    }
  }
  return { text, address: bytes.subarray(0, half), mask };
}

export function ipWithin(address: Uint8Array, range: IpRange): boolean {
  if (address.length !== range.address.length) return false;
  return address.every(
    (octet, index) =>
      (octet & (range.mask[index] ?? 0)) === ((range.address[index] ?? 0) & (range.mask[index] ?? 0)),
  );
}
