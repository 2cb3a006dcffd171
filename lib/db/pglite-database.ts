import { DatabaseError, InvalidArgumentError } from '../core/errors.js';
import { lockDataDirectory, type DirectoryLock } from './directory-lock.js';
import { BaseDatabase } from './base-database.js';
import type { DbResult } from './database.js';

const INT8_OID = 20;

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
 * default, or persisted in a data directory. Values come back like {@link PostgresDatabase}'s (int8 as a JS number,
 * exact up to 2^53, rounded beyond as pg rounds it), but for one
 * thing: PGlite decodes each text value with a `TextDecoder` that drops a leading U+FEFF (the value stored is
 * intact). lib/db reads the texts it gives back (ids, categories, names, run kinds) as `'.' || column` and takes
 * the `.` off, on both engines; a query of your own can do the same.
 */
export class PgliteDatabase extends BaseDatabase {
  readonly engine = 'pglite' as const;
  private readonly db: PGliteLike;

  private readonly lock: DirectoryLock | null;

  private constructor(db: PGliteLike, lock: DirectoryLock | null) {
    super();
    this.db = db;
    this.lock = lock;
  }

  /**
   * Starts PGlite (about 2 s). A data directory is held by one process at a time (a lock file with the pid):
   * PGlite has no server, and two processes writing one directory lose each other's rows.
   * @throws DatabaseError naming the directory when it is a file, a non-empty directory that is not a PGlite
   *   data directory, in use by another live process, or cannot be opened by PGlite.
   */
  static async open(options: PgliteOptions = {}): Promise<PgliteDatabase> {
    const { PGlite } = await import('@electric-sql/pglite');
    const dir = options.dataDir;
    const lock = dir === undefined ? null : lockDataDirectory(dir);
    try {
      // int8 as a JS number, as PostgresDatabase parses it: PGlite's own parser gives a BigInt beyond 2^53.
      const parsers = { [INT8_OID]: (v: string) => Number(v) };
      const db = new PGlite(dir === undefined ? { parsers } : { dataDir: dir, parsers }) as unknown as PGliteLike;
      await db.waitReady;
      return new PgliteDatabase(db, lock);
    } catch (e) {
      lock?.release();
      const reason = e instanceof Error ? e.message : `error ${JSON.stringify(e)}`;
      throw new DatabaseError(`cannot open the PGlite database in ${dir ?? 'memory'}: ${reason}`, { cause: e });
    }
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
    try {
      await this.db.close();
    } finally {
      this.lock?.release();
    }
  }
}
