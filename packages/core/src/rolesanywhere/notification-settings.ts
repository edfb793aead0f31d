/**
 * Notification settings of a trust anchor. A setting is keyed by (event, channel); the only
 * channel is `ALL`, which is also what an omitted channel means. Customised settings replace the
 * default of the same key and record who configured them; a reset restores the default.
 */
import { validationError } from '../errors.ts';
import { DEFAULT_NOTIFICATION_SETTINGS } from './defaults.ts';
import type { NotificationChannel, NotificationEvent, NotificationSettingDetail } from './records.ts';

export interface NotificationSettingInput {
  readonly enabled: boolean;
  readonly event: NotificationEvent;
  readonly threshold?: number;
  readonly channel?: NotificationChannel;
}

export interface NotificationSettingKey {
  readonly event: NotificationEvent;
  readonly channel?: NotificationChannel;
}

function keyOf(setting: NotificationSettingKey): string {
  return `${setting.event}/${setting.channel ?? 'ALL'}`;
}

/** Applies customised settings on top of the current ones (CreateTrustAnchor, PutNotificationSettings). */
export function putNotificationSettings(
  current: readonly NotificationSettingDetail[],
  changes: readonly NotificationSettingInput[],
  configuredBy: string,
): NotificationSettingDetail[] {
  const byKey = new Map(current.map((s) => [keyOf(s), s] as const));
  const seen = new Set<string>();
  for (const change of changes) {
    const key = keyOf(change);
    if (seen.has(key)) throw validationError(`Duplicate notification setting for event ${change.event}`);
    seen.add(key);
    // The threshold says when to notify; an enabled setting without one would never fire.
    if (change.enabled && change.threshold === undefined) {
      throw validationError(`A threshold is required to enable the ${change.event} notification setting`);
    }
    const previous = byKey.get(key);
    const threshold = change.threshold ?? previous?.threshold;
    byKey.set(key, {
      enabled: change.enabled,
      event: change.event,
      ...(threshold === undefined ? {} : { threshold }),
      channel: change.channel ?? 'ALL',
      configuredBy,
    });
  }
  return orderLikeDefaults([...byKey.values()]);
}

/** Restores the defaults of the given keys (ResetNotificationSettings). */
export function resetNotificationSettings(
  current: readonly NotificationSettingDetail[],
  keys: readonly NotificationSettingKey[],
): NotificationSettingDetail[] {
  const byKey = new Map(current.map((s) => [keyOf(s), s] as const));
  for (const key of keys) {
    const fallback = DEFAULT_NOTIFICATION_SETTINGS.find((d) => keyOf(d) === keyOf(key));
    if (fallback !== undefined) byKey.set(keyOf(key), fallback);
  }
  return orderLikeDefaults([...byKey.values()]);
}

function orderLikeDefaults(settings: NotificationSettingDetail[]): NotificationSettingDetail[] {
  const rank = (s: NotificationSettingDetail) =>
    DEFAULT_NOTIFICATION_SETTINGS.findIndex((d) => keyOf(d) === keyOf(s));
  return settings.sort((a, b) => rank(a) - rank(b));
}
