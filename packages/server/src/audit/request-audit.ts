/**
 * The audit trail as one request sees it: every record the request makes gets the request's id
 * (the first exactly, later ones `<id>.2`, `<id>.3`, …: the store keeps one record per id), its
 * time and source address, and goes to the recorder's queue. A request makes at most
 * `MAX_RECORDS_PER_REQUEST` records, so no page or question can flood the backlog; beyond that
 * the rest are counted in the log.
 */
import type { AuditEventRecord } from '@anchorage/core/audit/records';
import type { Logger } from '../logging/logger.ts';
import type { AuditRecorder } from './audit-recorder.ts';

export const MAX_RECORDS_PER_REQUEST = 200;

/** A record's own fields; the request supplies the rest. `sourceAddress` defaults to the request's. */
export type AuditFields = Omit<AuditEventRecord, 'id' | 'requestId' | 'time' | 'sourceAddress'> & {
  readonly sourceAddress?: string;
};

export interface RequestAudit {
  readonly requestId: string;
  /** Queues a record of this request. Never throws, never waits. */
  record(fields: AuditFields): void;
}

export function createRequestAudit(
  recorder: Pick<AuditRecorder, 'record'>,
  logger: Pick<Logger, 'warn'>,
  request: { readonly requestId: string; readonly now: number; readonly sourceAddress: string | undefined },
): RequestAudit {
  const time = new Date(request.now).toISOString();
  let made = 0;
  return {
    requestId: request.requestId,
    record(fields) {
      made += 1;
      if (made > MAX_RECORDS_PER_REQUEST) {
        if (made === MAX_RECORDS_PER_REQUEST + 1) {
          logger.warn('audit: request made too many records; the rest are not kept', {
            requestId: request.requestId,
            max: MAX_RECORDS_PER_REQUEST,
          });
        }
        return;
      }
      // A whole record may be given (auditEventOf's): its identity is the request's, as here.
      const {
        id: _id,
        requestId: _requestId,
        time: _time,
        sourceAddress: given,
        ...own
      } = fields as Partial<AuditEventRecord> & AuditFields;
      const sourceAddress = given ?? request.sourceAddress;
      recorder.record({
        id: made === 1 ? request.requestId : `${request.requestId}.${made}`,
        requestId: request.requestId,
        time,
        ...own,
        ...(sourceAddress === undefined ? {} : { sourceAddress }),
      });
    },
  };
}
