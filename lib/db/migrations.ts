import { DatabaseError } from '../core/errors.js';
import type { Database } from './database.js';

/** One versioned schema change. Versions are applied in order, each once, in its own transaction. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const HEX64 = `'^[0-9a-f]{64}$'`;

/**
 * The schema of the sizefit database, as versioned migrations.
 *
 * - `datasets`: one row per ingested file, keyed by the sha256 of its bytes (re-ingesting is a no-op),
 *   with its schema (the dataset's columns) and load report; from migration 3 also by `content_sha256`, the
 *   sha256 of its bytes after decompression (a `.jsonl` file and its `.jsonl.gz` copy are one dataset).
 * - `customers`, `articles`, `article_sizes`: the entities seen in a dataset (articles carry their
 *   most frequent category and brand; `article_sizes` the sizes ordered per size system).
 * - `purchases`: one row per record with fit feedback (CHECK small/fit/large), returns and the body
 *   measurements given with it; other canonical columns (ModCloth measurements...) in `extra`.
 * - `model_runs`: the registry of training runs; from migration 4 with the content hash of the training data
 *   (`dataset_content_sha256`) beside the sha256 of its file.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'size data and model runs',
    sql: `
CREATE TABLE datasets (
  dataset_id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  sha256 text NOT NULL UNIQUE CHECK (sha256 ~ ${HEX64}),
  name text NOT NULL,
  source text NOT NULL,
  format text NOT NULL,
  schema jsonb NOT NULL,
  row_count integer NOT NULL CHECK (row_count >= 0),
  load_report jsonb NOT NULL,
  ingested_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE customers (
  dataset_id integer NOT NULL REFERENCES datasets ON DELETE CASCADE,
  customer_id text NOT NULL,
  user_name text,
  PRIMARY KEY (dataset_id, customer_id)
);
CREATE TABLE articles (
  dataset_id integer NOT NULL REFERENCES datasets ON DELETE CASCADE,
  article_id text NOT NULL,
  category text,
  brand text,
  PRIMARY KEY (dataset_id, article_id)
);
CREATE INDEX articles_category_idx ON articles (dataset_id, category);
CREATE TABLE article_sizes (
  article_size_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  dataset_id integer NOT NULL,
  article_id text NOT NULL,
  size_system text,
  size double precision NOT NULL,
  size_label text,
  FOREIGN KEY (dataset_id, article_id) REFERENCES articles ON DELETE CASCADE,
  UNIQUE NULLS NOT DISTINCT (dataset_id, article_id, size_system, size)
);
CREATE TABLE purchases (
  purchase_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- references datasets through customers and articles (a direct key would be a third check per row)
  dataset_id integer NOT NULL,
  row_index integer NOT NULL CHECK (row_index >= 0),
  line integer NOT NULL CHECK (line >= 0),
  customer_id text NOT NULL,
  article_id text NOT NULL,
  article_size_id bigint REFERENCES article_sizes ON DELETE CASCADE,
  category text,
  brand text,
  size double precision,
  size_system text,
  size_label text,
  fit text CHECK (fit IN ('small', 'fit', 'large')),
  returned boolean,
  return_reason text,
  rating double precision,
  review_date date,
  height_cm double precision CHECK (height_cm > 0),
  weight_kg double precision CHECK (weight_kg > 0),
  bust_band double precision,
  cup double precision,
  cup_label text,
  age double precision,
  body_type text,
  rented_for text,
  user_name text,
  extra jsonb NOT NULL DEFAULT '{}',
  UNIQUE (dataset_id, row_index),
  FOREIGN KEY (dataset_id, customer_id) REFERENCES customers ON DELETE CASCADE,
  FOREIGN KEY (dataset_id, article_id) REFERENCES articles ON DELETE CASCADE
);
CREATE INDEX purchases_customer_idx ON purchases (dataset_id, customer_id);
CREATE INDEX purchases_article_idx ON purchases (dataset_id, article_id, size);
CREATE INDEX purchases_article_size_idx ON purchases (article_size_id);
CREATE TABLE model_runs (
  run_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind text NOT NULL CHECK (kind <> ''),
  params jsonb NOT NULL CHECK (jsonb_typeof(params) = 'object'),
  metrics jsonb NOT NULL CHECK (jsonb_typeof(metrics) = 'object'),
  dataset_sha256 text CHECK (dataset_sha256 ~ ${HEX64}),
  artifact_sha256 text CHECK (artifact_sha256 ~ ${HEX64}),
  created_at timestamptz NOT NULL DEFAULT now(),
  lib_version text NOT NULL
);
CREATE INDEX model_runs_dataset_idx ON model_runs (dataset_sha256, created_at);
CREATE INDEX model_runs_kind_idx ON model_runs (kind, created_at);
`,
  },
  {
    // Databases migrated before commit 8901c5f have migration 1 as it was then (edited in place since): a
    // foreign key from purchases to datasets and an index on purchases (dataset_id, category), both costing
    // time on every ingest. This brings them to the schema of migration 1 as it is now; on any other
    // database it changes nothing.
    version: 2,
    name: 'drop the purchases key and index of migration 1 before 8901c5f',
    sql: `
ALTER TABLE purchases DROP CONSTRAINT IF EXISTS purchases_dataset_id_fkey;
DROP INDEX IF EXISTS purchases_category_idx;
`,
  },
  {
    // The sha256 of the file's bytes (datasets.sha256, which runs and model manifests record) differs between a
    // file and its gzip copy: this adds the hash of the decompressed bytes, one dataset per content. Rows stored
    // before have none (NULL: the database does not hold their bytes); an ingest of the same file fills it (see
    // ingestDataset).
    version: 3,
    name: 'datasets.content_sha256: one dataset per content, compressed or not',
    sql: `
ALTER TABLE datasets ADD COLUMN content_sha256 text CHECK (content_sha256 ~ ${HEX64});
CREATE UNIQUE INDEX datasets_content_sha256_key ON datasets (content_sha256);
`,
  },
  {
    // model_runs.dataset_sha256 is the sha256 of the training file's bytes: runs on a file and on its gzip copy
    // were told apart. This adds the content hash, filled for the runs stored before whose file is an ingested
    // dataset's (its content_sha256) or is the plain copy of one (its sha256 is that content hash); the others
    // keep NULL (their bytes are not in the database). No row is removed or otherwise changed.
    version: 4,
    name: 'model_runs.dataset_content_sha256: runs on the same data, compressed or not',
    sql: `
ALTER TABLE model_runs ADD COLUMN dataset_content_sha256 text CHECK (dataset_content_sha256 ~ ${HEX64});
UPDATE model_runs r SET dataset_content_sha256 = d.content_sha256 FROM datasets d
  WHERE d.content_sha256 IS NOT NULL AND r.dataset_sha256 IN (d.sha256, d.content_sha256);
CREATE INDEX model_runs_dataset_content_idx ON model_runs (dataset_content_sha256, created_at);
`,
  },
];

/** The oldest PostgreSQL the migrations run on (`server_version_num`): migration 1 uses UNIQUE NULLS NOT DISTINCT (15). */
const MIN_SERVER_VERSION_NUM = 150000;

/**
 * @throws DatabaseError naming the server's version and the minimum when the server is older than PostgreSQL 15
 *   (it would fail in migration 1 with a bare syntax error).
 */
async function checkServerVersion(db: Database): Promise<void> {
  const r = await db.query<{ num: string; version: string }>(
    `SELECT current_setting('server_version_num') AS num, current_setting('server_version') AS version`,
  );
  const { num, version } = r.rows[0];
  if (Number(num) < MIN_SERVER_VERSION_NUM) {
    throw new DatabaseError(
      `${db.engine}: the server runs PostgreSQL ${version}; sizefit's database schema needs PostgreSQL 15 or later ` +
        '(its migrations use UNIQUE NULLS NOT DISTINCT)',
    );
  }
}

/** What {@link migrate} did. */
export interface MigrateResult {
  /** Versions applied by this call. */
  applied: number[];
  /** The schema version after the call. */
  version: number;
}

/** On PostgreSQL, waits for the lock that makes one session at a time migrate the current schema (held to the commit). */
async function lockMigrations(tx: Database): Promise<void> {
  if (tx.engine !== 'postgres') return; // PGlite: one process, one connection
  await tx.query(`SELECT pg_advisory_xact_lock(hashtext('sizefit.migrate.' || coalesce(current_schema(), '')))`);
}

/**
 * The versions recorded in `schema_migrations`, or null when the current schema (the first of the search path that
 * exists, where CREATE TABLE puts it) has no such table. Reads only: a role that may read the tables but not create
 * any can tell that nothing is pending.
 */
async function recordedVersions(db: Database): Promise<Set<number> | null> {
  const t = await db.query<{ t: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = current_schema() AND c.relname = 'schema_migrations') AS t`,
  );
  if (!t.rows[0].t) return null;
  const r = await db.query<{ version: number }>('SELECT version FROM schema_migrations');
  return new Set(r.rows.map((x) => x.version));
}

/**
 * Applies the migrations not yet recorded in `schema_migrations` (created if needed), each in its
 * own transaction, in version order; running it again changes nothing. When every migration is recorded
 * already, it only reads `schema_migrations` (no DDL, no lock): a role with rights on the tables but none to
 * create objects in the schema can open a migrated database. Otherwise, on PostgreSQL every
 * transaction, the creation of `schema_migrations` included, first takes an advisory lock on the
 * schema, so that processes migrating the same schema at once queue instead of racing (concurrent
 * `CREATE TABLE IF NOT EXISTS` fails with a duplicate key in the catalog).
 * @throws DatabaseError naming the server's version when a migration is pending and the server is older than
 *   PostgreSQL 15 (nothing is applied); the engine's error when a migration fails (that migration is rolled back), or
 *   when a migration is pending and the role may not create it (SQLSTATE 42501).
 */
export async function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS): Promise<MigrateResult> {
  const sorted = [...migrations].sort((a, b) => a.version - b.version);
  const recorded = await recordedVersions(db);
  if (recorded !== null && sorted.every((m) => recorded.has(m.version))) {
    return { applied: [], version: recorded.size === 0 ? 0 : Math.max(...recorded) };
  }
  await checkServerVersion(db);
  await db.transaction(async (tx) => {
    await lockMigrations(tx);
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
  version integer PRIMARY KEY,
  name text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
)`);
  });
  const applied: number[] = [];
  for (const m of sorted) {
    await db.transaction(async (tx) => {
      await lockMigrations(tx);
      const done = await tx.query('SELECT 1 FROM schema_migrations WHERE version = $1', [m.version]);
      if (done.rowCount > 0) return;
      await tx.exec(m.sql);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      applied.push(m.version);
    });
  }
  const v = await db.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations');
  return { applied, version: v.rows[0].v ?? 0 };
}
