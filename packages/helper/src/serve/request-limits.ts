/**
 * Limits that keep a local client from tying the endpoint up: no route reads a body, so bodies are
 * capped and discarded; headers are small; slow or idle connections are cut.
 */
import type { IncomingMessage, ServerOptions } from 'node:http';

export const MAX_BODY_BYTES = 1024;

export const SERVER_LIMITS = {
  maxHeaderSize: 8 * 1024,
  headersTimeout: 5_000,
  requestTimeout: 10_000,
  keepAliveTimeout: 5_000,
  // How often headersTimeout/requestTimeout are enforced (Node's default is 30 s).
  connectionsCheckingInterval: 1_000,
  requireHostHeader: true,
} as const satisfies ServerOptions;

export const MAX_HEADERS_COUNT = 64;
export const MAX_CONNECTIONS = 256;

/** Reads and drops the request body: 'ok', 'too-large' (over `limit` bytes) or 'aborted'. */
export function discardBody(
  req: IncomingMessage,
  limit = MAX_BODY_BYTES,
): Promise<'ok' | 'too-large' | 'aborted'> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) return Promise.resolve('too-large');
  return new Promise((resolve) => {
    let seen = 0;
    const onData = (chunk: Buffer): void => {
      seen += chunk.length;
      if (seen > limit) {
        req.off('data', onData);
        req.pause();
        resolve('too-large');
      }
    };
    req.on('data', onData);
    req.once('end', () => resolve('ok'));
    req.once('error', () => resolve('aborted'));
    req.once('close', () => resolve(req.complete ? 'ok' : 'aborted'));
  });
}
