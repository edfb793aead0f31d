/**
 * Where serve binds and the URL it tells clients to use. IPv6 literals may come with brackets
 * (`[::1]`, as in a URL); listen() wants them bare, URLs want them bracketed.
 */
import { isIP } from 'node:net';

/** The address to pass to listen(): `[::1]` → `::1`; anything else as given. */
export function bindAddress(host: string): string {
  const trimmed = host.trim();
  const bracketed = trimmed.startsWith('[') && trimmed.endsWith(']');
  const bare = bracketed ? trimmed.slice(1, -1) : trimmed;
  if (bare === '') throw new RangeError('the listen address must not be empty');
  if (bracketed && isIP(bare) !== 6) throw new RangeError(`not an IPv6 address: ${host}`);
  return bare;
}

/**
 * The base URL (no trailing slash) for the address the socket is bound to. A wildcard bind is
 * reached through loopback, which is the only address guaranteed to work from this host.
 */
export function endpointUrl(boundAddress: string, port: number): string {
  const reachable = boundAddress === '0.0.0.0' ? '127.0.0.1' : boundAddress === '::' ? '::1' : boundAddress;
  // A zone id (fe80::1%eth0) must be percent-encoded inside a URL's brackets.
  const host = isIP(reachable) === 6 ? `[${reachable.replace('%', '%25')}]` : reachable;
  return `http://${host}:${port}`;
}
