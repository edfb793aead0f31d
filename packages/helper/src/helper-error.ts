/**
 * Every failure the helper reports to its user: what failed and what to do about it. The command
 * line prints the message and exits 1 (as the official helper does); the SDK provider rejects with it.
 */
export class HelperError extends Error {
  /** A network failure, a 5xx or throttling: worth retrying later, and last good credentials may be kept. */
  readonly transient: boolean;

  constructor(message: string, options: { transient?: boolean; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'HelperError';
    this.transient = options.transient ?? false;
  }
}
