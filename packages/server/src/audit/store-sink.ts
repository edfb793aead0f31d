/**
 * The audit recorder's sink on the store: each record of a batch inserted in order.
 *
 * The store has no multi-record insert, so a batch is still one durable (fsynced) insert per
 * record; batching keeps those writes off the requests and together. The SQLite store writes
 * synchronously, so the sink yields to the event loop every `YIELD_EVERY` records: a batch of
 * 500 must not hold up the requests arriving meanwhile.
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { DuplicateIdError, type Store } from '@anchorage/store/port';
import type { AuditSink } from './audit-recorder.ts';

const YIELD_EVERY = 50;

export function storeSink(store: Pick<Store, 'auditEvents'>): AuditSink {
  return {
    async write(batch) {
      for (const [index, event] of batch.entries()) {
        if (index > 0 && index % YIELD_EVERY === 0) await yieldToEventLoop();
        try {
          await store.auditEvents.insert(event);
        } catch (error) {
          // A batch retried after a partial write: the record (its id is the request id) is in.
          if (!(error instanceof DuplicateIdError)) throw error;
        }
      }
    },
  };
}
