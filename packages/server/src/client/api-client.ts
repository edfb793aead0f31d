/**
 * A small client for Anchorage's own APIs, for the command-line tools: ACM PCA (awsJson1_1),
 * Roles Anywhere (restJson1) and IAM (query), signed with the core's SigV4 signer — the same
 * code the server verifies with. Errors carry the server's code and message.
 */
import { createHash } from 'node:crypto';
import { signRequest } from '@anchorage/core/sigv4/sign-request';
import type { ClientCredentials } from './admin-credentials-source.ts';

export class ApiError extends Error {
  readonly code: string;
  readonly status: number;

  constructor(code: string, message: string, status: number) {
    super(`${code}: ${message}`);
    this.code = code;
    this.status = status;
  }
}

export interface ApiClient {
  acmPca(operation: string, input: Record<string, unknown>): Promise<Record<string, unknown>>;
  rolesAnywhere(
    method: string,
    path: string,
    body?: unknown,
    query?: Record<string, string>,
  ): Promise<Record<string, unknown>>;
  /** Returns the response XML. */
  iam(action: string, params: Record<string, string>): Promise<string>;
}

export function createApiClient(options: {
  readonly endpoint: string;
  readonly region: string;
  readonly credentials: ClientCredentials;
}): ApiClient {
  const base = new URL(options.endpoint);
  const send = async (
    service: string,
    method: string,
    path: string,
    rawQuery: string,
    headers: Record<string, string>,
    body: string,
  ): Promise<{ status: number; text: string; headers: Headers }> => {
    const signed = signRequest(
      {
        method,
        rawPath: path,
        rawQuery,
        headers: [['Host', base.host], ...Object.entries(headers)],
        payloadSha256Hex: createHash('sha256').update(body).digest('hex'),
      },
      {
        accessKeyId: options.credentials.accessKeyId,
        secretAccessKey: options.credentials.secretAccessKey,
        ...(options.credentials.sessionToken === undefined
          ? {}
          : { sessionToken: options.credentials.sessionToken }),
        region: options.region,
        service,
        now: Date.now(),
      },
    );
    // fetch sets Host itself, from the URL, to the same value that was signed.
    const outgoing = signed.headers.filter(([name]) => name.toLowerCase() !== 'host');
    let response: Response;
    try {
      response = await fetch(new URL(`${path}${rawQuery === '' ? '' : `?${rawQuery}`}`, base), {
        method,
        headers: outgoing.map(([n, v]) => [n, v] as [string, string]),
        ...(method === 'GET' || method === 'HEAD' ? {} : { body }),
        signal: AbortSignal.timeout(30_000),
      });
    } catch (error) {
      throw new ApiError('NetworkError', `cannot reach ${base.origin}: ${(error as Error).message}`, 0);
    }
    return { status: response.status, text: await response.text(), headers: response.headers };
  };

  const jsonError = (status: number, text: string, headers: Headers): ApiError => {
    let code = headers.get('x-amzn-errortype')?.split(':')[0];
    let message = text;
    try {
      const json = JSON.parse(text) as Record<string, unknown>;
      if (code === undefined && typeof json.__type === 'string') code = json.__type.split('#').pop();
      if (typeof json.message === 'string') message = json.message;
      else if (typeof json.Message === 'string') message = json.Message;
    } catch {
      // not JSON: keep the text
    }
    return new ApiError(code ?? `HTTP${status}`, message, status);
  };

  return {
    async acmPca(operation, input) {
      const body = JSON.stringify(input);
      const r = await send(
        'acm-pca',
        'POST',
        '/',
        '',
        { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': `ACMPrivateCA.${operation}` },
        body,
      );
      if (r.status >= 300) throw jsonError(r.status, r.text, r.headers);
      return r.text === '' ? {} : (JSON.parse(r.text) as Record<string, unknown>);
    },
    async rolesAnywhere(method, path, body, query = {}) {
      const text = body === undefined ? '' : JSON.stringify(body);
      const rawQuery = Object.entries(query)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
        .join('&');
      const r = await send(
        'rolesanywhere',
        method,
        path,
        rawQuery,
        body === undefined ? {} : { 'Content-Type': 'application/json' },
        text,
      );
      if (r.status >= 300) throw jsonError(r.status, r.text, r.headers);
      return r.text === '' ? {} : (JSON.parse(r.text) as Record<string, unknown>);
    },
    async iam(action, params) {
      const body = new URLSearchParams({ Action: action, Version: '2010-05-08', ...params }).toString();
      const r = await send(
        'iam',
        'POST',
        '/',
        '',
        { 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8' },
        body,
      );
      if (r.status >= 300) {
        const code = /<Code>([^<]+)<\/Code>/.exec(r.text)?.[1] ?? `HTTP${r.status}`;
        const message = /<Message>([^<]*)<\/Message>/.exec(r.text)?.[1] ?? r.text;
        throw new ApiError(code, message, r.status);
      }
      return r.text;
    },
  };
}
