/**
 * A CreateSession client for tests, on the core's SigV4-X509 signer (the code Anchorage's own
 * helper uses): the ARNs in the query string as the official helper sends them, or in the JSON
 * body as AWS's Python client does, and hooks to tamper with the request after signing.
 */
import { createHash, type KeyObject, randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { signX509 } from '@anchorage/core/sigv4/sign-x509';

export interface SessionArns {
  readonly trustAnchorArn: string;
  readonly profileArn: string;
  readonly roleArn: string;
}

export interface CreateSessionOptions {
  readonly endpoint: string;
  readonly arns: SessionArns;
  readonly certificate: Buffer;
  readonly privateKey: KeyObject;
  readonly serial: bigint;
  readonly chain?: readonly Buffer[];
  readonly shape?: 'query' | 'body';
  readonly body?: Record<string, unknown>;
  readonly contentType?: string;
  readonly region?: string;
  readonly now?: number;
  readonly path?: string;
  /** Headers to sign (default: all). */
  readonly signedHeaders?: readonly string[];
  /**
   * Sign a fresh `amz-sdk-invocation-id` (default true), as the AWS SDKs and the official helper
   * do, so that two calls in one second are two requests, not a replay of one.
   */
  readonly invocationId?: boolean;
  /** Changes applied after signing: the forgery under test. */
  readonly tamper?: (request: { path: string; headers: [string, string][]; body: string }) => void;
}

export interface CreateSessionResponse {
  readonly status: number;
  readonly errorType: string | undefined;
  readonly requestId: string | undefined;
  readonly json: Record<string, unknown>;
}

const rfc3986 = (text: string) =>
  encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export async function createSession(options: CreateSessionOptions): Promise<CreateSessionResponse> {
  const url = new URL(options.endpoint);
  const shape = options.shape ?? 'query';
  const query =
    shape === 'query'
      ? Object.entries(options.arns)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([k, v]) => `${k}=${rfc3986(v)}`)
          .join('&')
      : '';
  const body = JSON.stringify({
    durationSeconds: 3600,
    ...(shape === 'body' ? options.arns : {}),
    ...options.body,
  });
  const headers: [string, string][] = [
    ['content-type', options.contentType ?? 'application/json'],
    ['host', url.host],
    ['x-amz-x509', options.certificate.toString('base64')],
  ];
  if (options.invocationId !== false) headers.push(['amz-sdk-invocation-id', randomUUID()]);
  if (options.chain !== undefined && options.chain.length > 0) {
    headers.push(['x-amz-x509-chain', options.chain.map((c) => c.toString('base64')).join(',')]);
  }
  const path = options.path ?? '/sessions';
  const signed = signX509(
    {
      method: 'POST',
      rawPath: path,
      rawQuery: query,
      headers,
      payloadSha256Hex: createHash('sha256').update(body).digest('hex'),
    },
    {
      privateKey: options.privateKey,
      serialNumber: options.serial.toString(10),
      region: options.region ?? 'us-east-1',
      now: options.now ?? Date.now(),
      ...(options.signedHeaders === undefined ? {} : { signedHeaders: options.signedHeaders }),
    },
  );
  const wire = {
    path: `${path}${query === '' ? '' : `?${query}`}`,
    headers: signed.headers.map(([n, v]) => [n, v] as [string, string]),
    body,
  };
  options.tamper?.(wire);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        method: 'POST',
        path: wire.path,
        headers: Object.fromEntries(wire.headers),
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => {
          text += c.toString();
        });
        res.on('end', () => {
          const errorType = res.headers['x-amzn-errortype'];
          resolve({
            status: res.statusCode ?? 0,
            errorType: typeof errorType === 'string' ? errorType : undefined,
            requestId:
              typeof res.headers['x-amzn-requestid'] === 'string'
                ? res.headers['x-amzn-requestid']
                : undefined,
            json: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>),
          });
        });
      },
    );
    req.on('error', reject);
    req.end(wire.body);
  });
}
