/**
 * The reference collection: what every other backend must be indistinguishable from.
 *
 * Records are deep-copied on the way in and out (structuredClone), so callers never share a
 * reference with the store. Each method does its whole job before its first `await` (there is
 * none), so no other call can run in between: that alone makes `update` atomic.
 */

import { assertSameId } from '../assert-same-id.ts';
import { decodeCursor, encodeCursor } from '../cursor.ts';
import { assertPageLimit } from '../page-limit.ts';
import {
  type Collection,
  DuplicateIdError,
  DuplicateKeyError,
  type Page,
  type PageRequest,
} from '../port.ts';

/** A field whose value no two records may share, with an index from value to id. */
export interface UniqueField<R> {
  readonly field: string;
  readonly of: (record: R) => string;
}

export interface MemoryCollection<R extends { readonly id: string }> extends Collection<R> {
  /** Newest first; the cursor names the last record given. */
  listNewestFirst(page: PageRequest): Promise<Page<R>>;
  /** Inserts in order, skipping ids that exist; resolves to how many were new. */
  append(records: readonly R[]): Promise<number>;
  /** Every record for which `keep` holds, oldest first (copies). */
  filter(keep: (record: R) => boolean): R[];
  /** The record whose unique `field` has `value` (a copy), if any. */
  findUnique(field: string, value: string): R | undefined;
  /** Makes every later call throw, as a closed database would. */
  close(): void;
}

interface Entry<R> {
  /** Insertion sequence number: orders the records and names them in cursors. */
  readonly seq: number;
  readonly record: R;
}

export function createMemoryCollection<R extends { readonly id: string }>(
  name: string,
  uniqueFields: readonly UniqueField<R>[] = [],
): MemoryCollection<R> {
  // A Map iterates in insertion order; a re-inserted id is deleted first, so it moves to the end
  // exactly as its new, larger sequence number says.
  const entries = new Map<string, Entry<R>>();
  const indexes = new Map(uniqueFields.map((unique) => [unique.field, new Map<string, string>()]));
  let lastSeq = 0;
  let closed = false;

  function assertOpen(): void {
    if (closed) throw new Error('the store is closed');
  }

  /** Throws if `record` would share a unique value with a record other than `selfId`. */
  function assertUnique(record: R, selfId: string | undefined): void {
    for (const unique of uniqueFields) {
      const value = unique.of(record);
      const owner = indexes.get(unique.field)?.get(value);
      if (owner !== undefined && owner !== selfId) throw new DuplicateKeyError(unique.field, value);
    }
  }

  function index(record: R): void {
    for (const unique of uniqueFields) indexes.get(unique.field)?.set(unique.of(record), record.id);
  }

  function unindex(record: R): void {
    for (const unique of uniqueFields) indexes.get(unique.field)?.delete(unique.of(record));
  }

  function insertRecord(record: R): void {
    if (entries.has(record.id)) throw new DuplicateIdError(record.id);
    assertUnique(record, undefined);
    const stored = structuredClone(record);
    lastSeq += 1;
    entries.set(stored.id, { seq: lastSeq, record: stored });
    index(stored);
  }

  return {
    async insert(record) {
      assertOpen();
      insertRecord(record);
    },

    async get(id) {
      assertOpen();
      const entry = entries.get(id);
      return entry === undefined ? undefined : structuredClone(entry.record);
    },

    async update(id, change) {
      assertOpen();
      const entry = entries.get(id);
      if (entry === undefined) return undefined;
      // `change` gets a copy, so a `change` that mutates its argument and then throws leaves
      // the stored record as it was.
      const changed = structuredClone(change(structuredClone(entry.record)));
      assertSameId(id, changed);
      assertUnique(changed, id);
      unindex(entry.record);
      entries.set(id, { seq: entry.seq, record: changed });
      index(changed);
      return structuredClone(changed);
    },

    async delete(id) {
      assertOpen();
      const entry = entries.get(id);
      if (entry === undefined) return undefined;
      entries.delete(id);
      unindex(entry.record);
      return entry.record;
    },

    async list(page: PageRequest): Promise<Page<R>> {
      assertOpen();
      assertPageLimit(page.limit);
      const after = page.after === undefined ? 0 : decodeCursor(name, page.after);
      const items: R[] = [];
      let lastTaken = 0;
      for (const entry of entries.values()) {
        if (entry.seq <= after) continue;
        // One record beyond the page tells whether a next page exists, so that a page ending
        // exactly at the last record carries no cursor.
        if (items.length === page.limit) return { items, next: encodeCursor(name, lastTaken) };
        items.push(structuredClone(entry.record));
        lastTaken = entry.seq;
      }
      return { items };
    },

    async append(records) {
      assertOpen();
      // All or none, as the transactional backends: check every record before adding any.
      const fresh = records.filter(
        (record, i) => !entries.has(record.id) && records.findIndex((r) => r.id === record.id) === i,
      );
      const seen = new Set<string>();
      for (const record of fresh) {
        assertUnique(record, undefined);
        for (const unique of uniqueFields) {
          const key = `${unique.field}\u0000${unique.of(record)}`;
          if (seen.has(key)) throw new DuplicateKeyError(unique.field, unique.of(record));
          seen.add(key);
        }
      }
      for (const record of fresh) insertRecord(record);
      return fresh.length;
    },

    async listNewestFirst(page: PageRequest): Promise<Page<R>> {
      assertOpen();
      assertPageLimit(page.limit);
      const cursorName = `${name}Newest`;
      const before =
        page.after === undefined ? Number.MAX_SAFE_INTEGER : decodeCursor(cursorName, page.after);
      const items: R[] = [];
      let lastTaken = 0;
      for (const entry of [...entries.values()].reverse()) {
        if (entry.seq >= before) continue;
        if (items.length === page.limit) return { items, next: encodeCursor(cursorName, lastTaken) };
        items.push(structuredClone(entry.record));
        lastTaken = entry.seq;
      }
      return { items };
    },

    async count() {
      assertOpen();
      return entries.size;
    },

    filter(keep) {
      assertOpen();
      const kept: R[] = [];
      for (const { record } of entries.values()) if (keep(record)) kept.push(structuredClone(record));
      return kept;
    },

    findUnique(field, value) {
      assertOpen();
      const id = indexes.get(field)?.get(value);
      const entry = id === undefined ? undefined : entries.get(id);
      return entry === undefined ? undefined : structuredClone(entry.record);
    },

    close() {
      closed = true;
    },
  };
}
