/**
 * The storage contract. Every backend (memory, SQLite, PostgreSQL) implements exactly this and
 * passes the one conformance suite in `test/conformance.ts`.
 *
 * Rules every implementation keeps:
 * - A promise that resolves means the write is durable (survives a kill -9 of the process).
 * - `update` is an atomic read-modify-write: `change` sees the current record and its result is
 *   written as one step; concurrent updates of one record never lose each other's changes.
 *   `change` must be synchronous and pure; if it throws, nothing is written and the error
 *   propagates unchanged (this is how handlers refuse a change that depends on current state).
 * - Records go in and come out as plain JSON-compatible values; callers never share references
 *   with the store (a returned record may be mutated without effect on the stored one).
 * - `list` pages in insertion order, oldest first; the cursor is opaque to callers and stays
 *   valid when other records are inserted or deleted. A record deleted and inserted again counts
 *   as new: it moves to the end.
 * - A field declared unique (a subject's `x509Subject`) never holds one value in two records: an
 *   insert or update that would do so rejects with `DuplicateKeyError` and writes nothing.
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

export interface Page<R> {
  readonly items: readonly R[];
  /** Present when more records follow; pass it back as `after` to continue. */
  readonly next?: string;
}

export interface PageRequest {
  /** A positive integer; anything else rejects with `RangeError` (a caller's bug, not input). */
  readonly limit: number;
  readonly after?: string;
}

export interface Collection<R extends { readonly id: string }> {
  /** Adds a record; rejects with `DuplicateIdError` if the id exists. */
  insert(record: R): Promise<void>;
  get(id: string): Promise<R | undefined>;
  /**
   * Atomic read-modify-write; resolves to the stored result, or undefined if no such record (then
   * `change` is not called). `change` must keep the id: a changed id rejects with `TypeError`.
   */
  update(id: string, change: (current: R) => R): Promise<R | undefined>;
  /** Removes the record and resolves to it, or undefined if there was none. */
  delete(id: string): Promise<R | undefined>;
  list(page: PageRequest): Promise<Page<R>>;
  count(): Promise<number>;
}

export interface CrlCollection extends Collection<CrlRecord> {
  /** Every CRL bound to the trust anchor, oldest first. */
  listByTrustAnchor(trustAnchorArn: string): Promise<readonly CrlRecord[]>;
}

/** `x509Subject` is unique: a second subject with the same one rejects with `DuplicateKeyError`. */
export interface SubjectCollection extends Collection<SubjectRecord> {
  findByX509Subject(x509Subject: string): Promise<SubjectRecord | undefined>;
}

export interface IssuedCertificateCollection extends Collection<IssuedCertificateRecord> {
  /** Every certificate the CA issued, oldest first. */
  listByCertificateAuthority(certificateAuthorityArn: string): Promise<readonly IssuedCertificateRecord[]>;
}

export interface AuditCollection extends Collection<AuditEventRecord> {
  /** Newest first: the latest `limit` records, then those before the cursor. */
  listNewestFirst(page: PageRequest): Promise<Page<AuditEventRecord>>;
  /**
   * Appends records in order, in one durable write (one transaction: all or none). A record
   * whose id exists is skipped, so a batch retried after a failure is written once. Resolves to
   * how many were new.
   */
  append(records: readonly AuditEventRecord[]): Promise<number>;
  /**
   * Retention, the trail's only deletion: removes up to `limit` records whose `time` is earlier
   * than `before` (epoch ms), oldest first, and resolves to how many it removed. Times compare as
   * the ISO-8601 text records carry (`Date#toISOString`), through an index. Safe to run from
   * several processes at once: each record is removed once, and a call that removed fewer than
   * `limit` found no more (or left them to a concurrent call that took them).
   */
  deleteOlderThan(before: number, limit: number): Promise<number>;
}

/**
 * Keys of signed requests already accepted (CreateSession's replay cache), shared by every process
 * that uses the store. Not records: claims live minutes, take no part in `changeMarker`, and in
 * PostgreSQL sit in an UNLOGGED table (fast; emptied if the database crashes — see docs/limits.md).
 */
export interface ReplayClaims {
  /**
   * Claims `key` until `expiresAt` (epoch ms; a claim is live while `expiresAt >= now`). Resolves
   * true when no live claim holds the key (an expired one is replaced), false when one does.
   * Atomic: of concurrent claims of one key, from any processes, exactly one resolves true.
   */
  claim(key: string, expiresAt: number, now: number): Promise<boolean>;
  /** Forgets the claims that expired before `before`; resolves to how many. */
  purge(before: number): Promise<number>;
}

export interface Store {
  readonly trustAnchors: Collection<TrustAnchorRecord>;
  readonly profiles: Collection<ProfileRecord>;
  readonly crls: CrlCollection;
  readonly subjects: SubjectCollection;
  readonly accessKeys: Collection<AccessKeyRecord>;
  readonly roles: Collection<RoleRecord>;
  readonly managedPolicies: Collection<ManagedPolicyRecord>;
  readonly tokenKeys: Collection<TokenKeyRecord>;
  readonly certificateAuthorities: Collection<CertificateAuthorityRecord>;
  readonly issuedCertificates: IssuedCertificateCollection;
  readonly notificationEvents: Collection<NotificationEventRecord>;
  readonly auditEvents: AuditCollection;
  readonly consoleSessions: Collection<ConsoleSessionRecord>;
  readonly consoleUsers: Collection<ConsoleUserRecord>;
  readonly replayClaims: ReplayClaims;
  /**
   * A token that changes whenever a write may have been committed since it was last read — by
   * this process at once, and, for stores other processes share, by any of them within a few
   * milliseconds (SQLite: 10 ms). Equal tokens mean nothing this process wrote, and nothing
   * others wrote until shortly before, happened in between. (It may change without a write.)
   */
  changeMarker(): Promise<string>;
  /** Flushes and releases resources; the store is unusable afterwards. */
  close(): Promise<void>;
}

export class DuplicateIdError extends Error {
  readonly id: string;

  constructor(id: string) {
    super(`a record with id ${id} exists`);
    this.name = 'DuplicateIdError';
    this.id = id;
  }
}

/** Raised when a record would share the value of a unique field with another record. */
export class DuplicateKeyError extends Error {
  readonly field: string;
  readonly value: string;

  constructor(field: string, value: string) {
    super(`a record with ${field} ${value} exists`);
    this.name = 'DuplicateKeyError';
    this.field = field;
    this.value = value;
  }
}

/** Raised for a malformed or foreign `after` cursor. */
export class InvalidCursorError extends Error {
  constructor() {
    super('invalid pagination cursor');
    this.name = 'InvalidCursorError';
  }
}
