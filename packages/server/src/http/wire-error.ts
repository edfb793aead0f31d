/**
 * The single mapping from any failure to the AWS restJson1 error shape: the status of the error
 * type, header `X-Amzn-ErrorType: <type>`, body `{"message": …}`. Client faults carry their
 * message; anything unexpected becomes a generic 500 `InternalFailure` whose cause stays in the log.
 */
import { ERROR_CATALOGUE, isAnchorageError } from '@anchorage/core/errors';

export interface WireError {
  readonly status: number;
  readonly type: string;
  readonly message: string;
  readonly fault: 'client' | 'server';
  /** For the log only. */
  readonly reason: string;
}

export function toWireError(error: unknown, requestId: string): WireError {
  if (isAnchorageError(error)) {
    const { status, fault } = ERROR_CATALOGUE[error.code];
    const message = fault === 'server' ? `An internal error occurred (request ${requestId})` : error.message;
    return { status, type: error.code, message, fault, reason: error.reason };
  }
  const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return {
    status: 500,
    type: 'InternalFailure',
    message: `An internal error occurred (request ${requestId})`,
    fault: 'server',
    reason,
  };
}
