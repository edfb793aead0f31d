/**
 * IP address text to the octets of an iPAddress GeneralName (RFC 5280 §4.2.1.6: 4 octets for
 * IPv4, 16 for IPv6). Dotted-quad IPv4 without leading zeros (which some parsers read as
 * octal), and RFC 4291 §2.2 IPv6 text, '::' and a trailing dotted quad included; no zone ids.
 */
const IPV4 =
  /^(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(?:\.(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])){3}$/;
const HEX_GROUP = /^[0-9A-Fa-f]{1,4}$/;

/** The address octets, or null when `text` is not an IPv4 or IPv6 address. */
export function parseIpAddress(text: string): Uint8Array | null {
  if (IPV4.test(text)) return Uint8Array.from(text.split('.').map(Number));
  return text.length <= 45 ? parseIpv6(text) : null;
}

function parseIpv6(text: string): Uint8Array | null {
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const compressed = halves.length === 2;
  const head = groups(halves[0] ?? '', !compressed);
  const tail = compressed ? groups(halves[1] ?? '', true) : [];
  if (head === null || tail === null) return null;
  const count = head.length + tail.length;
  // Without '::' exactly 8 groups; with it, '::' stands for at least one zero group.
  if (compressed ? count > 7 : count !== 8) return null;
  const all = [...head, ...new Array<number>(8 - count).fill(0), ...tail];
  return Uint8Array.from(all.flatMap((group) => [group >> 8, group & 0xff]));
}

/** The 16-bit groups of one side of '::'; a dotted quad may end the address only. */
function groups(part: string, mayEndWithIpv4: boolean): number[] | null {
  if (part === '') return [];
  const items = part.split(':');
  const out: number[] = [];
  for (const [index, item] of items.entries()) {
    if (mayEndWithIpv4 && index === items.length - 1 && IPV4.test(item)) {
      const [a = 0, b = 0, c = 0, d = 0] = item.split('.').map(Number);
      out.push((a << 8) | b, (c << 8) | d);
    } else if (HEX_GROUP.test(item)) {
      out.push(Number.parseInt(item, 16));
    } else {
      return null;
    }
  }
  return out;
}
