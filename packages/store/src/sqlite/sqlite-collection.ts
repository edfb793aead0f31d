/**
 * One collection stored in one SQLite table (see `migrations.ts` for its shape), with its
 * statements prepared once.
 *
 * `DatabaseSync` is synchronous and every method does its whole job before returning, so calls
 * from one process never interleave; `update` still runs under BEGIN IMMEDIATE so that several
 * processes sharing the file cannot lose each other's changes.
 */
import type { DatabaseSync, SQLOutputValue } from 'node:sqlite';
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
import type { IndexedColumn, TableSpec } from '../table-spec.ts';
import { immediateTransaction } from './immediate-transaction.ts';

export type { IndexedColumn, TableSpec };

export interface SqliteCollection<R extends { readonly id: string }> extends Collection<R> {
  /** Every record whose indexed `column` equals `value`, oldest first. */
  findBy(column: string, value: string): R[];
  /** Newest first (seq descending); the cursor names the last record given. */
  listNewestFirst(page: PageRequest): Promise<Page<R>>;
  /** Inserts in order in one transaction, skipping ids that exist; resolves to how many were new. */
  append(records: readonly R[]): Promise<number>;
}

/** SQLITE_CONSTRAINT_UNIQUE, the extended result code of a UNIQUE violation. */
const SQLITE_CONSTRAINT_UNIQUE = 2067;

export function createSqliteCollection<R extends { readonly id: string }>(
  db: DatabaseSync,
  spec: TableSpec<R>,
): SqliteCollection<R> {
  const { collection, table, columns } = spec;
  const columnNames = columns.map((c) => c.column);
  const insertSql =
    `INSERT INTO ${table} (${['id', 'doc', ...columnNames].join(', ')}) ` +
    `VALUES (${['?', '?', ...columnNames.map(() => '?')].join(', ')}) ` +
    // The id conflict is checked before any other UNIQUE constraint, so a duplicate id is
    // reported as such even when another unique field clashes too (as in the memory store).
    'ON CONFLICT (id) DO NOTHING';
  const statements = {
    insert: db.prepare(insertSql),
    get: db.prepare(`SELECT doc FROM ${table} WHERE id = ?`),
    update: db.prepare(
      `UPDATE ${table} SET ${['doc', ...columnNames].map((c) => `${c} = ?`).join(', ')} WHERE id = ?`,
    ),
    delete: db.prepare(`DELETE FROM ${table} WHERE id = ? RETURNING doc`),
    // `seq > 0` for the first page: AUTOINCREMENT starts at 1.
    list: db.prepare(`SELECT seq, doc FROM ${table} WHERE seq > ? ORDER BY seq LIMIT ?`),
    listNewestFirst: db.prepare(`SELECT seq, doc FROM ${table} WHERE seq < ? ORDER BY seq DESC LIMIT ?`),
    count: db.prepare(`SELECT count(*) AS n FROM ${table}`),
    findBy: new Map(
      columns.map((c) => [
        c.column,
        db.prepare(`SELECT doc FROM ${table} WHERE ${c.column} = ? ORDER BY seq`),
      ]),
    ),
  };

  function columnValues(record: R): string[] {
    return columns.map((c) => c.of(record));
  }

  /** Turns a UNIQUE violation on an indexed column into the contract's error. */
  function asDuplicateKey(error: unknown, record: R): unknown {
    if (!(error instanceof Error) || !('errcode' in error) || error.errcode !== SQLITE_CONSTRAINT_UNIQUE) {
      return error;
    }
    // SQLite names the column: "UNIQUE constraint failed: subjects.x509_subject".
    const clash = columns.find((c) => error.message.endsWith(`${table}.${c.column}`));
    return clash === undefined ? error : new DuplicateKeyError(clash.field, clash.of(record));
  }

  return {
    async insert(record) {
      const doc = JSON.stringify(record);
      let changes: number | bigint;
      try {
        ({ changes } = statements.insert.run(record.id, doc, ...columnValues(record)));
      } catch (error) {
        throw asDuplicateKey(error, record);
      }
      if (Number(changes) === 0) throw new DuplicateIdError(record.id);
    },

    async get(id) {
      const row = statements.get.get(id);
      return row === undefined ? undefined : parseDoc<R>(row.doc);
    },

    async update(id, change) {
      return immediateTransaction(db, () => {
        const row = statements.get.get(id);
        if (row === undefined) return undefined;
        const changed = change(parseDoc<R>(row.doc));
        assertSameId(id, changed);
        const doc = JSON.stringify(changed);
        try {
          statements.update.run(doc, ...columnValues(changed), id);
        } catch (error) {
          throw asDuplicateKey(error, changed);
        }
        // Parsed back from what was written: the caller gets the stored result, not `changed`.
        return parseDoc<R>(doc);
      });
    },

    async delete(id) {
      const row = statements.delete.get(id);
      return row === undefined ? undefined : parseDoc<R>(row.doc);
    },

    async list(page): Promise<Page<R>> {
      assertPageLimit(page.limit);
      const after = page.after === undefined ? 0 : decodeCursor(collection, page.after);
      // One row beyond the page tells whether a next page exists, so that a page ending exactly
      // at the last record carries no cursor.
      const rows = statements.list.all(after, page.limit + 1);
      const pageRows = rows.slice(0, page.limit);
      const items = pageRows.map((row) => parseDoc<R>(row.doc));
      const last = pageRows.at(-1);
      if (rows.length <= page.limit || last === undefined) return { items };
      return { items, next: encodeCursor(collection, Number(last.seq)) };
    },

    async append(records) {
      // One transaction: one fsync for the whole batch, and all or none of it.
      return immediateTransaction(db, () => {
        let added = 0;
        for (const record of records) {
          try {
            added += Number(
              statements.insert.run(record.id, JSON.stringify(record), ...columnValues(record)).changes,
            );
          } catch (error) {
            throw asDuplicateKey(error, record);
          }
        }
        return added;
      });
    },

    async listNewestFirst(page): Promise<Page<R>> {
      assertPageLimit(page.limit);
      const cursorName = `${collection}Newest`;
      const before =
        page.after === undefined ? Number.MAX_SAFE_INTEGER : decodeCursor(cursorName, page.after);
      const rows = statements.listNewestFirst.all(before, page.limit + 1);
      const pageRows = rows.slice(0, page.limit);
      const items = pageRows.map((row) => parseDoc<R>(row.doc));
      const last = pageRows.at(-1);
      if (rows.length <= page.limit || last === undefined) return { items };
      return { items, next: encodeCursor(cursorName, Number(last.seq)) };
    },

    async count() {
      return Number(statements.count.get()?.n ?? 0);
    },

    findBy(column, value) {
      const statement = statements.findBy.get(column);
      if (statement === undefined) throw new Error(`${table}.${column} is not an indexed column`);
      return statement.all(value).map((row) => parseDoc<R>(row.doc));
    },
  };
}

function parseDoc<R>(doc: SQLOutputValue | undefined): R {
  if (typeof doc !== 'string') throw new Error('a stored record is not JSON text');
  return JSON.parse(doc) as R;
}
