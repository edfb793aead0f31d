/**
 * The key a source address is rate-limited by: the IPv4 address (also when it arrives as an
 * IPv4-mapped IPv6 address), or the /64 an IPv6 address belongs to — one host is usually given a
 * whole /64 (RFC 6177), so counting single IPv6 addresses would let it rotate through them.
 *
 * The address is the TCP peer's: forwarding headers are not trusted (anyone can send them). Behind
 * a reverse proxy every request comes from the proxy; limit per source there instead.
 */
import { isIPv6 } from 'node:net';

export function sourceKey(remoteAddress: string | undefined): string {
  if (remoteAddress === undefined || remoteAddress === '') return 'unknown';
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(remoteAddress);
  if (mapped?.[1] !== undefined) return mapped[1];
  if (!isIPv6(remoteAddress)) return remoteAddress;
  return `${expandIPv6(remoteAddress).slice(0, 4).join(':')}::/64`;
}

/** The eight groups of an IPv6 address, without a zone and with `::` filled in. */
function expandIPv6(address: string): string[] {
  const bare = address.split('%')[0] ?? '';
  const [head = '', tail] = bare.split('::');
  const groups = (part: string) => (part === '' ? [] : part.split(':'));
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const fill = Array.from({ length: Math.max(0, 8 - left.length - right.length) }, () => '0');
  return [...left, ...fill, ...right].map((g) =>
    g.includes('.') ? g : g.toLowerCase().replace(/^0+(?=.)/, ''),
  );
}
