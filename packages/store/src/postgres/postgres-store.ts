/**
 * The shared store for several servers: one PostgreSQL schema through a `pg` connection pool.
 *
 * `pg` is imported when a store is opened, so the SQLite path never loads it.
 *
 * Durability: every write is one committed transaction, and the promise resolves after COMMIT
 * returns; with `synchronous_commit` on (PostgreSQL's default, left as the server has it) the
 * commit is flushed to the server's WAL by then.
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
import type { Pool } from 'pg';
import { retentionCutoff } from '../audit-retention.ts';
import { counted, createChangeCounter } from '../change-counter.ts';
import type {
  AuditCollection,
  CrlCollection,
  IssuedCertificateCollection,
  Store,
  SubjectCollection,
} from '../port.ts';
import { createChangeMarker } from './change-marker.ts';
import { quoteIdentifier } from './identifier.ts';
import { migrate } from './migrate.ts';
import { createPostgresCollection, type IndexedColumn } from './postgres-collection.ts';
import { createPostgresReplayClaims } from './postgres-replay-claims.ts';

export interface PostgresStoreOptions {
  /** Connections at most (default 10); calls beyond wait for a free one. */
  readonly poolSize?: number;
  /** The schema holding the tables (default `public`); created, and migrated, at open. */
  readonly schema?: string;
}

const DEFAULT_POOL_SIZE = 10;

export async function openPostgresStore(url: string, options: PostgresStoreOptions = {}): Promise<Store> {
  const { poolSize = DEFAULT_POOL_SIZE, schema = 'public' } = options;
  if (!Number.isSafeInteger(poolSize) || poolSize < 1) {
    throw new RangeError(`poolSize must be a positive integer, got ${poolSize}`);
  }
  const quotedSchema = quoteIdentifier(schema);
  const pg = await import('pg');
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // An idle connection that breaks (server restart, admin kill) is dropped by the pool, which
  // opens a new one for the next call; without a listener the 'error' event would end the process.
  pool.on('error', () => {});
  try {
    await migrate(pool, schema);
    return createStore(pool, schema, quotedSchema);
  } catch (error) {
    await pool.end();
    throw error;
  }
}

function createStore(pool: Pool, schema: string, quotedSchema: string): Store {
  const collection = <R extends { readonly id: string }>(
    name: string,
    table: string,
    columns: readonly IndexedColumn<R>[] = [],
  ) => createPostgresCollection<R>(pool, schema, quotedSchema, { collection: name, table, columns });

  const crls = collection<CrlRecord>('crls', 'crls', [
    { column: 'trust_anchor_arn', field: 'trustAnchorArn', of: (crl) => crl.trustAnchorArn },
  ]);
  const subjects = collection<SubjectRecord>('subjects', 'subjects', [
    { column: 'x509_subject', field: 'x509Subject', of: (subject) => subject.x509Subject },
  ]);
  const issuedCertificates = collection<IssuedCertificateRecord>(
    'issuedCertificates',
    'issued_certificates',
    [
      {
        column: 'certificate_authority_arn',
        field: 'certificateAuthorityArn',
        of: (c) => c.certificateAuthorityArn,
      },
    ],
  );
  const crlCollection: CrlCollection = {
    ...crls,
    listByTrustAnchor: (trustAnchorArn) => crls.findBy('trust_anchor_arn', trustAnchorArn),
  };
  const subjectCollection: SubjectCollection = {
    ...subjects,
    findByX509Subject: async (x509Subject) => (await subjects.findBy('x509_subject', x509Subject))[0],
  };
  const issuedCertificateCollection: IssuedCertificateCollection = {
    ...issuedCertificates,
    listByCertificateAuthority: (arn) => issuedCertificates.findBy('certificate_authority_arn', arn),
  };
  const auditEvents = collection<AuditEventRecord>('auditEvents', 'audit_events');
  // Oldest first through the index on event_time (migration 2). SKIP LOCKED: servers pruning at
  // once take disjoint records instead of waiting for each other's rows.
  const deleteOldAuditEvents =
    `DELETE FROM ${quotedSchema}.audit_events WHERE seq IN (SELECT seq FROM ${quotedSchema}.audit_events ` +
    'WHERE event_time < $1 ORDER BY event_time LIMIT $2 FOR UPDATE SKIP LOCKED)';
  const auditCollection: AuditCollection = {
    ...auditEvents,
    async deleteOlderThan(before, limit) {
      const cutoff = retentionCutoff(before, limit);
      return (await pool.query(deleteOldAuditEvents, [cutoff, limit])).rowCount ?? 0;
    },
  };

  const counter = createChangeCounter();
  let closed = false;
  return {
    trustAnchors: counted(collection<TrustAnchorRecord>('trustAnchors', 'trust_anchors'), counter),
    profiles: counted(collection<ProfileRecord>('profiles', 'profiles'), counter),
    crls: counted(crlCollection, counter),
    subjects: counted(subjectCollection, counter),
    accessKeys: counted(collection<AccessKeyRecord>('accessKeys', 'access_keys'), counter),
    roles: counted(collection<RoleRecord>('roles', 'roles'), counter),
    managedPolicies: counted(collection<ManagedPolicyRecord>('managedPolicies', 'managed_policies'), counter),
    tokenKeys: counted(collection<TokenKeyRecord>('tokenKeys', 'token_keys'), counter),
    certificateAuthorities: counted(
      collection<CertificateAuthorityRecord>('certificateAuthorities', 'certificate_authorities'),
      counter,
    ),
    issuedCertificates: counted(issuedCertificateCollection, counter),
    notificationEvents: counted(
      collection<NotificationEventRecord>('notificationEvents', 'notification_events'),
      counter,
    ),
    auditEvents: counted(auditCollection, counter),
    consoleSessions: counted(
      collection<ConsoleSessionRecord>('consoleSessions', 'console_sessions'),
      counter,
    ),
    consoleUsers: counted(collection<ConsoleUserRecord>('consoleUsers', 'console_users'), counter),
    replayClaims: createPostgresReplayClaims(pool, quotedSchema),
    changeMarker: createChangeMarker(pool, quotedSchema, counter),
    async close() {
      // pool.end() may be called once; later calls on the store reject, as the pool refuses them.
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}
