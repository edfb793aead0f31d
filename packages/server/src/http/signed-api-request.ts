/**
 * The first steps every SigV4-signed JSON API of Anchorage's own takes (the Roles Anywhere REST
 * routes, notifications, the audit trail, console users, /authorize): read the body within its limit,
 * authenticate the signature over exactly those bytes, and note the caller for the log.
 */
import type { IncomingMessage } from 'node:http';
import { AnchorageError } from '@anchorage/core/errors';
import type { Authenticator } from '../auth/authenticate.ts';
import type { Caller } from '../control-plane/context.ts';
import { readBody } from './read-body.ts';

export async function authenticateSignedRequest(
  authenticator: Authenticator,
  req: IncomingMessage,
  request: { readonly rawPath: string; readonly rawQuery: string; readonly now: number },
  maxBodyBytes: number,
  trace: { caller?: Caller },
  /** The service the credential scope must name. */
  service = 'rolesanywhere',
): Promise<{ caller: Caller; body: Buffer }> {
  const body = await readBody(req, maxBodyBytes);
  const caller = await authenticator.authenticate({ req, ...request, body }, service);
  trace.caller = caller;
  return { caller, body };
}

export function unknownOperation(method: string | undefined, rawPath: string): AnchorageError {
  return new AnchorageError('UnknownOperationException', `No operation matches ${method} ${rawPath}`);
}
