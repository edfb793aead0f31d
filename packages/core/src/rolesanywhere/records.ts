/**
 * The stored shape of every Roles Anywhere resource. Field names follow the wire
 * (`TrustAnchorDetail`, `ProfileDetail`, …) so that rendering a response is a projection, not a
 * translation. Timestamps are ISO-8601 strings with millisecond precision, in UTC.
 */

export interface Tag {
  readonly key: string;
  readonly value: string;
}

export type TrustAnchorType = 'AWS_ACM_PCA' | 'CERTIFICATE_BUNDLE' | 'SELF_SIGNED_REPOSITORY';

export interface TrustAnchorSource {
  readonly sourceType: TrustAnchorType;
  readonly sourceData: { readonly x509CertificateData?: string; readonly acmPcaArn?: string };
}

export type NotificationEvent = 'CA_CERTIFICATE_EXPIRY' | 'END_ENTITY_CERTIFICATE_EXPIRY';
export type NotificationChannel = 'ALL';

export interface NotificationSettingDetail {
  readonly enabled: boolean;
  readonly event: NotificationEvent;
  readonly threshold?: number;
  readonly channel?: NotificationChannel;
  readonly configuredBy?: string;
}

export interface TrustAnchorRecord {
  readonly id: string;
  readonly arn: string;
  readonly name: string;
  readonly source: TrustAnchorSource;
  readonly enabled: boolean;
  readonly notificationSettings: readonly NotificationSettingDetail[];
  readonly tags: readonly Tag[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

export type CertificateField = 'x509Subject' | 'x509Issuer' | 'x509SAN';

export interface AttributeMapping {
  readonly certificateField: CertificateField;
  readonly mappingRules: readonly { readonly specifier: string }[];
}

export interface ProfileRecord {
  readonly id: string;
  readonly arn: string;
  readonly name: string;
  readonly enabled: boolean;
  readonly roleArns: readonly string[];
  readonly managedPolicyArns: readonly string[];
  readonly sessionPolicy?: string;
  readonly durationSeconds: number;
  readonly requireInstanceProperties: boolean;
  readonly acceptRoleSessionName: boolean;
  readonly attributeMappings: readonly AttributeMapping[];
  readonly createdBy: string;
  readonly tags: readonly Tag[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface CrlRecord {
  readonly id: string;
  readonly arn: string;
  readonly name: string;
  readonly enabled: boolean;
  /** The CRL exactly as imported (PEM or DER bytes), base64-encoded as on the wire. */
  readonly crlData: string;
  readonly trustAnchorArn: string;
  readonly tags: readonly Tag[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface CredentialSummary {
  readonly seenAt: string;
  readonly serialNumber: string;
  readonly issuer: string;
  readonly enabled: boolean;
  readonly x509CertificateData: string;
  readonly failed: boolean;
  /** Anchorage's own, never on the wire: the trust anchor the attempt named (for expiry notices). */
  readonly trustAnchorArn?: string;
}

export interface InstanceProperty {
  readonly seenAt: string;
  readonly properties: Readonly<Record<string, string>>;
  readonly failed: boolean;
}

export interface SubjectRecord {
  readonly id: string;
  readonly arn: string;
  readonly x509Subject: string;
  readonly enabled: boolean;
  readonly lastSeenAt: string;
  readonly credentials: readonly CredentialSummary[];
  readonly instanceProperties: readonly InstanceProperty[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** An access key that may sign control-plane requests. The secret is stored sealed. */
export interface AccessKeyRecord {
  readonly id: string;
  /** ARN of the principal the key belongs to (the administrator: `arn:aws:iam::<account>:root`). */
  readonly principalArn: string;
  /** The secret access key, sealed with the data key (see `secret-box.ts`); never stored in clear. */
  readonly sealedSecret: string;
  readonly status: 'Active' | 'Inactive';
  readonly createdAt: string;
}
