import { InvalidArgumentError } from '../core/errors.js';
import { BaseDatabase } from './base-database.js';
import type { DbResult } from './database.js';

/** The part of PGlite's API used here (the package is ESM-only and loaded with a dynamic import). */
interface PGliteLike {
  waitReady: Promise<void>;
  query(
    sql: string,
    params?: unknown[],
  ): Promise<{
    rows: unknown[];
    fields: { name: string; dataTypeID: number }[];
    affectedRows?: number;
  }>;
  exec(sql: string): Promise<unknown>;
  close(): Promise<void>;
}

/** Options of {@link PgliteDatabase.open}. */
export interface PgliteOptions {
  /** A data directory to keep the database in (created if needed); in memory when omitted. */
  dataDir?: string;
}

/**
 * Embedded PostgreSQL (PGlite, WASM) in this process: nothing to install or start. In memory by
 * default, or persisted in a data directory. Values come back like {@link PostgresDatabase}'s.
 */
export class PgliteDatabase extends BaseDatabase {
  readonly engine = 'pglite' as const;
  private readonly db: PGliteLike;

  private constructor(db: PGliteLike) {
    super();
    this.db = db;
  }

  /** Starts PGlite (about 2 s). @throws when the data directory cannot be used. */
  static async open(options: PgliteOptions = {}): Promise<PgliteDatabase> {
    const { PGlite } = await import('@electric-sql/pglite');
    const db = (options.dataDir === undefined ? new PGlite() : new PGlite(options.dataDir)) as unknown as PGliteLike;
    await db.waitReady;
    return new PgliteDatabase(db);
  }

  async query<R = Record<string, unknown>>(sql: string, params: readonly unknown[] = []): Promise<DbResult<R>> {
    const r = await this.db.query(sql, params.slice());
    return {
      rows: r.rows as R[],
      rowCount: r.fields.length > 0 ? r.rows.length : (r.affectedRows ?? 0),
      fields: r.fields.map((f) => ({ name: f.name, dataTypeID: f.dataTypeID })),
    };
  }

  async exec(sql: string): Promise<void> {
    await this.db.exec(sql);
  }

  copyFrom(): Promise<number> {
    return Promise.reject(
      new InvalidArgumentError('pglite: COPY FROM STDIN is not available; use batched parameterized inserts'),
    );
  }

  async close(): Promise<void> {
    await this.db.close();
  }
}
