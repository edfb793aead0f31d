/**
 * `--hop-limit`. The official helper sets IP_TTL / IPV6_UNICAST_HOPS on every accepted socket so
 * that responses die before leaving the host (as EC2's IMDS uses a hop limit against containers).
 * Node.js (24) cannot: net.Socket has setTypeOfService (IP_TOS) but no TTL setter, and there is no
 * setsockopt; only dgram sockets have setTTL. So the value is validated and, when it differs from
 * the default, the user is told it is not applied; binding to loopback is what keeps the endpoint
 * private.
 */
import type { CredentialServerLog } from './server-log.ts';

export const DEFAULT_HOP_LIMIT = 64;

export function checkHopLimit(hopLimit: number, log: CredentialServerLog): void {
  if (!Number.isInteger(hopLimit) || hopLimit < 1 || hopLimit > 255) {
    throw new RangeError(`hop limit must be an integer from 1 to 255, got ${hopLimit}`);
  }
  if (hopLimit !== DEFAULT_HOP_LIMIT) {
    log(
      'warn',
      `--hop-limit ${hopLimit} cannot be applied: Node.js cannot set the IP TTL / IPv6 hop limit of TCP sockets. ` +
        'Bind to 127.0.0.1 (the default) or ::1 to keep the credentials endpoint unreachable from other hosts.',
      { hopLimit },
    );
  }
}
