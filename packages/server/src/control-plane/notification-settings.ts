/** PutNotificationSettings and ResetNotificationSettings of a trust anchor. */
import {
  putNotificationSettings as applySettings,
  type NotificationSettingInput,
  type NotificationSettingKey,
  resetNotificationSettings as restoreDefaults,
} from '@anchorage/core/rolesanywhere/notification-settings';
import { operation } from './context.ts';
import { trustAnchors } from './trust-anchors.ts';

interface PutNotificationSettingsInput {
  readonly trustAnchorId: string;
  readonly notificationSettings: readonly NotificationSettingInput[];
}

export const putNotificationSettings = operation<PutNotificationSettingsInput>((input, ctx) =>
  trustAnchors.update(ctx, input.trustAnchorId, (current) => ({
    notificationSettings: applySettings(
      current.notificationSettings,
      input.notificationSettings,
      ctx.location.accountId,
    ),
  })),
);

interface ResetNotificationSettingsInput {
  readonly trustAnchorId: string;
  readonly notificationSettingKeys: readonly NotificationSettingKey[];
}

export const resetNotificationSettings = operation<ResetNotificationSettingsInput>((input, ctx) =>
  trustAnchors.update(ctx, input.trustAnchorId, (current) => ({
    notificationSettings: restoreDefaults(current.notificationSettings, input.notificationSettingKeys),
  })),
);
