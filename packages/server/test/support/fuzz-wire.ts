/**
 * The HTTP side of the fuzz and soak tests: a request as bytes on the wire (method, request
 * target, header pairs in order, body), sent exactly as given; mutations of such a request
 * (fast-check arbitraries); and the checks every answer must pass: never a 5xx, a 4xx in the wire
 * format of the API the server routed it to, and no credentials where none may be.
 */
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import fc from 'fast-check';
import type { PreparedRequest } from './sdk-signed-fetch.ts';

export interface WireRequest {
  readonly method: string;
  /** Path and query exactly as on the request line. */
  readonly target: string;
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly body: Buffer;
}

export interface WireResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly text: string;
}

/** A request the SDK signer prepared, as wire bytes (its Host header kept, in its place). */
export function fromPrepared(prepared: PreparedRequest): WireRequest {
  const url = new URL(prepared.url);
  return {
    method: prepared.method,
    target: `${url.pathname}${url.search}`,
    headers: Object.entries(prepared.headers),
    body: Buffer.from(prepared.body ?? ''),
  };
}

/** Sends exactly these headers (repeats and order kept) and body; resolves to the answer. */
export function sendWire(base: string, wire: WireRequest): Promise<WireResponse> {
  const { hostname, port } = new URL(base);
  const headers: string[] = wire.headers.flat();
  if (!wire.headers.some(([n]) => n.toLowerCase() === 'content-length')) {
    headers.push('Content-Length', String(wire.body.length));
  }
  let req: ReturnType<typeof httpRequest>;
  try {
    req = httpRequest({
      host: hostname,
      port,
      method: wire.method,
      path: wire.target,
      headers,
      setHost: false,
    });
  } catch {
    // Node's client refuses some bytes (a repeated Host, characters it will not write): send them raw.
    return sendRaw(base, rawBytes(wire, headers));
  }
  return new Promise((resolve, reject) => {
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          text: Buffer.concat(chunks).toString('utf8'),
        }),
      );
      res.on('error', reject);
    });
    // The server may answer (413, 431) and close before it has read everything we send.
    req.on('error', (error: NodeJS.ErrnoException) =>
      error.code === 'ECONNRESET' || error.code === 'EPIPE'
        ? resolve({ status: 0, headers: {}, text: '' })
        : reject(error),
    );
    req.end(wire.body);
  });
}

function rawBytes(wire: WireRequest, flat: readonly string[]): Buffer {
  let head = `${wire.method} ${wire.target} HTTP/1.1\r\n`;
  for (let i = 0; i < flat.length; i += 2) head += `${flat[i]}: ${flat[i + 1]}\r\n`;
  return Buffer.concat([Buffer.from(`${head}Connection: close\r\n\r\n`, 'latin1'), wire.body]);
}

/** Raw bytes on a fresh connection (for request lines Node's client refuses to send); the reply's status. */
export function sendRaw(base: string, bytes: Buffer): Promise<WireResponse> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let received = '';
    socket.on('data', (d) => {
      received += d.toString('latin1');
    });
    const done = () => {
      const status = Number(/^HTTP\/1\.1 (\d{3}) /.exec(received)?.[1] ?? 0);
      const head = received.split('\r\n\r\n')[0] ?? '';
      const headers: Record<string, string> = {};
      for (const line of head.split('\r\n').slice(1)) {
        const colon = line.indexOf(':');
        if (colon > 0) headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
      }
      resolve({ status, headers, text: received.slice(head.length + 4) });
    };
    socket.on('error', (error: NodeJS.ErrnoException) =>
      error.code === 'ECONNRESET' ? done() : reject(error),
    );
    socket.on('close', done);
    socket.setTimeout(10_000, () => socket.destroy());
    socket.end(bytes);
  });
}

// --- Which API the server routes a request to (mirrors handle-request.ts) ---------------------

export type Protocol = 'health' | 'rest-json' | 'json-1.1' | 'query' | 'console-html';

export function header(wire: WireRequest, name: string): string | undefined {
  return wire.headers.find(([n]) => n.toLowerCase() === name)?.[1];
}

export function protocolOf(wire: WireRequest): Protocol {
  const path = wire.target.split('?')[0] ?? '';
  if (wire.method === 'GET' && path === '/healthz') return 'health';
  if (path === '/console' || path.startsWith('/console/'))
    return path.startsWith('/console/api/') ? 'rest-json' : 'console-html';
  if (wire.method === 'POST' && path === '/') {
    // Node joins a repeated header's values with ', ' (IncomingMessage.headers).
    const target = wire.headers
      .filter(([n]) => n.toLowerCase() === 'x-amz-target')
      .map(([, v]) => v)
      .join(', ');
    return target.startsWith('ACMPrivateCA.') ? 'json-1.1' : 'query';
  }
  return 'rest-json';
}

// --- The checks ------------------------------------------------------------------------------

/** Field names that only a response carrying credentials has (CreateSession, AssumeRole). */
export const CREDENTIAL_FIELDS = /secretAccessKey|SecretAccessKey|sessionToken|SessionToken/;

/**
 * Statuses Node's HTTP parser answers before any handler runs (malformed request line or
 * headers, headers too large, …): no request id, no body format to check.
 */
const PARSER_STATUSES = new Set([400, 408, 413, 414, 431]);

/**
 * Never a 5xx. A 4xx carries the error in the API's wire format: restJson1 `X-Amzn-ErrorType` and
 * `{"message"}`; awsJson1_1 the same with `__type`; query `<ErrorResponse>` with `Type`, `Code`,
 * `Message`; the console's HTML pages are pages. Returns a problem, or null.
 */
export function wireProblem(wire: WireRequest, response: WireResponse): string | null {
  const { status } = response;
  if (status === 0) return null; // the server closed early (an oversized request): nothing to check
  if (status >= 500) return `${status} ${response.text.slice(0, 300)}`;
  if (status < 400) return null;
  if (response.headers['x-amzn-requestid'] === undefined) {
    return PARSER_STATUSES.has(status) ? null : `${status} without a request id`;
  }
  const protocol = protocolOf(wire);
  const type = response.headers['x-amzn-errortype'];
  // A response to HEAD has no body (RFC 9110 §9.3.2): only the status and headers to check.
  if (wire.method === 'HEAD')
    return protocol === 'console-html' || typeof type === 'string' || protocol === 'query'
      ? null
      : `${status} HEAD without X-Amzn-ErrorType`;
  const json = (): Record<string, unknown> | null => {
    try {
      const parsed = JSON.parse(response.text) as unknown;
      return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : null;
    } catch {
      return null;
    }
  };
  switch (protocol) {
    case 'rest-json':
    case 'health': {
      const body = json();
      if (typeof type !== 'string' || type === '') return `${status} without X-Amzn-ErrorType`;
      if (body === null || typeof body.message !== 'string')
        return `${status} ${type}: body is not {"message"}`;
      return null;
    }
    case 'json-1.1': {
      const body = json();
      if (typeof type !== 'string' || type === '') return `${status} without X-Amzn-ErrorType`;
      if (body === null || typeof body.message !== 'string' || body.__type !== type)
        return `${status} ${type}: body is not {"__type", "message"}`;
      return null;
    }
    case 'query':
      return /^<ErrorResponse[^>]*><Error><Type>Sender<\/Type><Code>[A-Za-z.]+<\/Code><Message>[^<]*<\/Message><\/Error><RequestId>[^<]+<\/RequestId><\/ErrorResponse>\s*$/.test(
        response.text.replace(/^<\?xml[^>]*>\s*/, ''),
      )
        ? null
        : `${status}: not a query <ErrorResponse>: ${response.text.slice(0, 300)}`;
    case 'console-html':
      return String(response.headers['content-type']).startsWith('text/html')
        ? null
        : `${status}: console answered ${String(response.headers['content-type'])}`;
  }
}

/** A header value as SigV4 canonicalises it: whitespace runs collapsed, ends trimmed. */
const canonicalValue = (value: string) => value.replace(/[ \t]+/g, ' ').trim();

/**
 * Whether two requests say the same thing to a SigV4 verifier: same method, path and body, the
 * same query parameters in any order, the same header values by name (case, order and whitespace
 * runs aside). Mutations can cancel out (a parameter added, then dropped); such a request is a
 * valid one, not a forgery.
 */
export function sameRequest(a: WireRequest, b: WireRequest): boolean {
  const view = (w: WireRequest) => {
    const [path, query = ''] = w.target.split(/\?(.*)/s);
    const pairs = query
      .split('&')
      .filter((p) => p !== '')
      .sort();
    const headers = new Map<string, string[]>();
    for (const [n, v] of w.headers)
      headers.set(n.toLowerCase(), [...(headers.get(n.toLowerCase()) ?? []), canonicalValue(v)]);
    return JSON.stringify([w.method, path, pairs, [...headers].sort(), w.body.toString('base64')]);
  };
  return view(a) === view(b);
}

// --- Mutations -------------------------------------------------------------------------------

export type Mutation =
  | { readonly kind: 'body-flip'; readonly at: number; readonly bit: number }
  | { readonly kind: 'body-insert'; readonly at: number; readonly bytes: Uint8Array }
  | { readonly kind: 'body-cut'; readonly at: number }
  | { readonly kind: 'body-oversized'; readonly size: number }
  | { readonly kind: 'method'; readonly method: string }
  | { readonly kind: 'path'; readonly suffix: string }
  | { readonly kind: 'query-add'; readonly pair: string }
  | { readonly kind: 'query-drop'; readonly at: number }
  | { readonly kind: 'header-value'; readonly at: number; readonly value: string }
  | { readonly kind: 'header-append'; readonly at: number; readonly text: string }
  | { readonly kind: 'header-drop'; readonly at: number }
  | { readonly kind: 'header-repeat'; readonly at: number; readonly value: string }
  | { readonly kind: 'header-oversized'; readonly at: number; readonly size: number }
  | { readonly kind: 'content-type'; readonly value: string }
  | { readonly kind: 'signature'; readonly at: number }
  | { readonly kind: 'date'; readonly seconds: number };

const position = fc.noBias(fc.nat({ max: 0x7fffffff }));
/** Header values Node's client will send: visible Latin-1, spaces and tabs. */
const headerText = (maxLength: number) =>
  fc.oneof(
    fc.string({ unit: fc.constantFrom(...'aZ09=/+;,:. -_\t"\'()<>{}[]%\\'), maxLength }),
    fc.string({ unit: fc.integer({ min: 0x21, max: 0xff }).map((c) => String.fromCharCode(c)), maxLength }),
  );
/** Request-target text Node's client will send: no spaces or controls. */
const targetText = fc.string({
  unit: fc.oneof(
    fc.constantFrom(
      '/',
      '.',
      '..',
      '%',
      '%2F',
      '%ZZ',
      '%00',
      '%C3%A9',
      '%FF',
      '?',
      '&',
      '=',
      '#',
      '~',
      'é',
      '\u00ff',
      '+',
    ),
    fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)),
  ),
  maxLength: 12,
});

/**
 * Mutations of what a signature covers: body bytes (and bodies over the size limit), method,
 * path, query, header values (replaced, extended, dropped, repeated, oversized), Content-Type,
 * and the Authorization and X-Amz-Date headers themselves.
 */
export function mutationArbitrary(): fc.Arbitrary<Mutation> {
  return fc.oneof(
    fc.record({ kind: fc.constant('body-flip'), at: position, bit: fc.integer({ min: 0, max: 7 }) }),
    fc.record({
      kind: fc.constant('body-insert'),
      at: position,
      bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }),
    }),
    fc.record({ kind: fc.constant('body-cut'), at: position }),
    fc.record({
      kind: fc.constant('body-oversized'),
      size: fc.constantFrom(1024 * 1024 + 1, 2 * 1024 * 1024),
    }),
    fc.record({
      kind: fc.constant('method'),
      method: fc.oneof(
        fc.constantFrom('GET', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS', 'TRACE', 'FOO'),
        fc.stringMatching(/^[A-Z]{1,12}$/),
      ),
    }),
    fc.record({ kind: fc.constant('path'), suffix: targetText }),
    fc.record({ kind: fc.constant('query-add'), pair: targetText }),
    fc.record({ kind: fc.constant('query-drop'), at: position }),
    fc.record({ kind: fc.constant('header-value'), at: position, value: headerText(40) }),
    fc.record({
      kind: fc.constant('header-append'),
      at: position,
      text: headerText(8).filter((t) => t.trim() !== ''),
    }),
    fc.record({ kind: fc.constant('header-drop'), at: position }),
    fc.record({ kind: fc.constant('header-repeat'), at: position, value: headerText(20) }),
    fc.record({
      kind: fc.constant('header-oversized'),
      at: position,
      size: fc.constantFrom(9_000, 17_000, 70_000),
    }),
    fc.record({
      kind: fc.constant('content-type'),
      value: fc.constantFrom(
        'text/plain',
        'application/xml',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        '',
        'application/json; charset=utf-16',
        'application/x-amz-json-1.1',
      ),
    }),
    fc.record({ kind: fc.constant('signature'), at: position }),
    fc.record({
      kind: fc.constant('date'),
      seconds: fc.oneof(fc.integer({ min: -3600, max: 3600 }), fc.constant(1)),
    }),
  ) as fc.Arbitrary<Mutation>;
}

const replaceAt = (
  headers: WireRequest['headers'],
  at: number,
  change: (pair: readonly [string, string]) => ReadonlyArray<readonly [string, string]>,
) => headers.flatMap((pair, i) => (i === at % Math.max(1, headers.length) ? change(pair) : [pair]));

/** Applies one mutation. Header mutations pick among `signedHeaders` when given (they then change a signed part). */
export function applyMutation(
  wire: WireRequest,
  m: Mutation,
  signedHeaders?: readonly string[],
): WireRequest {
  const body = wire.body;
  const headerIndexes = wire.headers
    .map(([n], i) => [n.toLowerCase(), i] as const)
    .filter(([n]) => signedHeaders === undefined || signedHeaders.includes(n))
    .map(([, i]) => i);
  const pickHeader = (at: number) => headerIndexes[at % Math.max(1, headerIndexes.length)] ?? 0;
  const [path = '', query] = wire.target.split(/\?(.*)/s);
  const withQuery = (q: string) => `${path}${q === '' ? '' : `?${q}`}`;
  switch (m.kind) {
    case 'body-flip': {
      if (body.length === 0) return { ...wire, body: Buffer.from([1 << m.bit]) };
      const copy = Buffer.from(body);
      const at = m.at % copy.length;
      copy[at] = (copy[at] ?? 0) ^ (1 << m.bit);
      return { ...wire, body: copy };
    }
    case 'body-insert': {
      const at = m.at % (body.length + 1);
      return { ...wire, body: Buffer.concat([body.subarray(0, at), m.bytes, body.subarray(at)]) };
    }
    case 'body-cut':
      return body.length === 0
        ? { ...wire, body: Buffer.from('x') }
        : { ...wire, body: body.subarray(0, m.at % body.length) };
    case 'body-oversized':
      return { ...wire, body: Buffer.concat([body, Buffer.alloc(m.size, 0x20)]) };
    case 'method':
      return { ...wire, method: m.method === wire.method ? `${m.method}X` : m.method };
    case 'path':
      return {
        ...wire,
        target: `${path}${m.suffix === '' ? '/x' : m.suffix}${query === undefined ? '' : `?${query}`}`,
      };
    case 'query-add':
      return { ...wire, target: withQuery([query ?? '', `${m.pair}x=1`].filter((p) => p !== '').join('&')) };
    case 'query-drop': {
      const pieces = (query ?? '').split('&').filter((p) => p !== '');
      if (pieces.length === 0) return { ...wire, target: withQuery('zz=1') };
      const drop = m.at % pieces.length;
      return { ...wire, target: withQuery(pieces.filter((_, i) => i !== drop).join('&')) };
    }
    case 'header-value':
      return {
        ...wire,
        headers: replaceAt(wire.headers, pickHeader(m.at), ([n, v]) => [
          // A value SigV4 canonicalises the same (whitespace runs) would not be a change.
          [n, canonicalValue(m.value) === canonicalValue(v) ? `${v}x` : m.value],
        ]),
      };
    case 'header-append':
      return {
        ...wire,
        headers: replaceAt(wire.headers, pickHeader(m.at), ([n, v]) => [[n, `${v}${m.text}`]]),
      };
    case 'header-drop':
      return { ...wire, headers: replaceAt(wire.headers, pickHeader(m.at), () => []) };
    case 'header-repeat':
      return {
        ...wire,
        headers: replaceAt(wire.headers, pickHeader(m.at), ([n, v]) => [
          [n, v],
          [n, m.value],
        ]),
      };
    case 'header-oversized':
      return {
        ...wire,
        headers: replaceAt(wire.headers, pickHeader(m.at), ([n, v]) => [[n, `${v}${'A'.repeat(m.size)}`]]),
      };
    case 'content-type': {
      const has = wire.headers.some(([n]) => n.toLowerCase() === 'content-type');
      const value = m.value === header(wire, 'content-type') ? `${m.value}x` : m.value;
      return {
        ...wire,
        headers: has
          ? wire.headers.map(([n, v]) => (n.toLowerCase() === 'content-type' ? [n, value] : [n, v]))
          : [...wire.headers, ['Content-Type', value]],
      };
    }
    case 'signature':
      return {
        ...wire,
        headers: wire.headers.map(([n, v]) => {
          if (n.toLowerCase() !== 'authorization') return [n, v];
          const at = v.indexOf('Signature=') + 'Signature='.length + (m.at % 64);
          const digit = v.charAt(at);
          return [n, `${v.slice(0, at)}${digit === '0' ? '1' : '0'}${v.slice(at + 1)}`];
        }),
      };
    case 'date':
      return {
        ...wire,
        headers: wire.headers.map(([n, v]) => {
          if (n.toLowerCase() !== 'x-amz-date') return [n, v];
          const iso = `${v.slice(0, 4)}-${v.slice(4, 6)}-${v.slice(6, 8)}T${v.slice(9, 11)}:${v.slice(11, 13)}:${v.slice(13, 15)}Z`;
          const shifted = new Date(Date.parse(iso) + (m.seconds === 0 ? 1 : m.seconds) * 1000);
          // An earlier mutation may have left no date to shift: change it some other way.
          if (Number.isNaN(shifted.getTime())) return [n, `${v}1`];
          return [n, shifted.toISOString().replace(/[-:]|\.\d{3}/g, '')];
        }),
      };
  }
}
