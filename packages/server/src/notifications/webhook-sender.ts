/**
 * POSTs an expiry event to the configured webhook: JSON body = the event, signed (see
 * `webhook-signature.ts`), with the event id in `X-Anchorage-Event-Id` so receivers can drop
 * repeats. Success is any 2xx within the timeout. Network errors, timeouts, 5xx and 429 are
 * retried with exponential backoff (base, 2×base, 4×base, …) up to `maxAttempts`; any other
 * status is final. Redirects are not followed: the receiver is the configured URL or nobody.
 * Every attempt is reported, so the caller can record progress. Never throws.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { DeliveryOutcome, ExpiryEvent } from '@anchorage/core/notifications/records';
import { webhookSignature } from './webhook-signature.ts';

export interface WebhookSenderOptions {
  readonly url: string;
  readonly secret: Uint8Array;
  /** Delay before the second attempt; doubles after each further failure. */
  readonly baseDelayMs?: number;
  readonly maxAttempts?: number;
  /** How long one attempt may wait for the response headers. */
  readonly timeoutMs?: number;
  readonly now?: () => number;
  /** Waits between attempts; rejects when `signal` aborts. For tests; default a real timer. */
  readonly wait?: (ms: number, signal: AbortSignal) => Promise<void>;
}

export interface WebhookSender {
  /** Delivers with retries; `signal` (shutdown) stops at once, leaving the outcome `pending`. */
  send(
    event: ExpiryEvent,
    signal: AbortSignal,
    onAttempt: (outcome: DeliveryOutcome) => Promise<void>,
  ): Promise<DeliveryOutcome>;
}

export const WEBHOOK_BASE_DELAY_MS = 1_000;
export const WEBHOOK_MAX_ATTEMPTS = 5;
export const WEBHOOK_TIMEOUT_MS = 10_000;

type AttemptResult =
  | { readonly kind: 'delivered' }
  | { readonly kind: 'retry' | 'final' | 'interrupted'; readonly error: string };

export function createWebhookSender(options: WebhookSenderOptions): WebhookSender {
  const baseDelayMs = options.baseDelayMs ?? WEBHOOK_BASE_DELAY_MS;
  const wait = options.wait ?? ((ms: number, signal: AbortSignal) => sleep(ms, undefined, { signal }));
  const maxAttempts = options.maxAttempts ?? WEBHOOK_MAX_ATTEMPTS;
  const timeoutMs = options.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
  const now = options.now ?? Date.now;

  const attempt = async (event: ExpiryEvent, shutdown: AbortSignal): Promise<AttemptResult> => {
    const body = JSON.stringify(event);
    const timestamp = String(Math.floor(now() / 1000));
    try {
      const response = await fetch(options.url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': 'anchorage-notifications',
          'X-Anchorage-Event-Id': event.id,
          'X-Anchorage-Timestamp': timestamp,
          'X-Anchorage-Signature': webhookSignature(options.secret, timestamp, body),
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.any([shutdown, AbortSignal.timeout(timeoutMs)]),
      });
      // The answer's body means nothing to us; release the connection.
      await response.body?.cancel().catch(() => undefined);
      const { status } = response;
      if (status >= 200 && status < 300) return { kind: 'delivered' };
      return { kind: status >= 500 || status === 429 ? 'retry' : 'final', error: `HTTP ${status}` };
    } catch (error) {
      if (shutdown.aborted) return { kind: 'interrupted', error: 'interrupted by shutdown' };
      if (error instanceof Error && error.name === 'TimeoutError') {
        return { kind: 'retry', error: `no response within ${timeoutMs} ms` };
      }
      return { kind: 'retry', error: `network error: ${networkCause(error)}` };
    }
  };

  return {
    async send(event, signal, onAttempt) {
      let outcome: DeliveryOutcome = { channel: 'webhook', status: 'pending', attempts: 0 };
      for (let attempts = 1; attempts <= maxAttempts && !signal.aborted; attempts++) {
        const lastAttemptAt = new Date(now()).toISOString();
        const result = await attempt(event, signal);
        const status =
          result.kind === 'delivered'
            ? 'delivered'
            : result.kind === 'final' || (result.kind === 'retry' && attempts === maxAttempts)
              ? 'failed'
              : 'pending';
        outcome = {
          channel: 'webhook',
          status,
          attempts,
          lastAttemptAt,
          ...(result.kind === 'delivered' ? {} : { lastError: result.error }),
        };
        await onAttempt(outcome);
        if (status !== 'pending' || result.kind === 'interrupted') break;
        try {
          await wait(baseDelayMs * 2 ** (attempts - 1), signal);
        } catch {
          break; // shutdown
        }
      }
      return outcome;
    },
  };
}

/** `fetch failed` says nothing; its cause names the socket error (ECONNREFUSED, ENOTFOUND…). */
function networkCause(error: unknown): string {
  const cause = error instanceof Error ? error.cause : undefined;
  if (cause instanceof Error) return (cause as NodeJS.ErrnoException).code ?? cause.message;
  return error instanceof Error ? error.message : String(error);
}
