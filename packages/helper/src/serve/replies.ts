/** Small response writers, so every route sets the same headers the same way. */
import type { ServerResponse } from 'node:http';

type Headers = Readonly<Record<string, string>>;

export function replyText(res: ServerResponse, status: number, body: string, headers: Headers = {}): void {
  res.writeHead(status, {
    ...headers,
    'content-type': 'text/plain; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

/** JSON followed by a newline, as Go's json.Encoder writes it (the official helper's framing). */
export function replyJson(res: ServerResponse, status: number, value: unknown, headers: Headers = {}): void {
  const body = `${JSON.stringify(value)}\n`;
  res.writeHead(status, {
    ...headers,
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

export function replyEmpty(res: ServerResponse, status: number, headers: Headers = {}): void {
  res.writeHead(status, { ...headers, 'content-length': 0 });
  res.end();
}

/** RFC 3339 in UTC without fractional seconds, the form IMDS uses for LastUpdated. */
export function rfc3339(millis: number): string {
  return new Date(millis).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
