/**
 * The audit recorder's sink on the store: each batch appended in one durable write (one
 * transaction, one fsync), all or none. A batch retried after a failure is written once: records
 * whose id (the request id) is stored are skipped.
 */
import type { Store } from '@anchorage/store/port';
import type { AuditSink } from './audit-recorder.ts';

export function storeSink(store: Pick<Store, 'auditEvents'>): AuditSink {
  return {
    async write(batch) {
      await store.auditEvents.append(batch);
    },
  };
}
