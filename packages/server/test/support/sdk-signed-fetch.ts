/**
 * Requests signed by the AWS SDK for JavaScript's own SigV4 signer. Used for the operations that
 * the only @aws-sdk/client-rolesanywhere in the registry (3.332.0, May 2023) predates
 * (PutNotificationSettings, ResetNotificationSettings, PutAttributeMapping,
 * DeleteAttributeMapping), and to build correctly signed requests that tests then tamper with.
 */
import { Hash } from '@aws-sdk/hash-node';
import { HttpRequest } from '@aws-sdk/protocol-http';
import { SignatureV4 } from '@aws-sdk/signature-v4';
import type { AccessKey } from './admin-credentials.ts';

export interface SignOptions {
  readonly query?: Record<string, string | string[]>;
  readonly body?: unknown;
  /** The exact body bytes to send and sign, instead of `body` encoded as JSON. */
  readonly rawBody?: string;
  /** Default `application/json` when there is a body. */
  readonly contentType?: string;
  readonly service?: string;
  readonly region?: string;
  readonly signingDate?: Date;
}

export interface PreparedRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
}

export interface SignedResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly json: Record<string, unknown>;
}

export async function signWithSdk(
  endpoint: string,
  credentials: AccessKey,
  method: string,
  path: string,
  options: SignOptions = {},
): Promise<PreparedRequest> {
  const url = new URL(endpoint);
  const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  const request = new HttpRequest({
    method,
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    path,
    ...(options.query === undefined ? {} : { query: options.query }),
    headers: {
      host: url.host,
      ...(body === undefined ? {} : { 'content-type': options.contentType ?? 'application/json' }),
    },
    ...(body === undefined ? {} : { body }),
  });
  const signer = new SignatureV4({
    credentials,
    region: options.region ?? 'us-east-1',
    service: options.service ?? 'rolesanywhere',
    sha256: Hash.bind(null, 'sha256'),
  });
  const signed = await signer.sign(
    request,
    options.signingDate === undefined ? {} : { signingDate: options.signingDate },
  );
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(signed.query ?? {})) {
    for (const value of Array.isArray(v) ? v : [v]) if (value !== null) search.append(k, value);
  }
  const qs = search.toString().replace(/\+/g, '%20');
  return {
    url: `${endpoint}${path}${qs === '' ? '' : `?${qs}`}`,
    method,
    headers: { ...signed.headers },
    body,
  };
}

export async function send(request: PreparedRequest): Promise<SignedResponse> {
  const headers = { ...request.headers };
  delete headers.host; // fetch sets Host itself from the URL
  const response = await fetch(request.url, {
    method: request.method,
    headers,
    ...(request.body === undefined ? {} : { body: request.body }),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    json: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>),
  };
}

export async function sdkSignedFetch(
  endpoint: string,
  credentials: AccessKey,
  method: string,
  path: string,
  options: SignOptions = {},
): Promise<SignedResponse> {
  return send(await signWithSdk(endpoint, credentials, method, path, options));
}
