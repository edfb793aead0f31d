/**
 * Text forms of the iPAddress GeneralName (RFC 5280 §4.2.1.6): 4 or 16 octets in a
 * subjectAltName, and address + mask (8 or 32 octets) in a name constraint (§4.2.1.10).
 */
export function formatIpAddress(bytes: Uint8Array): string {
  return bytes.length === 4 ? [...bytes].join('.') : formatIpv6(bytes);
}

/** `10.0.0.0/8`; a mask that is not a contiguous prefix is written out: `10.0.0.0/255.0.255.0`. */
export function formatIpConstraint(bytes: Uint8Array): string {
  const half = bytes.length / 2;
  const address = bytes.subarray(0, half);
  const mask = bytes.subarray(half);
  const prefix = prefixLength(mask);
  return `${formatIpAddress(address)}/${prefix === null ? formatIpAddress(mask) : prefix}`;
}

function prefixLength(mask: Uint8Array): number | null {
  let length = 0;
  let ended = false;
  for (const octet of mask) {
    for (let bit = 7; bit >= 0; bit -= 1) {
      const set = ((octet >> bit) & 1) === 1;
      if (set && ended) return null;
      if (set) length += 1;
      else ended = true;
    }
  }
  return length;
}

/** RFC 5952 §4: lower-case hex, no leading zeros, the longest run of ≥2 zero groups as '::'. */
function formatIpv6(bytes: Uint8Array): string {
  const groups: number[] = [];
  for (let index = 0; index < 16; index += 2)
    groups.push(((bytes[index] ?? 0) << 8) | (bytes[index + 1] ?? 0));
  let bestStart = -1;
  let bestLength = 0;
  for (let start = 0; start < 8; ) {
    if (groups[start] !== 0) {
      start += 1;
      continue;
    }
    let end = start;
    while (end < 8 && groups[end] === 0) end += 1;
    if (end - start > bestLength) {
      bestStart = start;
      bestLength = end - start;
    }
    start = end;
  }
  const text = groups.map((group) => group.toString(16));
  if (bestLength < 2) return text.join(':');
  const head = text.slice(0, bestStart).join(':');
  const tail = text.slice(bestStart + bestLength).join(':');
  return `${head}::${tail}`;
}
