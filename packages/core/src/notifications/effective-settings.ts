/**
 * The expiry thresholds in force for a trust anchor: its stored notification settings over the
 * defaults (an anchor stored before it had settings gets the defaults), keeping only enabled ones.
 * A disabled setting sends nothing.
 */
import { DEFAULT_NOTIFICATION_SETTINGS } from '../rolesanywhere/defaults.ts';
import type { NotificationEvent, NotificationSettingDetail } from '../rolesanywhere/records.ts';

/** Days-before-expiry threshold of each enabled notification event. */
export function enabledThresholds(
  stored: readonly NotificationSettingDetail[],
): ReadonlyMap<NotificationEvent, number> {
  const thresholds = new Map<NotificationEvent, number>();
  for (const fallback of DEFAULT_NOTIFICATION_SETTINGS) {
    // The only channel is ALL, which an omitted channel also means.
    const setting =
      stored.find(
        (s) => s.event === fallback.event && (s.channel ?? 'ALL') === (fallback.channel ?? 'ALL'),
      ) ?? fallback;
    // Validation requires a threshold to enable a setting; a record without one falls back to the default's.
    const threshold = setting.threshold ?? fallback.threshold;
    if (setting.enabled && threshold !== undefined) thresholds.set(setting.event, threshold);
  }
  return thresholds;
}
