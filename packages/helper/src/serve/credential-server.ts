/**
 * The HTTP side of `serve`: a local IMDSv2 endpoint (what the official helper's serve offers) and,
 * when a token is configured, an ECS/EKS-style container credentials endpoint beside it.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CredentialSource } from '../session/session-credentials.ts';
import { CONTAINER_PATH, containerAuthorizer, getContainerCredentials } from './container-route.ts';
import { checkHopLimit } from './hop-limit.ts';
import { type ImdsContext, imdsRoute } from './imds-routes.ts';
import { ImdsTokenStore } from './imds-tokens.ts';
import { bindAddress, endpointUrl } from './listen-address.ts';
import { replyText } from './replies.ts';
import { discardBody, MAX_CONNECTIONS, MAX_HEADERS_COUNT, SERVER_LIMITS } from './request-limits.ts';
import { parseRoleArn } from './role-arn.ts';
import { type CredentialServerLog, errorText } from './server-log.ts';

export type { CredentialServerLog } from './server-log.ts';

export interface CredentialServerOptions {
  readonly source: CredentialSource;
  /** IMDS serves the last path component of the ARN's resource as the role name. */
  readonly roleArn: string;
  /** Bind address; IPv6 with or without brackets. */
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** --hop-limit, 1..255; validated but not applicable in Node.js (see hop-limit.ts). */
  readonly hopLimit: number;
  /** Enables GET /credentials, which then requires `Authorization: <token>`. */
  readonly containerToken: string | undefined;
  readonly log: CredentialServerLog;
  readonly now?: () => number;
  readonly random?: (bytes: number) => Buffer;
}

export interface CredentialServer {
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:9911 or http://[::1]:9911. */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** Expired IMDS tokens are dropped this often (the official helper's interval). */
const PURGE_INTERVAL_MS = 5_000;

export async function startCredentialServer(options: CredentialServerOptions): Promise<CredentialServer> {
  const { source, roleArn, log } = options;
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) {
    throw new RangeError(`port must be an integer from 0 to 65535, got ${options.port}`);
  }
  checkHopLimit(options.hopLimit, log);
  const host = bindAddress(options.host);
  const { roleName, accountId } = parseRoleArn(roleArn);
  const now = options.now ?? Date.now;
  const tokens = new ImdsTokenStore(now, options.random ?? randomBytes);
  const imds: ImdsContext = { tokens, roleName, source, log, now };
  const authorized =
    options.containerToken === undefined ? undefined : containerAuthorizer(options.containerToken);
  const container = { source, roleArn, accountId, log };

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await discardBody(req);
    if (body === 'aborted') return;
    // Connection: close, so the unread rest of the body is not parsed as a next request.
    if (body === 'too-large') {
      replyText(res, 413, 'request body too large', { connection: 'close' });
      return;
    }
    const path = requestPath(req.url ?? '');
    if (path === undefined) {
      replyText(res, 400, 'malformed request path');
      return;
    }
    if (path === CONTAINER_PATH && authorized !== undefined) {
      return getContainerCredentials(req, res, authorized, container);
    }
    const handler = imdsRoute(path, roleName);
    if (handler === undefined) {
      replyText(res, 404, 'not found');
      return;
    }
    return handler(req, res, imds);
  }

  const server = createServer(SERVER_LIMITS, (req, res) => {
    route(req, res)
      .catch((error: unknown) => {
        log('error', 'credential endpoint request failed', { error: errorText(error) });
        if (!res.headersSent) replyText(res, 500, 'internal error');
        else res.destroy();
      })
      .finally(() => {
        log('debug', 'credential endpoint request', {
          method: req.method,
          path: req.url,
          status: res.statusCode,
        });
      });
  });
  server.maxHeadersCount = MAX_HEADERS_COUNT;
  server.maxConnections = MAX_CONNECTIONS;

  await listen(server, host, options.port);
  const purge = setInterval(() => tokens.purgeExpired(), PURGE_INTERVAL_MS);
  purge.unref();

  const address = server.address() as AddressInfo;
  const url = endpointUrl(address.address, address.port);
  log('info', 'credential endpoint listening', {
    url,
    roleName,
    containerEndpoint: authorized !== undefined,
  });

  let closing: Promise<void> | undefined;
  return {
    url,
    port: address.port,
    close() {
      closing ??= new Promise<void>((resolve) => {
        clearInterval(purge);
        server.close(() => resolve());
        // Keep-alive connections would otherwise hold close() open until they time out.
        server.closeIdleConnections();
      });
      return closing;
    },
  };
}

/** The lines serve prints at start: shell exports that point SDKs at this server. */
export function describeEndpoints(server: CredentialServer, containerToken: string | undefined): string[] {
  const lines = [`export AWS_EC2_METADATA_SERVICE_ENDPOINT=${server.url}/`];
  if (containerToken !== undefined) {
    lines.push(
      `export AWS_CONTAINER_CREDENTIALS_FULL_URI=${server.url}${CONTAINER_PATH}`,
      `export AWS_CONTAINER_AUTHORIZATION_TOKEN=${shellWord(containerToken)}`,
    );
    if (server.url.startsWith('http://[')) {
      lines.push('# note: the AWS SDK for JavaScript v3 accepts only localhost or 127.0.0.1 in this URI');
    }
  }
  return lines;
}

function shellWord(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`;
}

/** The decoded path of an origin-form (or absolute-form) target, without query; undefined if malformed. */
function requestPath(target: string): string | undefined {
  let raw = target;
  if (!raw.startsWith('/')) {
    if (!URL.canParse(raw)) return undefined;
    raw = new URL(raw).pathname;
  }
  const end = raw.search(/[?#]/);
  try {
    return decodeURIComponent(end === -1 ? raw : raw.slice(0, end));
  } catch {
    return undefined;
  }
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => reject(error);
    server.once('error', onError);
    server.listen({ host, port }, () => {
      server.off('error', onError);
      resolve();
    });
  });
}
