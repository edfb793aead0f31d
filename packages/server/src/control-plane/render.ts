/** Stored records → wire structures (`TrustAnchorDetail`, `ProfileDetail`, …). Tags are not part of them. */
import type {
  CrlRecord,
  ProfileRecord,
  SubjectRecord,
  TrustAnchorRecord,
} from '@anchorage/core/rolesanywhere/records';

export function trustAnchorDetail(r: TrustAnchorRecord): object {
  return {
    trustAnchorId: r.id,
    trustAnchorArn: r.arn,
    name: r.name,
    source: r.source,
    enabled: r.enabled,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    notificationSettings: r.notificationSettings,
  };
}

export function profileDetail(r: ProfileRecord): object {
  return {
    profileId: r.id,
    profileArn: r.arn,
    name: r.name,
    requireInstanceProperties: r.requireInstanceProperties,
    enabled: r.enabled,
    createdBy: r.createdBy,
    ...(r.sessionPolicy === undefined ? {} : { sessionPolicy: r.sessionPolicy }),
    roleArns: r.roleArns,
    managedPolicyArns: r.managedPolicyArns,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    durationSeconds: r.durationSeconds,
    acceptRoleSessionName: r.acceptRoleSessionName,
    attributeMappings: r.attributeMappings,
  };
}

export function crlDetail(r: CrlRecord): object {
  return {
    crlId: r.id,
    crlArn: r.arn,
    name: r.name,
    enabled: r.enabled,
    crlData: r.crlData,
    trustAnchorArn: r.trustAnchorArn,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

export function subjectSummary(r: SubjectRecord): object {
  return {
    subjectArn: r.arn,
    subjectId: r.id,
    enabled: r.enabled,
    x509Subject: r.x509Subject,
    lastSeenAt: r.lastSeenAt,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

export function subjectDetail(r: SubjectRecord): object {
  // The wire's CredentialSummary only: the anchor Anchorage notes beside it stays inside.
  const credentials = r.credentials.map(({ trustAnchorArn: _anchor, ...wire }) => wire);
  return { ...subjectSummary(r), credentials, instanceProperties: r.instanceProperties };
}
