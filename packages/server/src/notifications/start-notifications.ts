/**
 * Wires expiry notifications into the server: the webhook (when configured), the notifier and
 * the daily evaluation. Every worker of `--workers N` runs the daily evaluation; the event ids
 * derived from the de-duplication key make the store admit each event once, so exactly one
 * worker (or server sharing the store) logs and delivers it.
 */
import type { ServiceLocation } from '@anchorage/core/rolesanywhere/arn';
import type { Store } from '@anchorage/store/port';
import type { ServerConfig } from '../config/config.ts';
import type { Logger } from '../logging/logger.ts';
import type { SubjectRecorder } from '../sessions/subject-recorder.ts';
import { scheduleDailyEvaluation } from './daily-evaluation.ts';
import { createExpiryNotifier, type ExpiryNotifier } from './expiry-notifier.ts';
import { loadWebhookSecret } from './webhook-secret.ts';
import { createWebhookSender } from './webhook-sender.ts';

export interface RunningNotifications {
  readonly notifier: ExpiryNotifier;
  /** Stops the daily timer and interrupts deliveries; call before closing the store. */
  stop(): Promise<void>;
}

export function startNotifications(deps: {
  readonly config: ServerConfig;
  readonly store: Store;
  readonly location: ServiceLocation;
  readonly logger: Logger;
  /** CreateSession's subject recorder: its pending sightings are written before each evaluation. */
  readonly subjects: Pick<SubjectRecorder, 'flush'>;
}): RunningNotifications {
  const { config, logger } = deps;
  const url = config.notificationWebhookUrl;
  const webhook =
    url === undefined
      ? undefined
      : createWebhookSender({
          url,
          secret: loadWebhookSecret(config.dataDir, config.notificationWebhookSecretFile),
        });
  if (url !== undefined) {
    // The origin only: webhook URLs often carry a token in their path or query.
    logger.info('notifications: webhook configured', { origin: new URL(url).origin });
  }
  const notifier = createExpiryNotifier({
    store: deps.store,
    location: deps.location,
    logger,
    now: Date.now,
    flushSightings: () => deps.subjects.flush(),
    ...(webhook === undefined ? {} : { webhook }),
  });
  const daily = scheduleDailyEvaluation(() => notifier.evaluate(), logger, Date.now);
  return {
    notifier,
    async stop() {
      daily.stop();
      await notifier.stop();
    },
  };
}
