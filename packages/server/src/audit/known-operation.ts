/**
 * The operation a request names, read before it is authenticated, for the audit record of a
 * request refused at authentication ("the best known action"). Only a name the service serves is
 * taken, so the record's action is never text the client made up; anything else is undefined.
 */
import type { IncomingMessage } from 'node:http';
import type { JsonRpcService } from '../http/json-rpc.ts';
import { parseFormBody } from '../query/form-body.ts';
import type { QueryService } from '../query/query-operation.ts';

/** The query API's `Action` parameter, if the service serves it. */
export function knownQueryOperation(
  service: QueryService,
  body: Buffer,
  contentType: string | undefined,
): string | undefined {
  let action: string | undefined;
  try {
    action = parseFormBody(body, contentType).get('Action');
  } catch {
    return undefined; // the adapter reports the malformed body in its own words
  }
  return action !== undefined && Object.hasOwn(service.operations, action) ? action : undefined;
}

/** The operation an `X-Amz-Target: <prefix>.<Operation>` header names, if the service serves it. */
export function knownJsonRpcOperation(req: IncomingMessage, service: JsonRpcService): string | undefined {
  const target = req.headers['x-amz-target'];
  if (typeof target !== 'string') return undefined;
  const name = target.slice(target.indexOf('.') + 1);
  return Object.hasOwn(service.operations, name) ? name : undefined;
}
