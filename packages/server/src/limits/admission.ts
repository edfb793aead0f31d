/**
 * Where admission decisions are made, by deployment:
 *
 * - one process: here, by the engine (`localAdmission`);
 * - `--workers N`: in the cluster primary, one IPC round trip per decision
 *   (`cluster-admission.ts`), so buckets and the replay cache are exact for the whole server
 *   however the kernel spreads connections over the workers;
 * - PostgreSQL (several servers may share it): buckets as above, the replay cache in the database
 *   (`storeReplayAdmission`), so a request accepted by one server is refused by every other.
 */
import type { ReplayClaims } from '@anchorage/store/port';
import type { Logger } from '../logging/logger.ts';
import type { AdmissionEngine, AdmissionOutcome, AdmissionRequest } from './admission-engine.ts';

export interface Admission {
  admit(request: AdmissionRequest): Promise<AdmissionOutcome>;
  /** Stops the timers. */
  close(): void;
}

/**
 * How often expired in-memory replay entries are forgotten: often, so each sweep is short (about
 * 0.7 µs an entry; at 1,000 CreateSession a second, some 4 ms every 5 s).
 */
export const SWEEP_INTERVAL_MS = 5_000;
/** How often expired replay claims are deleted from the database. */
export const PURGE_INTERVAL_MS = 60_000;
/**
 * Database entries are purged this long after they expire, not at once: servers' clocks differ a
 * little, and a server whose clock is behind still accepts a request a little longer.
 */
export const PURGE_GRACE_MS = 60_000;

export function localAdmission(engine: AdmissionEngine, now: () => number): Admission {
  const timer = setInterval(() => engine.sweep(now()), SWEEP_INTERVAL_MS);
  timer.unref();
  return {
    admit: async (request) => engine.decide(request, now()),
    close: () => clearInterval(timer),
  };
}

const ADMITTED: AdmissionOutcome = { kind: 'admitted' };

/** Tokens from `buckets`, then an atomic claim of the replay key in the store. */
export function storeReplayAdmission(
  buckets: Admission,
  claims: ReplayClaims,
  now: () => number,
  logger: Logger,
): Admission {
  const timer = setInterval(() => {
    claims.purge(now() - PURGE_GRACE_MS).catch((error: unknown) => {
      logger.warn('replay cache purge failed', {
        error: error instanceof Error ? error.message : String(error),
      });
    });
  }, PURGE_INTERVAL_MS);
  timer.unref();
  return {
    async admit(request) {
      const outcome = await buckets.admit({ takes: request.takes });
      if (outcome.kind !== 'admitted' || request.replay === undefined) return outcome;
      const { key, expiresAt } = request.replay;
      return (await claims.claim(key, expiresAt, now())) ? ADMITTED : { kind: 'replayed' };
    },
    close() {
      clearInterval(timer);
      buckets.close();
    },
  };
}
