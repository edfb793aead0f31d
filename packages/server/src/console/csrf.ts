/**
 * Cross-site request forgery defences for every state-changing request (POST), two of them, both
 * required:
 *
 * 1. The synchronizer token: the session's random CSRF token, in the hidden form field `_csrf`,
 *    compared in constant time. A foreign page cannot read it (same-origin policy, no CORS).
 * 2. The request's origin: `Sec-Fetch-Site: same-origin` when the browser sends it (it is a
 *    forbidden header that pages cannot set); otherwise an `Origin` equal to the console's own.
 *    `Sec-Fetch-Site` is read first because under `Referrer-Policy: no-referrer` browsers send
 *    `Origin: null` with form posts (Fetch standard, "serializing a request origin"). A request
 *    with neither header is refused: every browser that runs the console sends one of them.
 *
 * The sign-in form has no session yet, so it gets the origin check alone (against login CSRF).
 */
import type { IncomingMessage } from 'node:http';
import { constantTimeEqual } from '@anchorage/core/sigv4/constant-time-equal';

export const CSRF_FIELD = '_csrf';

export function csrfTokenMatches(expected: string, given: string | undefined): boolean {
  return given !== undefined && given !== '' && constantTimeEqual(expected, given);
}

/** The origin the console is served from, as the browser names it: scheme, host and port. */
export function ownOrigin(req: IncomingMessage): string | undefined {
  const host = req.headers.host;
  if (host === undefined || !/^[A-Za-z0-9.:[\]-]{1,300}$/.test(host)) return undefined;
  const secure = 'encrypted' in req.socket && req.socket.encrypted === true;
  return `${secure ? 'https' : 'http'}://${host.toLowerCase()}`;
}

/** Why the request does not come from the console's own pages, or undefined when it does. */
export function crossOriginProblem(req: IncomingMessage): string | undefined {
  const site = req.headers['sec-fetch-site'];
  if (typeof site === 'string') {
    return site === 'same-origin' ? undefined : `Sec-Fetch-Site is ${site.slice(0, 32)}`;
  }
  const origin = req.headers.origin;
  if (origin === undefined) return 'neither Sec-Fetch-Site nor Origin was sent';
  const own = ownOrigin(req);
  return own !== undefined && origin.toLowerCase() === own ? undefined : 'Origin is not the console';
}

/** Both checks for a signed-in POST; the reason is for the log, the person sees a plain refusal. */
export function csrfProblem(
  req: IncomingMessage,
  sessionCsrfToken: string,
  given: string | undefined,
): string | undefined {
  const origin = crossOriginProblem(req);
  if (origin !== undefined) return origin;
  return csrfTokenMatches(sessionCsrfToken, given) ? undefined : 'the _csrf field is missing or wrong';
}
