import { DatabaseError, InvalidArgumentError } from '../core/errors.js';
import type { Database, DbEngine, DbResult } from './database.js';
import { quoteSchemaName } from './schema-name.js';

/** The SQLSTATE of an engine error, if any. */
const sqlState = (e: unknown): string | undefined => (e as { code?: string } | null)?.code;

/** Shared transaction and schema handling of the two engines (internal to lib/db). */
export abstract class BaseDatabase implements Database {
  abstract readonly engine: DbEngine;
  private currentSchema: string | undefined;
  private inTransaction = false;

  get schema(): string | undefined {
    return this.currentSchema;
  }

  abstract query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<DbResult<R>>;
  abstract exec(sql: string): Promise<void>;
  abstract copyFrom(sql: string, chunks: AsyncIterable<string> | Iterable<string>): Promise<number>;
  abstract close(): Promise<void>;

  async transaction<T>(fn: (db: Database) => Promise<T>): Promise<T> {
    if (this.inTransaction)
      throw new InvalidArgumentError(`${this.engine}: a transaction is already open on this connection`);
    this.inTransaction = true;
    try {
      await this.query('BEGIN');
      try {
        const out = await fn(this);
        await this.query('COMMIT');
        return out;
      } catch (e) {
        await this.query('ROLLBACK').catch(() => undefined);
        throw e;
      }
    } finally {
      this.inTransaction = false;
    }
  }

  /** Whether schema `name` exists (a catalog read: no privilege needed). */
  private async schemaExists(db: Database, name: string): Promise<boolean> {
    const r = await db.query<{ e: boolean }>('SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1) AS e', [
      name,
    ]);
    return r.rows[0].e;
  }

  async useSchema(name: string): Promise<void> {
    const q = quoteSchemaName(name);
    // A ROLLBACK undoes SET search_path (and CREATE SCHEMA) but not `currentSchema`: `schema` would then name a
    // schema the connection no longer uses, or one that no longer exists.
    if (this.inTransaction) {
      throw new InvalidArgumentError(
        `${this.engine}: useSchema('${name}') inside a transaction: a rollback would undo the schema change ` +
          'but not the record of it on this connection; call useSchema before the transaction',
      );
    }
    // An existing schema is only looked up: CREATE SCHEMA IF NOT EXISTS needs the right to create schemas in the
    // database even when the schema exists, which a role that may only use the schema lacks.
    if (!(await this.schemaExists(this, name))) {
      try {
        // Sessions creating the same schema at once queue on an advisory lock: concurrent CREATE SCHEMA IF NOT
        // EXISTS fails with a duplicate key in the catalog (23505). PGlite has one connection.
        await this.transaction(async (db) => {
          if (this.engine === 'postgres') {
            await db.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`sizefit.schema.${name}`]);
          }
          if (!(await this.schemaExists(db, name))) await db.exec(`CREATE SCHEMA IF NOT EXISTS ${q}`);
        });
      } catch (e) {
        const state = sqlState(e);
        throw new DatabaseError(
          `${this.engine}: cannot create schema '${name}': ${(e as Error).message}` +
            (state === undefined ? '' : ` (SQLSTATE ${state})`) +
            (state === '42501' ? '; create it as a role that may, or give the name of an existing schema' : ''),
          { cause: e },
        );
      }
    }
    await this.exec(`SET search_path TO ${q}`);
    this.currentSchema = name;
  }
}
