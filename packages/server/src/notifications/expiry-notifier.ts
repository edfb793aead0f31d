/**
 * Runs the expiry evaluation and delivers what it finds. For each due event:
 *
 * 1. claim it by storing it — its id is derived from (trust anchor, event, certificate, UTC day),
 *    so a second insert of the same event, by this process later (another evaluation, a restart)
 *    or by another worker or server sharing the store, is refused and that sender skips it;
 * 2. log it (one `notification` line with the event);
 * 3. POST it to the webhook, if one is configured, in the background, recording every attempt
 *    on the stored event.
 *
 * Deliveries never block the caller and never throw; failures are logged and recorded. On stop,
 * the running evaluation finishes, deliveries in progress are interrupted (left `pending`).
 */
import { AnchorageError } from '@anchorage/core/errors';
import { type DueNotification, evaluateExpiry } from '@anchorage/core/notifications/evaluate-expiry';
import type { DeliveryOutcome, NotificationEventRecord } from '@anchorage/core/notifications/records';
import type { ServiceLocation } from '@anchorage/core/rolesanywhere/arn';
import { DuplicateIdError, type Page, type PageRequest, type Store } from '@anchorage/store/port';
import type { Logger } from '../logging/logger.ts';
import { anchorsToEvaluate, recentlySeenCertificates } from './notification-inputs.ts';
import type { WebhookSender } from './webhook-sender.ts';

export interface ExpiryNotifierDeps {
  readonly store: Store;
  readonly location: ServiceLocation;
  readonly logger: Logger;
  readonly now: () => number;
  readonly webhook?: WebhookSender;
  /** Writes CreateSession sightings still held in memory, so a certificate just used counts. */
  readonly flushSightings?: () => Promise<void>;
}

export interface ExpiryNotifier {
  /** Evaluates now; resolves to the events this call claimed (deliveries continue in the background). */
  evaluate(): Promise<NotificationEventRecord[]>;
  /** Stored events, oldest first (the store's insertion order). */
  list(page: PageRequest): Promise<Page<NotificationEventRecord>>;
  /** Resolves once every evaluation and delivery started so far has finished. */
  idle(): Promise<void>;
  stop(): Promise<void>;
  /** Evaluations and webhook deliveries running now (the queue's depth, for metrics). */
  inProgress(): number;
}

export function createExpiryNotifier(deps: ExpiryNotifierDeps): ExpiryNotifier {
  const { store, logger } = deps;
  const shutdown = new AbortController();
  const running = new Set<Promise<unknown>>();
  const track = <T>(work: Promise<T>): Promise<T> => {
    running.add(work);
    const forget = () => running.delete(work);
    work.then(forget, forget);
    return work;
  };

  const claim = async (due: DueNotification, createdAt: string): Promise<NotificationEventRecord | null> => {
    const deliveries: DeliveryOutcome[] = [
      { channel: 'log', status: 'delivered', attempts: 1, lastAttemptAt: createdAt },
      ...(deps.webhook === undefined
        ? []
        : [{ channel: 'webhook', status: 'pending', attempts: 0 } satisfies DeliveryOutcome]),
    ];
    const record: NotificationEventRecord = { ...due, deliveries, createdAt };
    try {
      await store.notificationEvents.insert(record);
      return record;
    } catch (error) {
      if (error instanceof DuplicateIdError) return null;
      throw error;
    }
  };

  const recordOutcome = async (id: string, outcome: DeliveryOutcome): Promise<void> => {
    try {
      await store.notificationEvents.update(id, (current) => ({
        ...current,
        deliveries: current.deliveries.map((d) => (d.channel === outcome.channel ? outcome : d)),
      }));
    } catch (error) {
      logger.error('notifications: cannot record a delivery outcome', { eventId: id, error: String(error) });
    }
  };

  const deliver = async (webhook: WebhookSender, record: NotificationEventRecord): Promise<void> => {
    try {
      const outcome = await webhook.send(record.event, shutdown.signal, (o) => recordOutcome(record.id, o));
      const fields = { eventId: record.id, attempts: outcome.attempts, status: outcome.status };
      if (outcome.status === 'delivered')
        logger.info('notification delivered', { ...fields, channel: 'webhook' });
      else
        logger.warn('notification not delivered', {
          ...fields,
          channel: 'webhook',
          error: outcome.lastError,
        });
    } catch (error) {
      logger.error('notifications: webhook delivery failed unexpectedly', {
        eventId: record.id,
        error: String(error),
      });
    }
  };

  const evaluate = async (): Promise<NotificationEventRecord[]> => {
    await deps
      .flushSightings?.()
      .catch((error: unknown) =>
        logger.warn('notifications: cannot write pending subject sightings', { error: String(error) }),
      );
    const now = deps.now();
    const due = evaluateExpiry({
      now,
      location: deps.location,
      anchors: await anchorsToEvaluate(store, logger),
      endEntityCertificates: await recentlySeenCertificates(store, now, logger),
    });
    const createdAt = new Date(now).toISOString();
    const claimed: NotificationEventRecord[] = [];
    for (const item of due) {
      const record = await claim(item, createdAt);
      if (record === null) continue;
      claimed.push(record);
      logger.info('notification', {
        eventId: record.id,
        notificationEvent: record.notificationEvent,
        trustAnchorArn: record.trustAnchorArn,
        certificateId: record.certificateId,
        event: record.event,
      });
      if (deps.webhook !== undefined) void track(deliver(deps.webhook, record));
    }
    return claimed;
  };

  return {
    evaluate() {
      if (shutdown.signal.aborted) {
        return Promise.reject(
          new AnchorageError('ServiceUnavailableException', 'The server is shutting down'),
        );
      }
      return track(evaluate());
    },
    list: (page) => store.notificationEvents.list(page),
    async idle() {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
    async stop() {
      shutdown.abort();
      while (running.size > 0) await Promise.allSettled([...running]);
    },
    inProgress: () => running.size,
  };
}
