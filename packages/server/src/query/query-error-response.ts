/**
 * A failure as the query protocol's XML error (the shape botocore's QueryParser reads and the
 * AWS SDKs map to their exception classes by `Code`):
 *
 *   <ErrorResponse xmlns="<service namespace>">
 *     <Error><Type>Sender|Receiver</Type><Code>…</Code><Message>…</Message></Error>
 *     <RequestId>…</RequestId>
 *   </ErrorResponse>
 *
 * The HTTP status is the code's; `Type` is Sender for client faults, Receiver for ours.
 */
import type { WireError } from '../http/wire-error.ts';
import { queryErrorCode } from './query-error-codes.ts';
import { element, escapeXml } from './xml-text.ts';

export interface QueryErrorResponse {
  readonly status: number;
  readonly code: string;
  readonly xml: string;
}

export function queryErrorResponse(
  wire: WireError,
  requestId: string,
  xmlNamespace: string | undefined,
): QueryErrorResponse {
  const { code, status } = queryErrorCode(wire.type, wire.status);
  const error =
    element('Type', wire.fault === 'client' ? 'Sender' : 'Receiver') +
    element('Code', escapeXml(code)) +
    element('Message', escapeXml(wire.message));
  const xml = element(
    'ErrorResponse',
    element('Error', error) + element('RequestId', escapeXml(requestId)),
    xmlNamespace,
  );
  return { status, code, xml };
}
