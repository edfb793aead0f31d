/**
 * The PostgreSQL schema, as an ordered list of migrations. They run with `search_path` set to the
 * store's schema (see `migrate.ts`), so they name no schema. Never edit or renumber a migration
 * that has shipped: append a new one. (This list is separate from SQLite's: the dialects differ,
 * and this backend started with every collection at once.)
 *
 * Every collection is one table: `seq` orders the records and names them in cursors (an identity
 * sequence never hands a number out twice, even after a delete or a restart); `doc` is the record
 * as JSONB; the other columns copy the fields the contract looks records up by, so those lookups
 * use an index.
 *
 * `store_changes` backs `Store.changeMarker`: a trigger on every collection adds one to a counter
 * in the same transaction as the write, so a committed write — by any server, or by hand with
 * psql — always moves the sum. The counter is split in 16 shards picked by backend pid: one row
 * would make every writing transaction in the deployment wait for the previous one's commit.
 */
import type { Migration } from '../sqlite/migrations.ts';

export type { Migration };

const SHARDS = 16;

const COLLECTIONS: readonly { readonly table: string; readonly extra?: string }[] = [
  { table: 'trust_anchors' },
  { table: 'profiles' },
  { table: 'crls', extra: 'trust_anchor_arn TEXT NOT NULL' },
  // Named explicitly: the store maps a violation of this constraint to DuplicateKeyError.
  { table: 'subjects', extra: 'x509_subject TEXT NOT NULL CONSTRAINT subjects_x509_subject_key UNIQUE' },
  { table: 'access_keys' },
  { table: 'roles' },
  { table: 'managed_policies' },
  { table: 'token_keys' },
  { table: 'certificate_authorities' },
  { table: 'issued_certificates', extra: 'certificate_authority_arn TEXT NOT NULL' },
  { table: 'notification_events' },
  { table: 'audit_events' },
  { table: 'console_sessions' },
  { table: 'console_users' },
];

function collectionTable(table: string, extra: string | undefined): string {
  return `CREATE TABLE ${table} (
  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id TEXT NOT NULL CONSTRAINT ${table}_id_key UNIQUE,
  doc JSONB NOT NULL${extra === undefined ? '' : `,\n  ${extra}`}
);
CREATE TRIGGER ${table}_changed AFTER INSERT OR UPDATE OR DELETE ON ${table}
  FOR EACH ROW EXECUTE FUNCTION note_store_change();
CREATE TRIGGER ${table}_truncated AFTER TRUNCATE ON ${table}
  FOR EACH STATEMENT EXECUTE FUNCTION note_store_change();`;
}

const changeCounter = `CREATE TABLE store_changes (
  shard SMALLINT PRIMARY KEY,
  writes BIGINT NOT NULL
);
INSERT INTO store_changes (shard, writes) SELECT shard, 0 FROM generate_series(0, ${SHARDS - 1}) AS shard;
-- SET search_path FROM CURRENT: the function finds store_changes in this schema whatever the
-- search_path of the session that writes.
CREATE FUNCTION note_store_change() RETURNS trigger LANGUAGE plpgsql
  SET search_path FROM CURRENT AS $$
BEGIN
  UPDATE store_changes SET writes = writes + 1 WHERE shard = pg_backend_pid() % ${SHARDS};
  RETURN NULL;
END
$$;`;

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'create collections and the change counter',
    sql: [
      changeCounter,
      ...COLLECTIONS.map(({ table, extra }) => collectionTable(table, extra)),
      // (lookup, seq): the lookups return records oldest first without a sort.
      'CREATE INDEX crls_by_trust_anchor_arn ON crls (trust_anchor_arn, seq);',
      'CREATE INDEX issued_certificates_by_ca ON issued_certificates (certificate_authority_arn, seq);',
    ].join('\n'),
  },
  {
    version: 2,
    name: 'index the audit trail by time, for retention',
    // Computed from the record, so no insert can leave it out; COLLATE "C" compares the
    // ISO-8601 text byte by byte, whatever the database's collation.
    sql: [
      `ALTER TABLE audit_events ADD COLUMN event_time TEXT COLLATE "C" GENERATED ALWAYS AS (doc->>'time') STORED;`,
      'CREATE INDEX audit_events_by_time ON audit_events (event_time);',
    ].join('\n'),
  },
  {
    version: 3,
    name: 'create the replay claims',
    // UNLOGGED: a claim is written on every CreateSession and lives minutes; skipping the WAL
    // makes it cheap. The price: after a database crash (or on a promoted standby) the table is
    // empty, and requests accepted in the few minutes before could be replayed once more. No
    // change-counter trigger: claims are not records, and must not invalidate the record caches.
    sql: [
      'CREATE UNLOGGED TABLE replay_claims (key TEXT PRIMARY KEY, expires_at BIGINT NOT NULL);',
      'CREATE INDEX replay_claims_by_expiry ON replay_claims (expires_at);',
    ].join('\n'),
  },
];
