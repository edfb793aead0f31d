/**
 * A load refusal in the wire format of the API that was asked, always with its own status (429
 * for a rate limit, 503 for capacity; RFC 6585 §4, RFC 9110 §15.6.4) and `Retry-After` in whole
 * seconds. The AWS SDKs and botocore retry both: a 429 status, or the codes `ThrottlingException`
 * and `Throttling` (botocore `retries/standard.py`), or a 503.
 *
 * - restJson1 (Roles Anywhere, Anchorage's own APIs): `X-Amzn-ErrorType` and `{"message": …}`;
 * - awsJson1_1 (the private CA): the same header and `{"__type": …, "message": …}`;
 * - query (IAM, STS): `<ErrorResponse>` with `Code` `Throttling` or `ServiceUnavailable`.
 */
import type { ServerResponse } from 'node:http';
import { JSON_1_1 } from '../http/json-rpc.ts';
import { queryErrorResponse } from '../query/query-error-response.ts';
import type { LimitRefusal } from './limit-refusal.ts';

export type WireProtocol =
  | { readonly kind: 'rest-json' }
  | { readonly kind: 'json-1.1' }
  | { readonly kind: 'query'; readonly xmlNamespace: string | undefined };

export function sendLimitRefusal(
  res: ServerResponse,
  protocol: WireProtocol,
  refusal: LimitRefusal,
  requestId: string,
): number {
  const status = refusal.httpStatus;
  res.setHeader('Retry-After', String(refusal.retryAfterSeconds));
  // An overloaded server sheds the connection too; a throttled client may keep it.
  if (status === 503) res.setHeader('Connection', 'close');
  const fault = refusal.fault;
  if (protocol.kind === 'query') {
    const wire = { status, type: refusal.code, message: refusal.message, fault, reason: refusal.reason };
    const { xml } = queryErrorResponse(wire, requestId, protocol.xmlNamespace);
    return write(res, status, 'text/xml', xml);
  }
  res.setHeader('X-Amzn-ErrorType', refusal.code);
  if (protocol.kind === 'json-1.1') {
    return write(res, status, JSON_1_1, JSON.stringify({ __type: refusal.code, message: refusal.message }));
  }
  return write(res, status, 'application/json', JSON.stringify({ message: refusal.message }));
}

function write(res: ServerResponse, status: number, contentType: string, body: string): number {
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
  return status;
}
