/**
 * The schema, as an ordered list of migrations. Each is applied once, in its own transaction,
 * and recorded in `schema_migrations`. Never edit or renumber a migration that has shipped:
 * append a new one. A database that carries a version missing here was written by a newer
 * Anchorage and is refused (see `migrate.ts`).
 *
 * Every collection is one table: `seq` orders the records and names them in cursors;
 * AUTOINCREMENT keeps SQLite from reusing the `seq` of a deleted last row, which would make a
 * cursor that names it skip the new row. `doc` is the record as JSON; the other columns copy the
 * fields the contract looks records up by, so those lookups use an index.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

function collectionTable(table: string, extraColumns = ''): string {
  return `CREATE TABLE ${table} (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    doc TEXT NOT NULL${extraColumns}
  ) STRICT;`;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'create collections',
    sql: [
      collectionTable('trust_anchors'),
      collectionTable('profiles'),
      collectionTable('crls', ',\n    trust_anchor_arn TEXT NOT NULL'),
      // (trust_anchor_arn, seq): the lookup returns the CRLs oldest first without a sort.
      'CREATE INDEX crls_by_trust_anchor_arn ON crls (trust_anchor_arn, seq);',
      collectionTable('subjects', ',\n    x509_subject TEXT NOT NULL UNIQUE'),
      collectionTable('access_keys'),
    ].join('\n'),
  },
  {
    version: 2,
    name: 'create IAM collections and the token key ring',
    sql: [collectionTable('roles'), collectionTable('managed_policies'), collectionTable('token_keys')].join(
      '\n',
    ),
  },
  {
    version: 3,
    name: 'create the private CA and notification collections',
    sql: [
      collectionTable('certificate_authorities'),
      collectionTable('issued_certificates', ',\n    certificate_authority_arn TEXT NOT NULL'),
      'CREATE INDEX issued_certificates_by_ca ON issued_certificates (certificate_authority_arn, seq);',
      collectionTable('notification_events'),
    ].join('\n'),
  },
  {
    version: 4,
    name: 'create the audit trail and the console collections',
    sql: [
      collectionTable('audit_events'),
      collectionTable('console_sessions'),
      collectionTable('console_users'),
    ].join('\n'),
  },
  {
    version: 5,
    name: 'index the audit trail by time, for retention',
    // A virtual column computed from the record (the only kind ALTER TABLE can add): nothing to
    // backfill, and no insert can leave it out; the index stores its values.
    sql: [
      "ALTER TABLE audit_events ADD COLUMN event_time TEXT GENERATED ALWAYS AS (json_extract(doc, '$.time')) VIRTUAL;",
      'CREATE INDEX audit_events_by_time ON audit_events (event_time);',
    ].join('\n'),
  },
  {
    version: 6,
    name: 'create the replay claims',
    // Not a collection: no seq, no doc; the key is the primary key, so a claim is one upsert.
    sql: [
      'CREATE TABLE replay_claims (key TEXT PRIMARY KEY, expires_at INTEGER NOT NULL) STRICT, WITHOUT ROWID;',
      'CREATE INDEX replay_claims_by_expiry ON replay_claims (expires_at);',
    ].join('\n'),
  },
];
