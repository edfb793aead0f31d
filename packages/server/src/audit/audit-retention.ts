/**
 * Audit retention: records older than the configured number of days are removed at start and
 * then every hour; 0 days keeps them forever. This is the trail's only deletion (no API deletes
 * or changes a record).
 *
 * A run removes `BATCH` records per store call, oldest first through the index on their time,
 * yielding to requests between batches, until a call finds fewer. Runs are idempotent, and safe
 * with several workers or servers on one store: each process prunes on its own schedule and a
 * record is removed once (`AuditCollection.deleteOlderThan`). A failed run is logged and the next
 * one tries again.
 */
import { setImmediate as yieldToRequests } from 'node:timers/promises';
import type { Store } from '@anchorage/store/port';
import type { Logger } from '../logging/logger.ts';

export const PRUNE_INTERVAL_MS = 60 * 60_000;
export const DAY_MS = 24 * 60 * 60_000;
const BATCH = 1_000;

export interface AuditRetention {
  /** Runs a prune now (waiting for one already running); resolves to how many records it removed. */
  prune(): Promise<number>;
  /** Stops the schedule and waits for a running prune to end; the store may be closed after. */
  stop(): Promise<void>;
}

export function startAuditRetention(options: {
  readonly store: Pick<Store, 'auditEvents'>;
  readonly retentionDays: number;
  readonly logger: Logger;
  readonly now: () => number;
  readonly intervalMs?: number;
}): AuditRetention {
  const { store, retentionDays, logger, now } = options;
  let running: Promise<number> | undefined;
  let stopped = false;

  const run = async (): Promise<number> => {
    const before = now() - retentionDays * DAY_MS;
    let removed = 0;
    try {
      for (;;) {
        const batch = await store.auditEvents.deleteOlderThan(before, BATCH);
        removed += batch;
        if (batch < BATCH || stopped) break;
        await yieldToRequests();
      }
    } catch (error) {
      logger.warn('audit retention: removing old records failed; the next run tries again', {
        error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
        removed,
      });
      return removed;
    }
    if (removed > 0) {
      logger.info('audit retention: removed old records', {
        removed,
        olderThan: new Date(before).toISOString(),
        retentionDays,
      });
    }
    return removed;
  };

  const prune = (): Promise<number> => {
    if (retentionDays === 0 || stopped) return Promise.resolve(0);
    running ??= run().finally(() => {
      running = undefined;
    });
    return running;
  };

  let timer: NodeJS.Timeout | undefined;
  if (retentionDays > 0) {
    void prune();
    timer = setInterval(() => void prune(), options.intervalMs ?? PRUNE_INTERVAL_MS);
    // The schedule must not keep a stopping process alive.
    timer.unref();
  }

  return {
    prune,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
