#!/usr/bin/env node
/**
 * A gateway that puts Anchorage in front of an internal HTTP service or an S3-compatible store.
 * Clients sign their requests with Anchorage credentials (for instance the temporary credentials
 * that CreateSession or AssumeRole hand out); the gateway asks Anchorage whether the signature
 * is good and whether the caller's policies allow the action on the resource, and forwards only
 * what is allowed.
 *
 *   node examples/gateway/gateway.ts --anchorage http://127.0.0.1:8080 \
 *     --credentials anchorage-data/admin-credentials --listen 9000 \
 *     --upstream http://127.0.0.1:9100 --service widgets            # an HTTP service
 *   ... --upstream http://127.0.0.1:9200 --s3 --upstream-credentials minio-credentials   # S3
 *
 * HTTP mode: the action is `<service>:<Method>` (widgets:Get, widgets:Post, …) and the resource
 * `arn:aws:<service>:<region>:<account>:<path>`; the upstream receives the request with the
 * caller's identity in `X-Anchorage-Principal-Arn`. S3 mode: actions and resources are S3's own
 * (s3:GetObject on arn:aws:s3:::bucket/key, …), and the gateway re-signs the request with the
 * store's credentials.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { parseArgs } from 'node:util';
import { signRequest } from '@anchorage/core/sigv4/sign-request';
import type { HeaderPairs } from '@anchorage/core/sigv4/signed-request';
import { type AccessKey, type AuthorizationQuestion, askAnchorage } from './authorize-client.ts';
import { s3AccessOf } from './s3-actions.ts';

export interface GatewayOptions {
  readonly anchorage: string;
  readonly credentials: AccessKey;
  readonly upstream: string;
  readonly region: string;
  readonly accountId: string;
  /** HTTP mode: the service name in actions and ARNs. */
  readonly service?: string;
  /** S3 mode: the store's own credentials, used to re-sign forwarded requests. */
  readonly s3UpstreamCredentials?: AccessKey;
}

const MAX_BODY = 64 * 1024 * 1024;
/** Headers that carry the caller's Anchorage signature: never passed upstream. */
const CALLER_AUTH_HEADERS = new Set([
  'authorization',
  'x-amz-security-token',
  'x-amz-date',
  'x-amz-content-sha256',
]);
/** Hop-by-hop and framing headers: they describe this connection, not the request (RFC 9110 §7.6.1). */
const HOP_BY_HOP_HEADERS = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
  'expect',
  'proxy-authorization',
  'proxy-connection',
  'content-length',
  'host',
]);

export function readCredentialsFile(path: string): AccessKey {
  const text = readFileSync(path, 'utf8');
  const accessKeyId = /aws_access_key_id\s*=\s*(\S+)/.exec(text)?.[1];
  const secretAccessKey = /aws_secret_access_key\s*=\s*(\S+)/.exec(text)?.[1];
  if (accessKeyId === undefined || secretAccessKey === undefined) throw new Error(`no access key in ${path}`);
  return { accessKeyId, secretAccessKey };
}

export function createGateway(options: GatewayOptions) {
  return createServer((req, res) => {
    handle(options, req, res).catch((error: unknown) => {
      if (!res.headersSent)
        reply(res, 502, 'BadGateway', error instanceof Error ? error.message : String(error), options);
      else res.destroy();
    });
  });
}

async function handle(options: GatewayOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = await readBody(req);
  const target = req.url ?? '/';
  const queryAt = target.indexOf('?');
  const path = queryAt === -1 ? target : target.slice(0, queryAt);
  const query = queryAt === -1 ? '' : target.slice(queryAt + 1);
  const method = req.method ?? 'GET';
  const headers: [string, string][] = [];
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2)
    headers.push([req.rawHeaders[i] ?? '', req.rawHeaders[i + 1] ?? '']);

  const access = options.s3UpstreamCredentials
    ? s3AccessOf(method, path, query)
    : {
        action: `${options.service}:${method.charAt(0)}${method.slice(1).toLowerCase()}`,
        resource: `arn:aws:${options.service}:${options.region}:${options.accountId}:${decodeURIComponent(path.slice(1))}`,
      };
  if (access === undefined)
    return reply(res, 501, 'NotImplemented', `${method} ${path} is not supported`, options);

  const bodyHash = createHash('sha256').update(body).digest('hex');
  const declared = req.headers['x-amz-content-sha256'];
  // S3 clients sign the hash they declare; the gateway holds them to it (or to UNSIGNED-PAYLOAD).
  const payloadHash = typeof declared === 'string' && options.s3UpstreamCredentials ? declared : bodyHash;
  if (/^[0-9a-f]{64}$/.test(payloadHash) && payloadHash !== bodyHash) {
    return reply(
      res,
      400,
      'XAmzContentSHA256Mismatch',
      'The body does not match x-amz-content-sha256',
      options,
    );
  }
  const scope = /Credential=[^/]+\/\d{8}\/([^/]+)\/([^/]+)\//.exec(String(req.headers.authorization ?? ''));
  const question: AuthorizationQuestion = {
    request: { method, path, query, headers, payloadHash },
    service: scope?.[2] ?? (options.s3UpstreamCredentials ? 's3' : (options.service ?? '')),
    region: scope?.[1] ?? options.region,
    action: access.action,
    resource: access.resource,
    context: {
      'aws:SourceIp': req.socket.remoteAddress ?? '',
      'aws:SecureTransport': 'false',
    },
  };
  const answer = await askAnchorage(options.anchorage, options.credentials, options.region, question);
  if (answer.decision !== 'Allow') {
    const code = answer.error?.code ?? 'AccessDenied';
    return reply(res, 403, code, answer.error?.message ?? answer.reason, options);
  }
  await forward(options, { method, path, query, headers, body, bodyHash }, answer.principal?.arn ?? '', res);
}

async function forward(
  options: GatewayOptions,
  request: {
    method: string;
    path: string;
    query: string;
    headers: HeaderPairs;
    body: Buffer;
    bodyHash: string;
  },
  principalArn: string,
  res: ServerResponse,
): Promise<void> {
  const upstream = new URL(options.upstream);
  let headers: [string, string][] = request.headers
    .filter(
      ([name]) => !CALLER_AUTH_HEADERS.has(name.toLowerCase()) && !HOP_BY_HOP_HEADERS.has(name.toLowerCase()),
    )
    .map(([n, v]) => [n, v]);
  if (options.s3UpstreamCredentials) {
    // Re-sign for the store with its own key (S3 rules: no path normalisation, single encoding).
    const signed = signRequest(
      {
        method: request.method,
        rawPath: request.path,
        rawQuery: request.query,
        headers: [['host', upstream.host], ['x-amz-content-sha256', request.bodyHash], ...headers],
        payloadSha256Hex: request.bodyHash,
      },
      {
        ...options.s3UpstreamCredentials,
        region: options.region,
        service: 's3',
        now: Date.now(),
        uri: { normalizePath: false, doubleEncode: false },
      },
    );
    headers = signed.headers.filter(([name]) => name.toLowerCase() !== 'host').map(([n, v]) => [n, v]);
  } else {
    headers.push(['X-Anchorage-Principal-Arn', principalArn]);
  }
  const response = await fetch(
    new URL(`${request.path}${request.query === '' ? '' : `?${request.query}`}`, upstream),
    {
      method: request.method,
      headers,
      ...(request.body.length === 0 ? {} : { body: request.body }),
    },
  );
  res.writeHead(response.status, Object.fromEntries(response.headers));
  res.end(Buffer.from(await response.arrayBuffer()));
}

function reply(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  options: GatewayOptions,
): void {
  const s3 = options.s3UpstreamCredentials !== undefined;
  const xmlEscape = (text: string) => text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
  const body = s3
    ? `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${xmlEscape(code)}</Code><Message>${xmlEscape(message)}</Message></Error>`
    : JSON.stringify({ code, message });
  res.writeHead(status, { 'Content-Type': s3 ? 'application/xml' : 'application/json' });
  res.end(body);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) req.destroy(new Error('body too large'));
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      anchorage: { type: 'string', default: 'http://127.0.0.1:8080' },
      credentials: { type: 'string', default: 'anchorage-data/admin-credentials' },
      listen: { type: 'string', default: '9000' },
      upstream: { type: 'string' },
      service: { type: 'string' },
      s3: { type: 'boolean', default: false },
      'upstream-credentials': { type: 'string' },
      region: { type: 'string', default: 'us-east-1' },
      'account-id': { type: 'string', default: '000000000000' },
    },
  });
  if (values.upstream === undefined || (!values.s3 && values.service === undefined)) {
    process.stderr.write(
      'usage: gateway.ts --upstream URL (--service NAME | --s3 --upstream-credentials FILE) [...]\n',
    );
    process.exit(2);
  }
  const upstreamCredentials = values['upstream-credentials'];
  const gateway = createGateway({
    anchorage: values.anchorage,
    credentials: readCredentialsFile(values.credentials),
    upstream: values.upstream,
    region: values.region,
    accountId: values['account-id'],
    ...(values.service === undefined ? {} : { service: values.service }),
    ...(values.s3 && upstreamCredentials !== undefined
      ? { s3UpstreamCredentials: readCredentialsFile(upstreamCredentials) }
      : {}),
  });
  const [host, port] = values.listen.includes(':') ? values.listen.split(':') : ['127.0.0.1', values.listen];
  gateway.listen(Number(port), host, () =>
    process.stdout.write(`gateway listening on http://${host}:${port}\n`),
  );
}
