/**
 * The embedded default store: one SQLite file (or `':memory:'` for tests) through `node:sqlite`.
 *
 * Durability: WAL with `synchronous=FULL` fsyncs the log at every commit, so a write whose promise
 * resolved survives a kill -9 or a power cut (with NORMAL, the last commits before a power cut
 * could be lost). WAL also lets readers proceed while a writer commits.
 */
import { DatabaseSync } from 'node:sqlite';
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
import { migrate } from './migrate.ts';
import { createSqliteCollection } from './sqlite-collection.ts';
import { createSqliteReplayClaims } from './sqlite-replay-claims.ts';

/** How late, at most, a change marker notices another process's commit (see Store.changeMarker). */
const DATA_VERSION_INTERVAL_MS = 10;

/** How long a writer waits for another process's write lock before failing with SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5_000;

export async function openSqliteStore(path: string): Promise<Store> {
  const db = new DatabaseSync(path);
  try {
    configure(db);
    migrate(db, path);
    return createStore(db);
  } catch (error) {
    db.close();
    throw error;
  }
}

function configure(db: DatabaseSync): void {
  // First, so that switching to WAL (which needs a lock) already waits for other processes.
  db.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
  // Persistent in the file; ':memory:' databases answer 'memory' and stay so.
  db.exec('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA synchronous = FULL');
  db.exec('PRAGMA foreign_keys = ON');
}

function createStore(db: DatabaseSync): Store {
  const trustAnchors = createSqliteCollection<TrustAnchorRecord>(db, {
    collection: 'trustAnchors',
    table: 'trust_anchors',
    columns: [],
  });
  const profiles = createSqliteCollection<ProfileRecord>(db, {
    collection: 'profiles',
    table: 'profiles',
    columns: [],
  });
  const crls = createSqliteCollection<CrlRecord>(db, {
    collection: 'crls',
    table: 'crls',
    columns: [{ column: 'trust_anchor_arn', field: 'trustAnchorArn', of: (crl) => crl.trustAnchorArn }],
  });
  const subjects = createSqliteCollection<SubjectRecord>(db, {
    collection: 'subjects',
    table: 'subjects',
    columns: [{ column: 'x509_subject', field: 'x509Subject', of: (subject) => subject.x509Subject }],
  });
  const accessKeys = createSqliteCollection<AccessKeyRecord>(db, {
    collection: 'accessKeys',
    table: 'access_keys',
    columns: [],
  });
  const roles = createSqliteCollection<RoleRecord>(db, { collection: 'roles', table: 'roles', columns: [] });
  const managedPolicies = createSqliteCollection<ManagedPolicyRecord>(db, {
    collection: 'managedPolicies',
    table: 'managed_policies',
    columns: [],
  });
  const tokenKeys = createSqliteCollection<TokenKeyRecord>(db, {
    collection: 'tokenKeys',
    table: 'token_keys',
    columns: [],
  });

  const certificateAuthorities = createSqliteCollection<CertificateAuthorityRecord>(db, {
    collection: 'certificateAuthorities',
    table: 'certificate_authorities',
    columns: [],
  });
  const issuedCertificates = createSqliteCollection<IssuedCertificateRecord>(db, {
    collection: 'issuedCertificates',
    table: 'issued_certificates',
    columns: [
      {
        column: 'certificate_authority_arn',
        field: 'certificateAuthorityArn',
        of: (c) => c.certificateAuthorityArn,
      },
    ],
  });
  const notificationEvents = createSqliteCollection<NotificationEventRecord>(db, {
    collection: 'notificationEvents',
    table: 'notification_events',
    columns: [],
  });
  const auditEvents = createSqliteCollection<AuditEventRecord>(db, {
    collection: 'auditEvents',
    table: 'audit_events',
    columns: [],
  });
  const consoleSessions = createSqliteCollection<ConsoleSessionRecord>(db, {
    collection: 'consoleSessions',
    table: 'console_sessions',
    columns: [],
  });
  const consoleUsers = createSqliteCollection<ConsoleUserRecord>(db, {
    collection: 'consoleUsers',
    table: 'console_users',
    columns: [],
  });
  const issuedCertificateCollection: IssuedCertificateCollection = {
    ...issuedCertificates,
    async listByCertificateAuthority(arn) {
      return issuedCertificates.findBy('certificate_authority_arn', arn);
    },
  };

  const crlCollection: CrlCollection = {
    ...crls,
    async listByTrustAnchor(trustAnchorArn) {
      return crls.findBy('trust_anchor_arn', trustAnchorArn);
    },
  };
  const subjectCollection: SubjectCollection = {
    ...subjects,
    async findByX509Subject(x509Subject) {
      return subjects.findBy('x509_subject', x509Subject)[0];
    },
  };
  // Oldest first through the index on event_time (migration 5); one statement, one transaction.
  const deleteOldAuditEvents = db.prepare(
    'DELETE FROM audit_events WHERE seq IN ' +
      '(SELECT seq FROM audit_events WHERE event_time < ? ORDER BY event_time LIMIT ?)',
  );
  const auditCollection: AuditCollection = {
    ...auditEvents,
    async deleteOlderThan(before, limit) {
      return Number(deleteOldAuditEvents.run(retentionCutoff(before, limit), limit).changes);
    },
  };

  const counter = createChangeCounter();
  // data_version moves when another connection (another process) commits; our own commits are
  // counted by the counter. Together they change at every write to the file.
  const dataVersion = db.prepare('PRAGMA data_version');
  // Reading data_version costs a statement; other processes' commits are therefore noticed at
  // most DATA_VERSION_INTERVAL_MS late. This process's own writes move the counter at once.
  let otherWrites = '';
  let checkedAt = Number.NEGATIVE_INFINITY;
  return {
    changeMarker: async () => {
      const now = performance.now();
      if (now - checkedAt >= DATA_VERSION_INTERVAL_MS) {
        otherWrites = String(dataVersion.get()?.data_version);
        checkedAt = now;
      }
      return `${otherWrites}:${counter.value()}`;
    },
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
    replayClaims: createSqliteReplayClaims(db),
    async close() {
      if (!db.isOpen) return;
      // Folds the WAL back into the database file and empties it, so the file alone is a
      // complete copy (for backups) and the next open has no log to replay.
      db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
      db.close();
    },
  };
}
