import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command, CommandIO } from './command.js';
import { hasFlag, optString, parseArgs, requireString, type ParsedArgs } from './args.js';
import { DatabaseError, InvalidArgumentError, SizefitError } from '../core/errors.js';
import { requireRecords } from './require-records.js';
import { refuseTruncatedFile } from '../data/refuse-truncated-file.js';
import { printable } from '../core/printable.js';
import type { Database } from '../db/database.js';
import type { OpenDatabaseOptions } from '../db/open-database.js';

const USAGE = `sizefit db <ingest|datasets|drop|migrate> [options]

  sizefit db ingest --dataset NAME|PATH [--json] [--strict] [--progress]
      Loads a dataset (renttherunway, modcloth, sample, or a JSON-lines file) into the database in one
      transaction: COPY on PostgreSQL, batched INSERTs on PGlite. The same file (same sha256), or a copy
      of the same content compressed otherwise (x.jsonl and x.jsonl.gz), read the same way again changes
      nothing ("already ingested", with the name and sha256 it is stored under); read another way (by
      path, then by a registry name that reads extra fields) it is refused until the stored dataset is
      dropped. Prints the rows loaded and the problems the reader found. A truncated gzip file is refused,
      nothing stored (its first lines would be stored under the file's sha256).
      --progress prints staged rows to stderr.
  sizefit db datasets [--json]
      The datasets in the database (read only: a --pglite-dir that does not exist, or holds no PGlite
      database, is refused).
  sizefit db drop --dataset ID|SHA256 [--json]
      Removes a stored dataset and its customers, articles and purchases in one transaction. Takes the
      dataset id that \`db datasets\` lists first, or the full sha256 (\`db datasets --json\`), not a
      name. Registered runs are kept.
  sizefit db migrate
      Applies the schema migrations (ingest and \`train --register\` do so too; the listings,
      \`db datasets\` and \`sizefit runs\`, read without them and create no database).

  Database options (all subcommands):
    --database-url URL   PostgreSQL (default env DATABASE_URL, or the PG* variables when PGHOST or
                         PGDATABASE is set); the wait for the server is limited by the URL's
                         connect_timeout (seconds, postgresql://host/db?connect_timeout=10), else
                         PGCONNECT_TIMEOUT, else 30 s (0 waits for ever)
    --pglite-dir DIR     embedded PGlite data directory; given, it wins over a server of the environment;
                         else used when no server is configured (default env SIZEFIT_PGLITE_DIR, else
                         <data directory>/pglite). One process at a time holds a PGlite directory.`;

/** Whether the database has sizefit's table `name` (listings need no migration: a read-only role can list). */
export async function hasTable(db: Database, name: string): Promise<boolean> {
  const r = await db.query<{ t: string | null }>('SELECT to_regclass($1)::text AS t', [name]);
  return r.rows[0]?.t !== null && r.rows[0]?.t !== undefined;
}

/** The options that choose the database, accepted by `db`, `runs` and `train --register`. */
export const DATABASE_OPTIONS: readonly string[] = ['database-url', 'pglite-dir'];

/** Database options from `--database-url` / `--pglite-dir` and the environment (shared by `db` and `runs`). */
export async function databaseOptionsFromArgs(args: ParsedArgs): Promise<OpenDatabaseOptions> {
  const { chooseEngine, defaultPgliteDirectory } = await import('../db/open-database.js');
  const url = optString(args, 'database-url');
  const dir = optString(args, 'pglite-dir');
  if (url !== undefined && dir !== undefined) {
    throw new InvalidArgumentError('--database-url and --pglite-dir name two databases: give one of them');
  }
  // An explicit --pglite-dir wins over DATABASE_URL and the PG* variables of the environment.
  const engine = dir !== undefined ? 'pglite' : chooseEngine({ url });
  return engine === 'postgres' ? { engine, url } : { engine, dataDir: dir ?? defaultPgliteDirectory() };
}

/** Where the options point, for messages (the password masked). */
async function describeDatabase(o: OpenDatabaseOptions): Promise<string> {
  if (o.engine === 'pglite') return `PGlite in ${o.dataDir ?? 'memory'}`;
  const { redactPassword } = await import('../db/postgres-database.js');
  const url = o.url ?? process.env.DATABASE_URL;
  return url ? `PostgreSQL at ${redactPassword(url)}` : 'PostgreSQL from the PG* variables';
}

/**
 * Opens the database the options name, runs `fn`, and closes it. An error of the database engine (an index
 * limit, a permission, malformed text) becomes a DatabaseError naming the database and the SQLSTATE, not a
 * stack trace; what `fn` wrote in a transaction is rolled back by the engine.
 * @param migrate - apply the migrations first (default true; listings read without DDL).
 */
export async function withDatabase<T>(args: ParsedArgs, fn: (db: Database) => Promise<T>, migrate = true): Promise<T> {
  const { openDatabase } = await import('../db/open-database.js');
  const options = await databaseOptionsFromArgs(args);
  let db: Database;
  try {
    db = await openDatabase({ ...options, migrate });
  } catch (e) {
    throw asDatabaseError(e, await describeDatabase(options));
  }
  try {
    return await fn(db);
  } catch (e) {
    throw asDatabaseError(e, await describeDatabase(options));
  } finally {
    await db.close();
  }
}

/**
 * Like {@link withDatabase} for the read-only listings (`db datasets`, `runs`): no migration, and no PGlite
 * database created to list it. A PGlite directory holds a database once it has a `PG_VERSION` file: a
 * `--pglite-dir` that does not exist, or holds none (an empty folder, say), is refused (opening it would leave
 * a new database behind and list nothing); when the default PGlite directory holds none yet, nothing was
 * stored there, and `fn` is not run: the listing is `empty`.
 * @throws InvalidArgumentError naming a `--pglite-dir` that does not exist or holds no PGlite database.
 */
export async function withExistingDatabase<T>(
  args: ParsedArgs,
  fn: (db: Database) => Promise<T>,
  empty: T,
): Promise<T> {
  const options = await databaseOptionsFromArgs(args);
  if (options.engine === 'pglite' && options.dataDir !== undefined) {
    const dir = options.dataDir;
    if (!existsSync(join(dir, 'PG_VERSION'))) {
      const given = optString(args, 'pglite-dir');
      if (given === undefined) return empty;
      const why = existsSync(dir) ? 'holds no PGlite database (no PG_VERSION)' : 'does not exist';
      throw new InvalidArgumentError(
        `--pglite-dir ${printable(given)} ${why}: the listings read an existing database ` +
          '(sizefit db ingest or sizefit db migrate creates one)',
      );
    }
  }
  return withDatabase(args, fn, false);
}

/** Node's error codes of a connection the peer closed or the network broke. */
const CONNECTION_LOST = new Set([
  'EPIPE',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
]);

/**
 * `e` as a typed error: sizefit's own errors pass, an engine's error becomes a DatabaseError naming `where` and its
 * SQLSTATE. Only an error the server sent (pg's DatabaseError, PGlite's: it has a `severity`) carries a SQLSTATE;
 * a Node system error's code (EPIPE, EBADF, EPERM, EROFS, EBUSY are five capitals too) is named as such, and one of
 * a broken connection (EPIPE, ECONNRESET...: the server ended the session, or the network failed) says the
 * connection to the server was lost.
 */
export function asDatabaseError(e: unknown, where: string): unknown {
  if (e instanceof SizefitError) return e;
  const err = e as { code?: unknown; severity?: unknown } | null;
  const code = typeof err?.code === 'string' ? err.code : undefined;
  const message = e instanceof Error ? e.message : JSON.stringify(e);
  if (code !== undefined && typeof err?.severity === 'string' && /^[0-9A-Z]{5}$/.test(code)) {
    return new DatabaseError(`${where}: ${message} (SQLSTATE ${code})`, { cause: e });
  }
  if (code !== undefined && CONNECTION_LOST.has(code)) {
    return new DatabaseError(`${where}: the connection to the server was lost (${code}: ${message})`, { cause: e });
  }
  if (code !== undefined && /^E[A-Z0-9_]+$/.test(code)) {
    return new DatabaseError(`${where}: ${message} (system error ${code})`, { cause: e });
  }
  return new DatabaseError(`${where}: ${message}`, { cause: e });
}

const fmt = (n: number): string => n.toLocaleString('en-US');

async function ingest(argv: string[], io: CommandIO): Promise<number> {
  const args = parseArgs(argv, { values: ['dataset', ...DATABASE_OPTIONS], flags: ['json', 'strict', 'progress'] });
  const name = requireString(args, 'dataset');
  const { loadDatasetOption } = await import('./dataset-option.js');
  const { ingestDataset } = await import('../db/ingest-dataset.js');
  const { dataset, report } = await loadDatasetOption(name, io, 'db ingest', { strict: hasFlag(args, 'strict') });
  // Stored under the file's sha256, a part of the file would pass for all of it.
  refuseTruncatedFile(report, 'ingest');
  requireRecords(dataset, report, 'record to ingest');
  const onProgress = hasFlag(args, 'progress') ? (s: number, n: number) => io.err(`staged ${s}/${n} rows`) : undefined;
  const r = await withDatabase(args, async (db) => {
    if (!hasFlag(args, 'json')) io.out(`database  ${db.engine}${db.engine === 'pglite' ? ' (embedded)' : ''}`);
    return ingestDataset(db, dataset, report, { onProgress });
  });
  if (hasFlag(args, 'json')) {
    io.out(JSON.stringify(r));
    return 0;
  }
  io.out(`dataset   ${printable(r.name)} (sha256 ${r.sha256})`);
  if (r.status === 'already-ingested') {
    const from = r.storedSha256 === r.sha256 ? '' : ` from another file of the same content (sha256 ${r.storedSha256})`;
    io.out(`already ingested as dataset ${r.datasetId}${from}: nothing changed (${fmt(r.rows)} purchases)`);
    return 0;
  }
  io.out(
    `ingested  dataset ${r.datasetId}: ${fmt(r.rows)} purchases, ${fmt(r.customers)} customers, ${fmt(r.articles)} articles, ${fmt(r.articleSizes)} article sizes (${r.method}, ${r.seconds.toFixed(2)} s)`,
  );
  const rep = r.report;
  io.out(`rejected  ${fmt(rep.rowsDropped)} rows of ${fmt(rep.totalLines)} lines; ${fmt(rep.problems)} problems`);
  for (const [k, v] of Object.entries(rep.problemCounts)) if (v) io.out(`  ${k}: ${fmt(v)}`);
  for (const e of rep.examples.slice(0, 10)) io.out(`  line ${fmt(e.line)}: ${e.message}`);
  return 0;
}

async function datasets(argv: string[], io: CommandIO): Promise<number> {
  const args = parseArgs(argv, { values: DATABASE_OPTIONS, flags: ['json'] });
  const { listIngestedDatasets } = await import('../db/ingested-datasets.js');
  const all = await withExistingDatabase(
    args,
    async (db) => ((await hasTable(db, 'datasets')) ? listIngestedDatasets(db) : []),
    [],
  );
  if (hasFlag(args, 'json')) io.out(JSON.stringify(all));
  else if (all.length === 0) io.out('no datasets ingested (sizefit db ingest --dataset NAME)');
  else
    for (const d of all)
      io.out(
        `${d.datasetId}  ${printable(d.name).padEnd(16)} ${fmt(d.rows).padStart(9)} rows  ${d.sha256.slice(0, 16)}  ${d.ingestedAt}`,
      );
  return 0;
}

async function drop(argv: string[], io: CommandIO): Promise<number> {
  const args = parseArgs(argv, { values: ['dataset', ...DATABASE_OPTIONS], flags: ['json'] });
  const { dropIngestedDataset, exactDatasetRef } = await import('../db/drop-ingested-dataset.js');
  const ref = exactDatasetRef(requireString(args, 'dataset'));
  const d = await withDatabase(args, (db) => dropIngestedDataset(db, ref));
  if (hasFlag(args, 'json')) {
    io.out(JSON.stringify(d));
    return 0;
  }
  io.out(
    `dropped   dataset ${d.datasetId}, ${printable(d.name)} (sha256 ${d.sha256}): ${fmt(d.purchases)} purchases, ${fmt(d.customers)} customers, ${fmt(d.articles)} articles, ${fmt(d.articleSizes)} article sizes`,
  );
  return 0;
}

async function migrateCmd(argv: string[], io: CommandIO): Promise<number> {
  const args = parseArgs(argv, { values: DATABASE_OPTIONS });
  const { migrate } = await import('../db/migrations.js');
  const r = await withDatabase(args, (db) => migrate(db));
  io.out(`schema version ${r.version}`);
  return 0;
}

/** `sizefit db ingest|datasets|drop|migrate`: size data in PostgreSQL or embedded PGlite. */
export const dbCommand: Command = {
  name: 'db',
  summary: 'size data in PostgreSQL or embedded PGlite: ingest, datasets, drop, migrate',
  usage: USAGE,
  async run(argv, io) {
    const [sub, ...rest] = argv;
    if (sub === 'ingest') return ingest(rest, io);
    if (sub === 'datasets') return datasets(rest, io);
    if (sub === 'drop') return drop(rest, io);
    if (sub === 'migrate') return migrateCmd(rest, io);
    if (sub !== undefined && !sub.startsWith('--')) {
      // runCli puts 'sizefit db: ' before the message
      throw new InvalidArgumentError(`unknown subcommand '${printable(sub)}'\n\n${USAGE}`);
    }
    io.err(USAGE);
    return 2;
  },
};
