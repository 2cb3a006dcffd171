import { join } from 'node:path';
import { dataDirectory } from '../data/dataset-registry.js';
import type { Database, DbEngine } from './database.js';
import { migrate } from './migrations.js';
import { PgliteDatabase } from './pglite-database.js';
import { PostgresDatabase } from './postgres-database.js';

/** Options of {@link openDatabase}. */
export interface OpenDatabaseOptions {
  /** A PostgreSQL URL; default env `DATABASE_URL`. */
  url?: string;
  /**
   * Force an engine. Default: PostgreSQL when `url`, `DATABASE_URL`, `PGHOST` or `PGDATABASE` is
   * set (without a URL, pg reads the PG* variables), else PGlite.
   */
  engine?: DbEngine;
  /** PGlite data directory; in memory when omitted. Ignored on PostgreSQL. */
  dataDir?: string;
  /** Work in this schema (created if needed; see {@link Database.useSchema}). */
  schema?: string;
  /** Apply the migrations (default true). */
  migrate?: boolean;
}

/** Which engine {@link openDatabase} would choose for these options and the current environment. */
export function chooseEngine(options: OpenDatabaseOptions = {}): DbEngine {
  if (options.engine) return options.engine;
  const env = process.env;
  return options.url || env.DATABASE_URL || env.PGHOST || env.PGDATABASE ? 'postgres' : 'pglite';
}

/** The PGlite data directory the CLI uses by default: env `SIZEFIT_PGLITE_DIR`, else `<data directory>/pglite`. */
export function defaultPgliteDirectory(): string {
  return process.env.SIZEFIT_PGLITE_DIR || join(dataDirectory(), 'pglite');
}

/**
 * Opens the project database: a PostgreSQL server when one is configured (`url`, `DATABASE_URL` or
 * the PG* variables), else embedded PGlite (in memory, or in `dataDir`), so that notebooks work on
 * a laptop with nothing running. Applies the migrations unless `migrate: false`.
 *
 * @throws the engine's connection error; InvalidArgumentError on a bad schema name; DatabaseError naming the schema
 *   when it does not exist and cannot be created, or (see {@link migrate}) when the server is older than PostgreSQL 15.
 */
export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<Database> {
  const engine = chooseEngine(options);
  const db =
    engine === 'postgres'
      ? await PostgresDatabase.connect({ url: options.url ?? (process.env.DATABASE_URL || undefined) })
      : await PgliteDatabase.open({ dataDir: options.dataDir });
  try {
    if (options.schema !== undefined) await db.useSchema(options.schema);
    if (options.migrate ?? true) await migrate(db);
  } catch (e) {
    await db.close().catch(() => undefined);
    throw e;
  }
  return db;
}
