/**
 * The audit trail's writer, off the request's path (modelled on the subject recorder).
 *
 * `record` only queues: a request never waits for, nor fails because of, its audit record. The
 * queue is written in batches of up to `BATCH_SIZE` at most `FLUSH_INTERVAL_MS` after the first
 * record of a batch arrived (at once when `BATCH_SIZE` are waiting), one batch at a time, and
 * everything is written on `flush`/`close` (SIGTERM). What a kill -9 (or power cut) can lose is
 * the records still queued: those of the last ≤ 250 ms, plus whatever waits while the store is
 * failing. A record whose write resolved survives (the store's durability rule).
 *
 * A failed write is retried with backoff (1 s doubling to 5 s), the records kept in order; the
 * failure is logged once per burst, and again when writes recover. Records are never dropped:
 * beyond `MAX_PENDING` waiting records the recorder applies backpressure instead — `admit()`,
 * which the edge awaits before every request it audits (all but health checks and metrics),
 * waits for the backlog to drain and after `ADMISSION_WAIT_MS` refuses the request with 503. An
 * audit trail that cannot be written therefore stops credentials from being handed out and
 * changes from being made, rather than losing the record of them. (Memory stays bounded: records
 * beyond the cap come only from requests already admitted, each making a bounded number; a
 * request refused by `admit` makes none.)
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { AuditEventRecord } from '@anchorage/core/audit/records';
import { AnchorageError } from '@anchorage/core/errors';
import type { Logger } from '../logging/logger.ts';

export const FLUSH_INTERVAL_MS = 250;
export const BATCH_SIZE = 500;
export const MAX_PENDING = 10_000;
export const ADMISSION_WAIT_MS = 5_000;
const RETRY_FIRST_MS = 1_000;
const RETRY_MAX_MS = 5_000;
/** On close, attempts at writing what is left before it is declared lost. */
const CLOSE_ATTEMPTS = 3;

/** Where batches go. `write` either stores every record or rejects; a retried batch may repeat records. */
export interface AuditSink {
  write(batch: readonly AuditEventRecord[]): Promise<void>;
}

export interface AuditRecorder {
  /** Queues the record. Never throws, never waits. */
  record(event: AuditEventRecord): void;
  /** Backpressure: resolves at once unless `MAX_PENDING` records wait (see above). */
  admit(): Promise<void>;
  /** Writes everything queued; rejects with the store's error if a write failed (the records stay queued). */
  flush(): Promise<void>;
  /** Writes everything queued (retrying a little), then refuses new records; never rejects. */
  close(): Promise<void>;
  stats(): AuditRecorderStats;
}

export interface AuditRecorderStats {
  readonly pending: number;
  readonly written: number;
  readonly batches: number;
  readonly failedWrites: number;
  /** Records given up: queued when `close` could not write them, or recorded after `close`. */
  readonly lost: number;
}

export interface AuditRecorderOptions {
  readonly flushIntervalMs?: number;
  readonly batchSize?: number;
  readonly maxPending?: number;
  readonly admissionWaitMs?: number;
  readonly retryFirstMs?: number;
}

export function createAuditRecorder(
  sink: AuditSink,
  logger: Logger,
  options: AuditRecorderOptions = {},
): AuditRecorder {
  const flushIntervalMs = options.flushIntervalMs ?? FLUSH_INTERVAL_MS;
  const batchSize = options.batchSize ?? BATCH_SIZE;
  const maxPending = options.maxPending ?? MAX_PENDING;
  const admissionWaitMs = options.admissionWaitMs ?? ADMISSION_WAIT_MS;
  const retryFirstMs = options.retryFirstMs ?? RETRY_FIRST_MS;
  const admitted = Promise.resolve();

  // Oldest first; a batch leaves the queue only once written.
  const pending: AuditEventRecord[] = [];
  const waiters = new Set<() => void>();
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> | undefined;
  let closed = false;
  let failing: { since: number; attempts: number; error: unknown } | undefined;
  let backlogWarned = false;
  const counts = { written: 0, batches: 0, failedWrites: 0, lost: 0 };

  const schedule = (delayMs: number): void => {
    if (timer !== undefined || closed) return;
    timer = setTimeout(() => {
      timer = undefined;
      void drain().catch(() => undefined);
    }, delayMs);
    // Shutdown writes what is queued (close), so a pending timer must not keep the process alive.
    timer.unref();
  };

  /** Writes batches until the queue is empty; one writer at a time. Rejects on a failed write. */
  const drain = (): Promise<void> => {
    if (writing !== undefined) return writing;
    // Nothing to write: no writer. (Starting one anyway would let its `finally` run before the
    // assignment below and leave a settled promise standing as "the writer" for good.)
    if (pending.length === 0) return Promise.resolve();
    const run = { promise: Promise.resolve() };
    run.promise = (async () => {
      try {
        while (pending.length > 0) await writeBatch();
      } finally {
        // After at least one await: `writing` holds this run by then.
        if (writing === run.promise) writing = undefined;
      }
    })();
    writing = run.promise;
    return run.promise;
  };

  const writeBatch = async (): Promise<void> => {
    const batch = pending.slice(0, batchSize);
    try {
      await sink.write(batch);
    } catch (error) {
      counts.failedWrites += 1;
      if (failing === undefined) {
        failing = { since: Date.now(), attempts: 0, error };
        logger.error('audit: writing records failed; they stay queued and are retried', {
          error: describe(error),
          pending: pending.length,
        });
      }
      failing.attempts += 1;
      schedule(Math.min(retryFirstMs * 2 ** (failing.attempts - 1), RETRY_MAX_MS));
      throw error;
    }
    pending.splice(0, batch.length);
    counts.written += batch.length;
    counts.batches += 1;
    if (failing !== undefined) {
      logger.warn('audit: writing records recovered', {
        failedAttempts: failing.attempts,
        failingForMs: Date.now() - failing.since,
        pending: pending.length,
      });
      failing = undefined;
    }
    if (pending.length < maxPending) {
      backlogWarned = false;
      for (const wake of waiters) wake();
      waiters.clear();
    }
  };

  const admit = (): Promise<void> => {
    if (pending.length < maxPending) return admitted;
    if (!backlogWarned) {
      backlogWarned = true;
      logger.warn('audit: backlog full; audited requests wait for it to drain', { pending: pending.length });
    }
    return new Promise<void>((resolve, reject) => {
      const wake = () => {
        clearTimeout(deadline);
        resolve();
      };
      const deadline = setTimeout(() => {
        waiters.delete(wake);
        const refusal = new AnchorageError('ServiceUnavailableException', 'Service unavailable', {
          reason: `audit trail backlog: ${pending.length} records wait to be written`,
        });
        backlogRefusals.add(refusal);
        reject(refusal);
      }, admissionWaitMs);
      waiters.add(wake);
    });
  };

  return {
    record(event) {
      if (closed) {
        counts.lost += 1;
        logger.error('audit: record after shutdown lost', { id: event.id, action: event.action });
        return;
      }
      pending.push(event);
      // While failing, the retry timer owns the next attempt: no write per record.
      if (failing === undefined && pending.length >= batchSize) void drain().catch(() => undefined);
      else schedule(flushIntervalMs);
    },
    admit,
    async flush() {
      clearTimeout(timer);
      timer = undefined;
      // A write already running may have taken only part of the queue: drain until empty.
      await drain();
    },
    async close() {
      clearTimeout(timer);
      timer = undefined;
      for (let attempt = 1; pending.length > 0 || writing !== undefined; attempt += 1) {
        try {
          await drain();
        } catch {
          if (attempt >= CLOSE_ATTEMPTS) break;
          await sleep(Math.min(retryFirstMs, 500));
        }
      }
      closed = true;
      clearTimeout(timer);
      timer = undefined;
      if (pending.length > 0) {
        counts.lost += pending.length;
        logger.error('audit: records could not be written before shutdown and are lost', {
          lost: pending.length,
          firstId: pending[0]?.id,
        });
        pending.length = 0;
      }
      for (const wake of waiters) wake();
      waiters.clear();
    },
    stats: () => ({ pending: pending.length, ...counts }),
  };
}

/** The errors `admit` refused requests with: such a request makes no record (it would add to the backlog). */
const backlogRefusals = new WeakSet<object>();

export function isAuditBacklogRefusal(error: unknown): boolean {
  return typeof error === 'object' && error !== null && backlogRefusals.has(error);
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
