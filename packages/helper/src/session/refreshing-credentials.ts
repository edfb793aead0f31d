/**
 * Credentials that renew themselves: handed out until their refresh time, then fetched again,
 * one fetch at a time however many callers wait. When a fetch fails for a passing reason
 * (network, 5xx, throttling) the last good credentials are kept until they expire; a refusal
 * (revoked certificate, changed trust policy) drops them at once.
 */
import { HelperError } from '../helper-error.ts';
import { refreshAt } from './refresh-policy.ts';
import type { CredentialSource, SessionCredentials } from './session-credentials.ts';

export interface RefreshingOptions {
  readonly fetch: () => Promise<SessionCredentials>;
  readonly now?: () => number;
  /** After a failed fetch, wait this long before the next one (default 30 s) and keep the old ones. */
  readonly retryAfterFailureMs?: number;
  readonly onError?: (error: unknown, keptUntil: number | undefined) => void;
}

interface Held {
  readonly credentials: SessionCredentials;
  readonly expiresAt: number;
  readonly refreshAt: number;
}

export class RefreshingCredentials implements CredentialSource {
  readonly #options: RefreshingOptions;
  #held: Held | undefined;
  #inflight: Promise<SessionCredentials> | undefined;
  #lastFailureAt = Number.NEGATIVE_INFINITY;

  constructor(options: RefreshingOptions) {
    this.#options = options;
  }

  get(): Promise<SessionCredentials> {
    const now = this.#now();
    const held = this.#held;
    if (held !== undefined && now < held.refreshAt) return Promise.resolve(held.credentials);
    const backingOff = now - this.#lastFailureAt < (this.#options.retryAfterFailureMs ?? 30_000);
    if (held !== undefined && now < held.expiresAt && backingOff) return Promise.resolve(held.credentials);
    return this.refresh();
  }

  /** Fetches now (joining a fetch in progress). */
  refresh(): Promise<SessionCredentials> {
    this.#inflight ??= this.#fetch().finally(() => {
      this.#inflight = undefined;
    });
    return this.#inflight;
  }

  /** The credentials held now, whatever their age; undefined before the first fetch. */
  current(): SessionCredentials | undefined {
    return this.#held?.credentials;
  }

  /** When the held credentials should be renewed; undefined before the first fetch. */
  nextRefreshAt(): number | undefined {
    return this.#held?.refreshAt;
  }

  async #fetch(): Promise<SessionCredentials> {
    const startedAt = this.#now();
    try {
      const credentials = await this.#options.fetch();
      const expiresAt = Date.parse(credentials.expiration);
      if (!Number.isFinite(expiresAt)) {
        throw new HelperError(
          `the server returned an expiration that is not a date: ${credentials.expiration}`,
        );
      }
      this.#held = { credentials, expiresAt, refreshAt: refreshAt(startedAt, expiresAt) };
      return credentials;
    } catch (error) {
      this.#lastFailureAt = this.#now();
      const held = this.#held;
      const transient = error instanceof HelperError && error.transient;
      if (transient && held !== undefined && this.#now() < held.expiresAt) {
        this.#options.onError?.(error, held.expiresAt);
        return held.credentials;
      }
      if (!transient) this.#held = undefined;
      this.#options.onError?.(error, undefined);
      throw error;
    }
  }

  #now(): number {
    return (this.#options.now ?? Date.now)();
  }
}
