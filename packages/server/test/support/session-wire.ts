/**
 * Signed CreateSession requests as raw wire parts, to send as often as a test likes (a replay is
 * the same bytes sent again), from a chosen local address (127.0.0.2 is another source than
 * 127.0.0.1 on Linux), and an HTTP exchange that returns status, headers and body as they came.
 */
import { createHash, type KeyObject } from 'node:crypto';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { signX509 } from '@anchorage/core/sigv4/sign-x509';
import type { SessionArns } from './create-session-client.ts';

export interface Wire {
  readonly method: string;
  readonly path: string;
  readonly headers: readonly (readonly [string, string])[];
  readonly body: string;
}

export interface Exchange {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
  readonly json: Record<string, unknown>;
  readonly requestId: string | undefined;
  readonly errorType: string | undefined;
}

export interface SessionSigning {
  readonly endpoint: string;
  readonly arns: SessionArns;
  readonly certificate: Buffer;
  readonly privateKey: KeyObject;
  readonly serial: bigint;
  readonly chain?: readonly Buffer[];
  /** The signer's clock (default now): the request's X-Amz-Date. */
  readonly now?: number;
  readonly body?: Record<string, unknown>;
}

const rfc3986 = (text: string) =>
  encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** A CreateSession request as the official helper sends it (ARNs in the query), signed. */
export function signSession(options: SessionSigning): Wire {
  const url = new URL(options.endpoint);
  const query = Object.entries(options.arns)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${rfc3986(v)}`)
    .join('&');
  const body = JSON.stringify({ durationSeconds: 3600, ...options.body });
  const headers: [string, string][] = [
    ['content-type', 'application/json'],
    ['host', url.host],
    ['x-amz-x509', options.certificate.toString('base64')],
  ];
  if (options.chain !== undefined && options.chain.length > 0) {
    headers.push(['x-amz-x509-chain', options.chain.map((c) => c.toString('base64')).join(',')]);
  }
  const signed = signX509(
    {
      method: 'POST',
      rawPath: '/sessions',
      rawQuery: query,
      headers,
      payloadSha256Hex: createHash('sha256').update(body).digest('hex'),
    },
    {
      privateKey: options.privateKey,
      serialNumber: options.serial.toString(10),
      region: 'us-east-1',
      now: options.now ?? Date.now(),
    },
  );
  return { method: 'POST', path: `/sessions?${query}`, headers: signed.headers, body };
}

/** Sends `wire` on a new connection (from `localAddress` if given). */
export function send(endpoint: string, wire: Wire, localAddress?: string): Promise<Exchange> {
  const url = new URL(endpoint);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        method: wire.method,
        path: wire.path,
        headers: Object.fromEntries(wire.headers),
        agent: false,
        ...(localAddress === undefined ? {} : { localAddress }),
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => {
          text += c.toString();
        });
        res.on('end', () => {
          let json: Record<string, unknown> = {};
          try {
            json = text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
          } catch {
            json = {};
          }
          const header = (name: string) => {
            const value = res.headers[name];
            return typeof value === 'string' ? value : undefined;
          };
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text,
            json,
            requestId: header('x-amzn-requestid'),
            errorType: header('x-amzn-errortype'),
          });
        });
      },
    );
    req.on('error', reject);
    req.end(wire.body);
  });
}

/** The wire with one header's value replaced (after signing: a forgery). */
export function withHeader(wire: Wire, name: string, value: string): Wire {
  return {
    ...wire,
    headers: wire.headers.map(([n, v]) => [n, n.toLowerCase() === name.toLowerCase() ? value : v] as const),
  };
}

/** The signature hex of the wire's Authorization header. */
export function signatureOf(wire: Wire): string {
  const authorization = wire.headers.find(([n]) => n.toLowerCase() === 'authorization')?.[1] ?? '';
  return /Signature=([0-9a-f]+)/.exec(authorization)?.[1] ?? '';
}

/** The wire with another signature in its Authorization header. */
export function withSignature(wire: Wire, signatureHex: string): Wire {
  const authorization = wire.headers.find(([n]) => n.toLowerCase() === 'authorization')?.[1] ?? '';
  return withHeader(
    wire,
    'authorization',
    authorization.replace(/Signature=[0-9a-f]+/, `Signature=${signatureHex}`),
  );
}

/** A request signed by the AWS SDK's signer (sdk-signed-fetch.ts) as a wire, with extra unsigned headers. */
export function wireOf(
  prepared: { url: string; method: string; headers: Record<string, string>; body: string | undefined },
  extraHeaders: Record<string, string> = {},
): Wire {
  const url = new URL(prepared.url);
  return {
    method: prepared.method,
    path: `${url.pathname}${url.search}`,
    headers: Object.entries({ ...prepared.headers, ...extraHeaders }),
    body: prepared.body ?? '',
  };
}
