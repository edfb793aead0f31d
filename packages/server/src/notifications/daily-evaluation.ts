/**
 * Runs the expiry evaluation at start and then once a day, shortly after each UTC midnight (the
 * day that de-duplicates events). The timer is recomputed each time, so it never drifts, and it
 * does not keep the process alive. A failed run is logged; the next day's run still happens.
 */
import { DAY_MS } from '@anchorage/core/notifications/utc-day';
import type { Logger } from '../logging/logger.ts';

/** A minute into the UTC day: sightings of the last seconds of the day before are written by then. */
export const DAILY_RUN_OFFSET_MS = 60_000;

export function nextDailyRun(now: number): number {
  const today = Math.floor(now / DAY_MS) * DAY_MS + DAILY_RUN_OFFSET_MS;
  return today > now ? today : today + DAY_MS;
}

export function scheduleDailyEvaluation(
  run: () => Promise<unknown>,
  logger: Logger,
  now: () => number,
): { stop(): void } {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const tick = async () => {
    try {
      await run();
    } catch (error) {
      logger.error('notifications: expiry evaluation failed', { error: String(error) });
    }
    if (stopped) return;
    timer = setTimeout(() => void tick(), nextDailyRun(now()) - now());
    timer.unref();
  };
  void tick();
  return {
    stop() {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
    },
  };
}
