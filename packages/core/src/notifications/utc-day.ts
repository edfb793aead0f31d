/** Day arithmetic of the expiry notifications: whole days to expiry, and the UTC day of an evaluation. */

export const DAY_MS = 86_400_000;

/** floor((notAfter − now) / 1 day): 0 on the last day before expiry, negative once expired. */
export function daysToExpiry(notAfter: number, now: number): number {
  return Math.floor((notAfter - now) / DAY_MS);
}

/** `YYYY-MM-DD` in UTC: at most one event per certificate, setting and such day. */
export function utcDay(at: number): string {
  return new Date(at).toISOString().slice(0, 10);
}

/** ISO-8601 without milliseconds, as EventBridge writes an event's `time`. */
export function eventTime(at: number): string {
  return new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
