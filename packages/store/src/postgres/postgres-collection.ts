/**
 * One collection stored in one PostgreSQL table (see `migrations.ts` for its shape).
 *
 * Insertion order under concurrency: `seq` comes from a sequence when the INSERT runs, but
 * transactions commit in any order, so without more care a record with seq 10 could become
 * visible after one with seq 11 — and a reader whose cursor already named 11 would never see 10,
 * although the contract says a cursor keeps finding every record inserted after it. Each insert
 * therefore takes a transaction-scoped advisory lock for its table before the INSERT draws its
 * seq, and keeps it until COMMIT. PostgreSQL makes a commit visible before it releases the
 * transaction's locks, so the next insert into the table draws a larger seq only once every
 * smaller one is visible (or rolled back, leaving a harmless gap): the visible records are always
 * the oldest ones, and a cursor never passes a record still to come. Inserts into one table
 * take turns (one commit each); reads, updates, deletes and other tables do not wait for them.
 *
 * `update` reads the row with SELECT … FOR UPDATE and writes it in the same transaction: a second
 * update of that record waits at its SELECT until the first commits, then reads its result.
 */
import type { Pool, PoolClient } from 'pg';
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
import { inTransaction } from './transaction.ts';

export type { IndexedColumn, TableSpec };

export interface PostgresCollection<R extends { readonly id: string }> extends Collection<R> {
  /** Every record whose indexed `column` equals `value`, oldest first. */
  findBy(column: string, value: string): Promise<R[]>;
  /** Newest first (seq descending); the cursor names the last record given. */
  listNewestFirst(page: PageRequest): Promise<Page<R>>;
  /** Inserts in order in one transaction, skipping ids that exist; resolves to how many were new. */
  append(records: readonly R[]): Promise<number>;
}

/** SQLSTATE unique_violation. */
const UNIQUE_VIOLATION = '23505';

interface DocRow<R> {
  readonly doc: R;
}

interface SeqDocRow<R> extends DocRow<R> {
  /** BIGINT arrives as a string (node-postgres keeps 64-bit integers exact). */
  readonly seq: string;
}

export function createPostgresCollection<R extends { readonly id: string }>(
  pool: Pool,
  schema: string,
  quotedSchema: string,
  spec: TableSpec<R>,
): PostgresCollection<R> {
  const { collection, table, columns } = spec;
  const from = `${quotedSchema}.${table}`;
  const columnNames = columns.map((c) => c.column);
  const insertOrderLock = `anchorage:insert:${schema}.${table}`;
  const sql = {
    lockInsertOrder: 'SELECT pg_advisory_xact_lock(hashtextextended($1, 0))',
    insert:
      `INSERT INTO ${from} (${['id', 'doc', ...columnNames].join(', ')}) ` +
      `VALUES ($1, $2::jsonb${columnNames.map((_, i) => `, $${i + 3}`).join('')}) ` +
      // The id is the arbiter, checked before any other UNIQUE constraint, so a duplicate id is
      // reported as such even when another unique field clashes too (as in the memory store).
      'ON CONFLICT (id) DO NOTHING',
    get: `SELECT doc FROM ${from} WHERE id = $1`,
    getForUpdate: `SELECT doc FROM ${from} WHERE id = $1 FOR UPDATE`,
    update:
      `UPDATE ${from} SET doc = $2::jsonb${columnNames.map((c, i) => `, ${c} = $${i + 3}`).join('')} ` +
      'WHERE id = $1 RETURNING doc',
    delete: `DELETE FROM ${from} WHERE id = $1 RETURNING doc`,
    // `seq > 0` for the first page: identity columns start at 1.
    list: `SELECT seq, doc FROM ${from} WHERE seq > $1 ORDER BY seq LIMIT $2`,
    listNewestFirst: `SELECT seq, doc FROM ${from} WHERE seq < $1 ORDER BY seq DESC LIMIT $2`,
    count: `SELECT count(*) AS n FROM ${from}`,
    findBy: new Map(columnNames.map((c) => [c, `SELECT doc FROM ${from} WHERE ${c} = $1 ORDER BY seq`])),
  };

  function columnValues(record: R): string[] {
    return columns.map((c) => c.of(record));
  }

  /** Turns a UNIQUE violation on an indexed column into the contract's error. */
  function asDuplicateKey(error: unknown, record: R): unknown {
    if (!isUniqueViolation(error)) return error;
    const clash = columns.find((c) => error.constraint === `${table}_${c.column}_key`);
    return clash === undefined ? error : new DuplicateKeyError(clash.field, clash.of(record));
  }

  /** The page of `rows` (fetched with one extra row) and its cursor, named `cursorName`. */
  function toPage(rows: readonly SeqDocRow<R>[], limit: number, cursorName: string): Page<R> {
    // The extra row tells whether a next page exists, so that a page ending exactly at the last
    // record carries no cursor.
    const pageRows = rows.slice(0, limit);
    const items = pageRows.map((row) => row.doc);
    const last = pageRows.at(-1);
    if (rows.length <= limit || last === undefined) return { items };
    return { items, next: encodeCursor(cursorName, Number(last.seq)) };
  }

  return {
    async insert(record) {
      // Serialised before the parameters go out, as the record is at the call.
      const values = [record.id, JSON.stringify(record), ...columnValues(record)];
      const inserted = await inTransaction(pool, async (client) => {
        await client.query(sql.lockInsertOrder, [insertOrderLock]);
        try {
          return (await client.query(sql.insert, values)).rowCount;
        } catch (error) {
          throw asDuplicateKey(error, record);
        }
      });
      if (inserted === 0) throw new DuplicateIdError(record.id);
    },

    async append(records) {
      if (records.length === 0) return 0;
      const rows = records.map((record) => ({
        record,
        values: [record.id, JSON.stringify(record), ...columnValues(record)],
      }));
      // One transaction and one insert-order lock for the whole batch: one commit, all or none.
      return inTransaction(pool, async (client) => {
        await client.query(sql.lockInsertOrder, [insertOrderLock]);
        let added = 0;
        for (const { record, values } of rows) {
          try {
            added += (await client.query(sql.insert, values)).rowCount ?? 0;
          } catch (error) {
            throw asDuplicateKey(error, record);
          }
        }
        return added;
      });
    },

    async get(id) {
      // node-postgres parses JSONB afresh for every row: callers get their own copy.
      return (await pool.query<DocRow<R>>(sql.get, [id])).rows[0]?.doc;
    },

    async update(id, change) {
      return inTransaction(pool, async (client: PoolClient) => {
        const current = (await client.query<DocRow<R>>(sql.getForUpdate, [id])).rows[0];
        if (current === undefined) return undefined;
        const changed = change(current.doc);
        assertSameId(id, changed);
        try {
          const result = await client.query<DocRow<R>>(sql.update, [
            id,
            JSON.stringify(changed),
            ...columnValues(changed),
          ]);
          // RETURNING: the caller gets the stored result, not `changed`.
          return result.rows[0]?.doc;
        } catch (error) {
          throw asDuplicateKey(error, changed);
        }
      });
    },

    async delete(id) {
      return (await pool.query<DocRow<R>>(sql.delete, [id])).rows[0]?.doc;
    },

    async list(page): Promise<Page<R>> {
      assertPageLimit(page.limit);
      const after = page.after === undefined ? 0 : decodeCursor(collection, page.after);
      const { rows } = await pool.query<SeqDocRow<R>>(sql.list, [after, page.limit + 1]);
      return toPage(rows, page.limit, collection);
    },

    async listNewestFirst(page): Promise<Page<R>> {
      assertPageLimit(page.limit);
      const cursorName = `${collection}Newest`;
      const before =
        page.after === undefined ? Number.MAX_SAFE_INTEGER : decodeCursor(cursorName, page.after);
      const { rows } = await pool.query<SeqDocRow<R>>(sql.listNewestFirst, [before, page.limit + 1]);
      return toPage(rows, page.limit, cursorName);
    },

    async count() {
      const { rows } = await pool.query<{ n: string }>(sql.count);
      return Number(rows[0]?.n ?? 0);
    },

    async findBy(column, value) {
      const statement = sql.findBy.get(column);
      if (statement === undefined) throw new Error(`${table}.${column} is not an indexed column`);
      return (await pool.query<DocRow<R>>(statement, [value])).rows.map((row) => row.doc);
    },
  };
}

function isUniqueViolation(error: unknown): error is Error & { readonly constraint?: string } {
  return error instanceof Error && 'code' in error && error.code === UNIQUE_VIOLATION;
}
