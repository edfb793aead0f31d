/**
 * When to fetch new credentials: well before they expire, so that no caller ever holds
 * credentials about to lapse. Fifteen minutes ahead (botocore's advisory refresh window, so
 * credentials handed to the AWS CLI are never already "due"), or halfway through a short session.
 */
const AHEAD_MS = 15 * 60_000;

export function refreshAt(obtainedAt: number, expiresAt: number): number {
  const lifetime = Math.max(0, expiresAt - obtainedAt);
  return expiresAt - Math.min(AHEAD_MS, lifetime / 2);
}
