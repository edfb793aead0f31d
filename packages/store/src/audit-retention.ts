/**
 * The argument rule of `AuditCollection.deleteOlderThan`, the same for every backend: `before` is
 * a time (epoch ms) and `limit` a positive integer, else `RangeError` (a caller's bug). Records
 * are compared by their `time` text, which `Date#toISOString` writes in a form that sorts as text.
 */
import { assertPageLimit } from './page-limit.ts';

/** The cutoff as records write their times (`2031-03-04T12:00:00.000Z`). */
export function retentionCutoff(before: number, limit: number): string {
  assertPageLimit(limit);
  if (!Number.isFinite(before)) throw new RangeError(`before must be a time in epoch ms, got ${before}`);
  return new Date(before).toISOString();
}
