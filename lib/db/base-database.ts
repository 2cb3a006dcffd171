import { InvalidArgumentError } from '../core/errors.js';
import type { Database, DbEngine, DbResult } from './database.js';
import { quoteSchemaName } from './schema-name.js';

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

  async useSchema(name: string): Promise<void> {
    const q = quoteSchemaName(name);
    // Sessions creating the same schema at once queue on an advisory lock: concurrent CREATE SCHEMA IF NOT
    // EXISTS fails with a duplicate key in the catalog (23505). PGlite has one connection.
    const create = async (db: Database): Promise<void> => {
      if (this.engine === 'postgres') {
        await db.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`sizefit.schema.${name}`]);
      }
      await db.exec(`CREATE SCHEMA IF NOT EXISTS ${q}`);
    };
    if (this.inTransaction) await create(this);
    else await this.transaction(create);
    await this.exec(`SET search_path TO ${q}`);
    this.currentSchema = name;
  }
}
