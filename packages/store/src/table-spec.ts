/** How a collection is laid out in an SQL table, shared by the SQLite and PostgreSQL backends. */

/** A record field copied into its own column, so the contract can look records up by it. */
export interface IndexedColumn<R> {
  readonly column: string;
  readonly field: string;
  readonly of: (record: R) => string;
}

export interface TableSpec<R> {
  /** The collection's name in the `Store`; it goes into cursors, which must not depend on SQL. */
  readonly collection: string;
  readonly table: string;
  readonly columns: readonly IndexedColumn<R>[];
}
