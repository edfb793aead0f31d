/** Reads a request body, refusing it before buffering when it is larger than the limit. */
import type { IncomingMessage } from 'node:http';
import { AnchorageError } from '@anchorage/core/errors';

export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > limit) {
    req.resume(); // drain, so the connection can still carry the error response
    return Promise.reject(tooLarge(limit));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        chunks.length = 0;
        req.removeAllListeners('data');
        req.resume();
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function tooLarge(limit: number): AnchorageError {
  return new AnchorageError('RequestEntityTooLargeException', `The request body exceeds ${limit} bytes`);
}
