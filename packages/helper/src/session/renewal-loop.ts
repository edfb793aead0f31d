/**
 * Keeps credentials renewed in the background for the long-running commands (`serve`, `update`
 * without `--once`): wake at the refresh time, renew, report new credentials, go back to sleep;
 * after a failure try again a little later, or give up when the caller says so.
 */
import type { RefreshingCredentials } from './refreshing-credentials.ts';
import type { SessionCredentials } from './session-credentials.ts';

export interface RenewalLoopOptions {
  readonly now: () => number;
  /** How soon to try again after a renewal that did not happen. */
  readonly retryMs: number;
  /** Called with each new set of credentials (not with the ones held at the start). */
  readonly onRenewed?: (credentials: SessionCredentials) => void;
  /** A renewal failed and nothing valid is left: true keeps trying, false ends the loop. */
  readonly onFailure: (error: unknown) => boolean;
  /** For tests; default setTimeout (which keeps the process alive until stop()). */
  readonly setTimer?: (run: () => void, delayMs: number) => { cancel(): void };
}

export interface RenewalLoop {
  stop(): void;
  /** Resolves when the loop ends: `stopped` by stop(), `failed` when onFailure said so. */
  readonly done: Promise<'stopped' | 'failed'>;
}

const MAX_TIMER_MS = 2 ** 31 - 1;

export function startRenewalLoop(source: RefreshingCredentials, options: RenewalLoopOptions): RenewalLoop {
  const setTimer =
    options.setTimer ??
    ((run: () => void, delayMs: number) => {
      const timer = setTimeout(run, delayMs);
      return { cancel: () => clearTimeout(timer) };
    });
  let finish: (how: 'stopped' | 'failed') => void = () => {};
  const done = new Promise<'stopped' | 'failed'>((resolve) => {
    finish = resolve;
  });
  let ended = false;
  let pending: { cancel(): void } | undefined;
  let last = source.current();

  const schedule = (delayMs: number) => {
    if (ended) return;
    pending = setTimer(renew, Math.min(MAX_TIMER_MS, Math.max(1000, delayMs)));
  };
  const untilRefresh = () => (source.nextRefreshAt() ?? options.now() + options.retryMs) - options.now();
  const renew = () => {
    source.get().then(
      (credentials) => {
        const renewed = credentials !== last;
        last = credentials;
        if (renewed) options.onRenewed?.(credentials);
        // Still the old credentials: the renewal failed for a passing reason; try again soon.
        schedule(renewed ? untilRefresh() : options.retryMs);
      },
      (error: unknown) => {
        if (options.onFailure(error)) schedule(options.retryMs);
        else end('failed');
      },
    );
  };
  const end = (how: 'stopped' | 'failed') => {
    if (ended) return;
    ended = true;
    pending?.cancel();
    finish(how);
  };
  schedule(untilRefresh());
  return { stop: () => end('stopped'), done };
}
