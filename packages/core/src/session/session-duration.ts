/**
 * How long the credentials last (Roles Anywhere User Guide, "Credentials object"): the smaller of
 * the profile's duration and the requested one; the profile's when the request names none. A
 * duration above the role's MaxSessionDuration is refused, as the underlying AssumeRole refuses it.
 */
import { validationError } from '../errors.ts';

export function sessionDurationSeconds(
  requested: number | undefined,
  profileSeconds: number,
  roleMaxSessionSeconds: number,
): number {
  const seconds = requested === undefined ? profileSeconds : Math.min(requested, profileSeconds);
  if (seconds > roleMaxSessionSeconds) {
    throw validationError(
      `The requested duration of ${seconds} seconds exceeds the MaxSessionDuration (${roleMaxSessionSeconds} seconds) set for the role.`,
    );
  }
  return seconds;
}
