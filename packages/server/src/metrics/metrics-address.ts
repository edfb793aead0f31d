/** `host:port` for `--metrics-address`; an IPv6 host in brackets (`[::1]:9464`), as in a URL. */
export interface HostPort {
  readonly host: string;
  readonly port: number;
}

/** The address, or a problem worth reporting. */
export function parseHostPort(text: string): HostPort | string {
  const m = /^(?:\[([0-9A-Fa-f:.]+)\]|([^:[\]\s]+)):(\d{1,5})$/.exec(text);
  const host = m?.[1] ?? m?.[2];
  const port = Number(m?.[3]);
  if (m === null || host === undefined || !(port >= 0 && port <= 65535)) {
    return `must be host:port (a port from 0 to 65535; an IPv6 host in brackets), got '${text}'`;
  }
  return { host, port };
}
