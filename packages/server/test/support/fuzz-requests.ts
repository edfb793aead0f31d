/**
 * Freshly signed requests as wire bytes, for the fuzz and soak tests: SigV4 by the AWS SDK's
 * signer (any method, path, query, extra signed headers such as X-Amz-Target, any body), and
 * CreateSession by the core's SigV4-X509 signer as the helpers sign it. Each call signs anew, and
 * each CreateSession differs from the others (CreateSession accepts a signed request at most once).
 */
import { createHash, type KeyObject } from 'node:crypto';
import { signX509 } from '@anchorage/core/sigv4/sign-x509';
import { Hash } from '@aws-sdk/hash-node';
import { HttpRequest } from '@aws-sdk/protocol-http';
import { SignatureV4 } from '@aws-sdk/signature-v4';
import type { AccessKey } from './admin-credentials.ts';
import { issue, type TestIdentity } from './certificates.ts';
import type { SessionArns } from './create-session-client.ts';
import type { WireRequest } from './fuzz-wire.ts';

/** SigV4's UriEncode (the SDK's escapeUri). */
export const uriEncode = (text: string) =>
  encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export interface SigV4WireOptions {
  readonly method: string;
  /** The path as on the wire (labels already encoded). */
  readonly path: string;
  /** Decoded query parameters. */
  readonly query?: Readonly<Record<string, string | readonly string[]>>;
  /** More headers, signed. */
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly service: string;
  readonly region?: string;
}

export async function signedWire(
  endpoint: string,
  credentials: AccessKey,
  options: SigV4WireOptions,
): Promise<WireRequest> {
  const url = new URL(endpoint);
  const query = Object.fromEntries(
    Object.entries(options.query ?? {}).map(([k, v]) => [k, typeof v === 'string' ? v : [...v]]),
  ) as Record<string, string | string[]>;
  const request = new HttpRequest({
    method: options.method,
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    path: options.path,
    query,
    headers: { host: url.host, ...options.headers },
    ...(options.body === undefined ? {} : { body: options.body }),
  });
  const signer = new SignatureV4({
    credentials,
    region: options.region ?? 'us-east-1',
    service: options.service,
    sha256: Hash.bind(null, 'sha256'),
  });
  const signed = await signer.sign(request);
  const search = Object.entries(query)
    .flatMap(([k, v]) =>
      (typeof v === 'string' ? [v] : v).map((value) => `${uriEncode(k)}=${uriEncode(value)}`),
    )
    .join('&');
  return {
    method: options.method,
    target: `${options.path}${search === '' ? '' : `?${search}`}`,
    headers: Object.entries(signed.headers).map(([n, v]) => [n, String(v)] as const),
    body: Buffer.from(options.body ?? ''),
  };
}

export interface SessionSigner {
  readonly der: Buffer;
  readonly privateKey: KeyObject;
  readonly serial: bigint;
  readonly chain: readonly Buffer[];
}

/**
 * The two signers the fuzz and soak tests send CreateSession as: a workload whose chain (leaf and
 * an intermediate) leads to `root`, and a stranger from a CA no anchor trusts.
 */
export function workloadAndStranger(
  root: TestIdentity,
  label: string,
): { signer: SessionSigner; stranger: SessionSigner } {
  const intermediate = issue({
    subject: [['CN', `${label} Intermediate`]],
    ca: true,
    pathLen: 0,
    issuer: root,
  });
  const leaf = issue({
    subject: [['CN', `${label.toLowerCase()}-workload`]],
    issuer: intermediate,
    dnsNames: [`${label.toLowerCase()}.example`],
  });
  const strangerRoot = issue({ subject: [['CN', `${label} Stranger Root`]], ca: true });
  const strangerLeaf = issue({ subject: [['CN', `${label.toLowerCase()}-stranger`]], issuer: strangerRoot });
  return {
    signer: { der: leaf.der, privateKey: leaf.privateKey, serial: leaf.serial, chain: [intermediate.der] },
    stranger: {
      der: strangerLeaf.der,
      privateKey: strangerLeaf.privateKey,
      serial: strangerLeaf.serial,
      chain: [],
    },
  };
}

export interface CreateSessionWireOptions {
  /** Raw query string; default the three ARNs, as the official helper sends them. */
  readonly rawQuery?: string;
  /** Raw body; default a durationSeconds that differs from call to call (see `distinctDuration`). */
  readonly body?: string;
  readonly path?: string;
  readonly contentType?: string;
  readonly now?: number;
}

export function arnsQuery(arns: SessionArns): string {
  return Object.entries(arns)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => `${k}=${uriEncode(v)}`)
    .join('&');
}

let calls = 0;

/**
 * 900 to 3599 seconds, a different value on each call. CreateSession accepts a signed request at
 * most once, and two requests signed within the same second (X-Amz-Date has one-second
 * resolution) with the same body would be the same request: the body makes each one distinct.
 */
function distinctDuration(): number {
  calls += 1;
  return 900 + (calls % 2700);
}

/** A CreateSession request signed with SigV4-X509 over every header it carries. */
export function createSessionWire(
  endpoint: string,
  arns: SessionArns,
  signer: SessionSigner,
  options: CreateSessionWireOptions = {},
): WireRequest {
  const url = new URL(endpoint);
  const rawQuery = options.rawQuery ?? arnsQuery(arns);
  const body = options.body ?? JSON.stringify({ durationSeconds: distinctDuration() });
  const headers: Array<readonly [string, string]> = [
    ['Content-Type', options.contentType ?? 'application/json'],
    ['Host', url.host],
    ['X-Amz-X509', signer.der.toString('base64')],
  ];
  if (signer.chain.length > 0) {
    headers.push(['X-Amz-X509-Chain', signer.chain.map((c) => c.toString('base64')).join(',')]);
  }
  const path = options.path ?? '/sessions';
  const signed = signX509(
    {
      method: 'POST',
      rawPath: path,
      rawQuery,
      headers,
      payloadSha256Hex: createHash('sha256').update(body).digest('hex'),
    },
    {
      privateKey: signer.privateKey,
      serialNumber: signer.serial.toString(10),
      region: 'us-east-1',
      now: options.now ?? Date.now(),
    },
  );
  return {
    method: 'POST',
    target: `${path}${rawQuery === '' ? '' : `?${rawQuery}`}`,
    headers: signed.headers.map(([n, v]) => [n, v] as const),
    body: Buffer.from(body),
  };
}
