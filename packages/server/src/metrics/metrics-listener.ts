/**
 * `--metrics-address`: a listener of its own that serves `GET /metrics` and nothing else, so it
 * can be bound to a private interface that only the Prometheus server reaches. Plain HTTP. With
 * `--metrics-token-file`, it asks for the bearer token too. Refusals have the AWS wire shape of
 * the main port (status, `X-Amzn-ErrorType`, `{"message"}`).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AnchorageError } from '@anchorage/core/errors';
import { sendJson } from '../http/send-json.ts';
import { toWireError } from '../http/wire-error.ts';
import type { Logger } from '../logging/logger.ts';
import { EXPOSITION_CONTENT_TYPE } from './exposition.ts';
import type { HostPort } from './metrics-address.ts';
import type { MetricsToken } from './metrics-token.ts';

/** A scraper sends one small request: no need for the main port's large header allowance. */
const MAX_HEADER_BYTES = 8 * 1024;
const HEADERS_TIMEOUT_MS = 5_000;
const REQUEST_TIMEOUT_MS = 15_000;
/** Scrapers are few; a flood of connections cannot pile up scrapes of the workers. */
const MAX_CONNECTIONS = 32;

export interface MetricsListener {
  readonly url: string;
  close(): Promise<void>;
}

export async function startMetricsListener(options: {
  readonly address: HostPort;
  readonly token: MetricsToken | undefined;
  /** The exposition text, gathered at scrape time. */
  readonly gather: () => Promise<string>;
  readonly logger: Logger;
}): Promise<MetricsListener> {
  const server = createServer(
    {
      maxHeaderSize: MAX_HEADER_BYTES,
      headersTimeout: HEADERS_TIMEOUT_MS,
      requestTimeout: REQUEST_TIMEOUT_MS,
    },
    (req, res) => void answer(options, req, res),
  );
  server.maxConnections = MAX_CONNECTIONS;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.address.port, options.address.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = options.address.host.includes(':') ? `[${options.address.host}]` : options.address.host;
  const url = `http://${host}:${port}/metrics`;
  options.logger.info('metrics listening', { url, token: options.token !== undefined });
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function answer(
  options: Parameters<typeof startMetricsListener>[0],
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const requestId = randomUUID();
  res.setHeader('x-amzn-RequestId', requestId);
  try {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' || path !== '/metrics') {
      throw new AnchorageError('UnknownOperationException', 'Only GET /metrics is served on this address');
    }
    options.token?.check(req);
    sendExposition(res, await options.gather());
  } catch (error) {
    const wire = toWireError(error, requestId);
    if (wire.fault === 'server') {
      options.logger.error('metrics: scrape failed', { requestId, error: wire.reason });
    } else {
      options.logger.debug('metrics: request refused', {
        requestId,
        errorType: wire.type,
        reason: wire.reason,
      });
    }
    res.setHeader('X-Amzn-ErrorType', wire.type);
    sendJson(res, wire.status, { message: wire.message });
  }
}

export function sendExposition(res: ServerResponse, text: string): void {
  res.writeHead(200, { 'Content-Type': EXPOSITION_CONTENT_TYPE, 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}
