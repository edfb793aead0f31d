/**
 * A browser-like client for the console in HTTP tests: one cookie jar, form posts (URL-encoded or
 * multipart) with the headers a browser sends (`Sec-Fetch-Site`, or `Origin`), and the `_csrf`
 * token read from the last page. Built on node:http(s) so every header is exactly what the test
 * says (fetch adds its own `sec-fetch-*` headers).
 */
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface ConsoleResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** `Set-Cookie` values, as sent. */
  readonly cookies: readonly string[];
}

export interface PostOptions {
  /** Default: `Sec-Fetch-Site: same-origin`, as a browser sends for the console's own forms. */
  readonly headers?: Record<string, string>;
  /** Default: the token of the last page fetched; `null` sends none. */
  readonly csrf?: string | null;
  /** Parts with a filename, sent as multipart/form-data. */
  readonly files?: Record<string, { filename: string; data: Buffer | string }>;
}

export class ConsoleClient {
  readonly base: URL;
  cookie: string | undefined;
  csrf: string | undefined;
  private readonly ca: string | undefined;

  constructor(url: string, options: { ca?: string } = {}) {
    this.base = new URL(url);
    this.ca = options.ca;
  }

  get(path: string, headers: Record<string, string> = {}): Promise<ConsoleResponse> {
    return this.send('GET', path, headers, undefined);
  }

  post(
    path: string,
    fields: Record<string, string | readonly string[]>,
    options: PostOptions = {},
  ): Promise<ConsoleResponse> {
    const csrf = options.csrf === undefined ? this.csrf : options.csrf;
    const all: [string, string][] = Object.entries(fields).flatMap(([k, v]) =>
      typeof v === 'string' ? [[k, v] as [string, string]] : v.map((x) => [k, x] as [string, string]),
    );
    if (csrf !== null && csrf !== undefined) all.push(['_csrf', csrf]);
    const headers = { 'Sec-Fetch-Site': 'same-origin', ...options.headers };
    if (options.files === undefined) {
      const body = new URLSearchParams(all).toString();
      return this.send(
        'POST',
        path,
        { ...headers, 'Content-Type': 'application/x-www-form-urlencoded' },
        Buffer.from(body),
      );
    }
    const boundary = `----anchorage${Date.now()}`;
    const parts: Buffer[] = [];
    for (const [name, value] of all) {
      parts.push(
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
      );
    }
    for (const [name, file] of Object.entries(options.files)) {
      parts.push(
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${file.filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
        ),
        Buffer.from(file.data),
        Buffer.from('\r\n'),
      );
    }
    parts.push(Buffer.from(`--${boundary}--\r\n`));
    return this.send(
      'POST',
      path,
      { ...headers, 'Content-Type': `multipart/form-data; boundary=${boundary}` },
      Buffer.concat(parts),
    );
  }

  /** Signs in with an access key (and session token for temporary credentials). */
  async signIn(key: {
    accessKeyId: string;
    secretAccessKey: string;
    sessionToken?: string;
  }): Promise<ConsoleResponse> {
    return this.post('/console/sign-in', {
      method: 'access-key',
      accessKeyId: key.accessKeyId,
      secretAccessKey: key.secretAccessKey,
      sessionToken: key.sessionToken ?? '',
    });
  }

  private send(
    method: string,
    path: string,
    headers: Record<string, string>,
    body: Buffer | undefined,
  ): Promise<ConsoleResponse> {
    const url = new URL(path, this.base);
    const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const req = request(
        url,
        {
          method,
          headers: {
            // An empty value means "do not send this header" (a test of a request without it).
            ...Object.fromEntries(Object.entries(headers).filter(([, v]) => v !== '')),
            ...(this.cookie === undefined ? {} : { Cookie: `anchorage_console=${this.cookie}` }),
            ...(body === undefined ? {} : { 'Content-Length': String(body.length) }),
          },
          ...(this.ca === undefined ? {} : { ca: this.ca }),
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            const cookies = res.headers['set-cookie'] ?? [];
            for (const c of cookies) {
              const value = /^anchorage_console=([^;]*)/.exec(c)?.[1];
              if (value !== undefined) this.cookie = value === '' ? undefined : value;
            }
            const token = /name="_csrf" value="([^"]+)"/.exec(text)?.[1];
            if (token !== undefined) this.csrf = token;
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text, cookies });
          });
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }
}
