/** The database engines lib/db talks to: a PostgreSQL server (through `pg`) or embedded PGlite. */
export type DbEngine = 'postgres' | 'pglite';

/** A column of a query result. */
export interface DbField {
  name: string;
  /** PostgreSQL type OID (20 int8, 25 text, 701 float8...). */
  dataTypeID: number;
}

/**
 * The result of {@link Database.query}. Both engines give the same values: int8 (`count(*)`) as a
 * JS number (exact up to 2^53, rounded to the nearest double beyond), float8 as a number, text as a string, jsonb
 * parsed, NULL as null.
 */
export interface DbResult<R> {
  rows: R[];
  /** Rows returned, or affected by INSERT/UPDATE/DELETE. */
  rowCount: number;
  fields: DbField[];
}

/**
 * One database connection, the same on PostgreSQL and PGlite. Every value goes through
 * parameters (`$1`, `$2`...); SQL text is never assembled from data.
 *
 * A connection runs one statement at a time: do not run two transactions on it concurrently.
 */
export interface Database {
  /** Which engine this is. */
  readonly engine: DbEngine;
  /** The schema tables are created in and read from (the first of the search path), or undefined for the default. */
  readonly schema: string | undefined;
  /** Runs one parameterized statement. @throws the engine's error (with `code`, the SQLSTATE). */
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<DbResult<R>>;
  /** Runs a script of statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /**
   * Runs `fn` inside BEGIN ... COMMIT, rolling back if it throws (the error is rethrown).
   * @throws InvalidArgumentError when called inside another transaction.
   */
  transaction<T>(fn: (db: Database) => Promise<T>): Promise<T>;
  /**
   * Streams rows in COPY text format into `COPY ... FROM STDIN` (PostgreSQL only).
   * @returns the number of rows copied.
   * @throws InvalidArgumentError on PGlite (use parameterized inserts there).
   */
  copyFrom(sql: string, chunks: AsyncIterable<string> | Iterable<string>): Promise<number>;
  /**
   * Makes schema `name` the first of the search path, creating it when it does not exist (an existing schema is only
   * looked up: a role that may use it but not create schemas can work in it).
   * @throws InvalidArgumentError on a bad name, or when called inside a transaction (a rollback would undo the
   *   change of search path but not {@link Database.schema}); DatabaseError naming the schema when it does not exist
   *   and cannot be created (e.g. the role may not create schemas: SQLSTATE 42501).
   */
  useSchema(name: string): Promise<void>;
  /** Closes the connection (PGlite: flushes its data directory). */
  close(): Promise<void>;
}
