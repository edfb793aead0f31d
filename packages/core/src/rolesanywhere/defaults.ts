/** Defaults the service applies when a caller does not choose (documented in the User Guide). */
import type { AttributeMapping, NotificationSettingDetail } from './records.ts';

/** A profile's session duration when CreateProfile omits it (ProfileDetail doc: 3600 s). */
export const DEFAULT_PROFILE_DURATION_SECONDS = 3600;

/** Every new profile maps these certificate fields to session tags. */
export const DEFAULT_ATTRIBUTE_MAPPINGS: readonly AttributeMapping[] = [
  { certificateField: 'x509Issuer', mappingRules: [{ specifier: '*' }] },
  {
    certificateField: 'x509SAN',
    mappingRules: [{ specifier: 'DNS' }, { specifier: 'URI' }, { specifier: 'Name/*' }],
  },
  { certificateField: 'x509Subject', mappingRules: [{ specifier: '*' }] },
];

/** Who configured a default notification setting, as AWS reports it. */
export const SERVICE_PRINCIPAL = 'rolesanywhere.amazonaws.com';

/** Both expiry notifications are on by default, 45 days ahead, on every channel. */
export const DEFAULT_NOTIFICATION_SETTINGS: readonly NotificationSettingDetail[] = [
  {
    enabled: true,
    event: 'CA_CERTIFICATE_EXPIRY',
    threshold: 45,
    channel: 'ALL',
    configuredBy: SERVICE_PRINCIPAL,
  },
  {
    enabled: true,
    event: 'END_ENTITY_CERTIFICATE_EXPIRY',
    threshold: 45,
    channel: 'ALL',
    configuredBy: SERVICE_PRINCIPAL,
  },
];
