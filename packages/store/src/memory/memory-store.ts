/**
 * The in-memory store: the reference implementation of the contract, used by tests and as the
 * model the persistent backends are checked against. Nothing survives the process.
 */

import type { CertificateAuthorityRecord, IssuedCertificateRecord } from '@anchorage/core/acm-pca/records';
import type { AuditEventRecord } from '@anchorage/core/audit/records';
import type { ConsoleSessionRecord, ConsoleUserRecord } from '@anchorage/core/console/records';
import type { ManagedPolicyRecord, RoleRecord, TokenKeyRecord } from '@anchorage/core/iam/records';
import type { NotificationEventRecord } from '@anchorage/core/notifications/records';
import type {
  AccessKeyRecord,
  CrlRecord,
  ProfileRecord,
  SubjectRecord,
  TrustAnchorRecord,
} from '@anchorage/core/rolesanywhere/records';
import { retentionCutoff } from '../audit-retention.ts';
import { counted, createChangeCounter } from '../change-counter.ts';
import type {
  AuditCollection,
  CrlCollection,
  IssuedCertificateCollection,
  Store,
  SubjectCollection,
} from '../port.ts';
import { createMemoryCollection, type MemoryCollection } from './memory-collection.ts';
import { createMemoryReplayClaims } from './memory-replay-claims.ts';

export function createMemoryStore(): Store {
  const counter = createChangeCounter();
  const trustAnchors = createMemoryCollection<TrustAnchorRecord>('trustAnchors');
  const profiles = createMemoryCollection<ProfileRecord>('profiles');
  const crls = createMemoryCollection<CrlRecord>('crls');
  const subjects = createMemoryCollection<SubjectRecord>('subjects', [
    { field: 'x509Subject', of: (subject) => subject.x509Subject },
  ]);
  const accessKeys = createMemoryCollection<AccessKeyRecord>('accessKeys');
  const roles = createMemoryCollection<RoleRecord>('roles');
  const managedPolicies = createMemoryCollection<ManagedPolicyRecord>('managedPolicies');
  const tokenKeys = createMemoryCollection<TokenKeyRecord>('tokenKeys');
  const certificateAuthorities = createMemoryCollection<CertificateAuthorityRecord>('certificateAuthorities');
  const issuedCertificates = createMemoryCollection<IssuedCertificateRecord>('issuedCertificates');
  const notificationEvents = createMemoryCollection<NotificationEventRecord>('notificationEvents');
  const auditEvents = createMemoryCollection<AuditEventRecord>('auditEvents');
  const consoleSessions = createMemoryCollection<ConsoleSessionRecord>('consoleSessions');
  const consoleUsers = createMemoryCollection<ConsoleUserRecord>('consoleUsers');
  const replayClaims = createMemoryReplayClaims();
  const all: readonly MemoryCollection<{ readonly id: string }>[] = [
    trustAnchors,
    profiles,
    crls,
    subjects,
    accessKeys,
    roles,
    managedPolicies,
    tokenKeys,
    certificateAuthorities,
    issuedCertificates,
    notificationEvents,
    auditEvents,
    consoleSessions,
    consoleUsers,
  ];

  const crlCollection: CrlCollection = {
    ...crls,
    async listByTrustAnchor(trustAnchorArn) {
      return crls.filter((crl) => crl.trustAnchorArn === trustAnchorArn);
    },
  };
  const issuedCertificateCollection: IssuedCertificateCollection = {
    ...issuedCertificates,
    async listByCertificateAuthority(arn) {
      return issuedCertificates.filter((c) => c.certificateAuthorityArn === arn);
    },
  };
  const subjectCollection: SubjectCollection = {
    ...subjects,
    async findByX509Subject(x509Subject) {
      return subjects.findUnique('x509Subject', x509Subject);
    },
  };
  const auditCollection: AuditCollection = {
    ...auditEvents,
    async deleteOlderThan(before, limit) {
      const cutoff = retentionCutoff(before, limit);
      const old = auditEvents
        .filter((event) => event.time < cutoff)
        .sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0))
        .slice(0, limit);
      let deleted = 0;
      for (const event of old) if ((await auditEvents.delete(event.id)) !== undefined) deleted += 1;
      return deleted;
    },
  };

  return {
    changeMarker: async () => String(counter.value()),
    trustAnchors: counted(trustAnchors, counter),
    profiles: counted(profiles, counter),
    crls: counted(crlCollection, counter),
    subjects: counted(subjectCollection, counter),
    accessKeys: counted(accessKeys, counter),
    roles: counted(roles, counter),
    managedPolicies: counted(managedPolicies, counter),
    tokenKeys: counted(tokenKeys, counter),
    certificateAuthorities: counted(certificateAuthorities, counter),
    issuedCertificates: counted(issuedCertificateCollection, counter),
    notificationEvents: counted(notificationEvents, counter),
    auditEvents: counted(auditCollection, counter),
    consoleSessions: counted(consoleSessions, counter),
    consoleUsers: counted(consoleUsers, counter),
    replayClaims,
    async close() {
      for (const collection of all) collection.close();
      replayClaims.close();
    },
  };
}
