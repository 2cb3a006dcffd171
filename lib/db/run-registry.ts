import { utcDayTime } from '../data/utc-day-time.js';
import { InvalidArgumentError } from '../core/errors.js';
import { libVersion } from '../core/version.js';
import type { Database } from './database.js';
import { hasColumnSql } from './has-column.js';
import { exactText, exactTextSql } from './exact-text.js';
import { MAX_INDEXED_TEXT_BYTES, quotedValue, refuseUnstorableArgument, visitTexts } from './text-checks.js';
import { sha256Filter } from './sha256-filter.js';

/** One training run in the registry. */
export interface ModelRun {
  /**
   * Model kind: for runs registered by `sizefit train --register`, the name of the model in the model catalog
   * (`sizefit models`, e.g. `k-lf-lr` or `gbdt`), with the estimator's own `kind` in `params.estimatorKind`; other
   * callers name their own configuration (notebook 06: `gbdt-sql-columns`, gradient-boosted trees on columns read
   * by SQL) rather than borrow a catalog name.
   */
  kind: string;
  /** Training parameters (JSON). */
  params: Record<string, unknown>;
  /** Metrics: numbers or null; non-finite numbers are stored as null. */
  metrics: Record<string, number | null>;
  /**
   * sha256 of the training dataset's file as read: of its bytes, compressed ones for a `.gz` file (`meta.sha256`,
   * what model manifests record), or null. A `.jsonl` file and its `.jsonl.gz` copy give different values: the
   * data's identity is {@link ModelRun.datasetContentSha256}.
   */
  datasetSha256: string | null;
  /**
   * sha256 of the training data's bytes after decompression (see {@link datasetContentSha256}), the same for a
   * `.jsonl` file and its `.jsonl.gz` copy and equal to `datasetSha256` for a plain file: as registered, else that of
   * the ingested dataset stored from the run's file; null when not known.
   */
  datasetContentSha256: string | null;
  /** sha256 of the exported model artifact, or null. */
  artifactSha256: string | null;
  /** ISO 8601 time, UTC. */
  createdAt: string;
  /** sizefit version that trained it. */
  libVersion: string;
}

/** A run as stored: with its registry id. */
export interface RegisteredRun extends ModelRun {
  id: number;
}

/**
 * A run to register: `createdAt` defaults to now, `libVersion` to this library's version, and
 * `datasetContentSha256` (when omitted or null) to the content hash the database knows for the file of
 * `datasetSha256` (that of the ingested dataset stored from it, or of an earlier run on it; its own sha256 when
 * that is the content hash of a dataset or run), else null.
 */
export type NewModelRun = Omit<ModelRun, 'createdAt' | 'libVersion' | 'datasetContentSha256'> &
  Partial<Pick<ModelRun, 'createdAt' | 'libVersion' | 'datasetContentSha256'>>;

const HEX64 = /^[0-9a-f]{64}$/;

/** @throws InvalidArgumentError naming the key or string of `value` (at `path`) that PostgreSQL cannot store. */
function checkStorable(value: unknown, path: string): void {
  visitTexts(value, path, (text, at, parent) =>
    refuseUnstorableArgument(text, parent === undefined ? `registerRun: ${at}:` : `registerRun: ${parent}: the key`),
  );
}

/**
 * `value` as JSON text, non-finite numbers as null.
 * @throws InvalidArgumentError naming `what` (and the path of a BigInt) when JSON cannot hold it: a BigInt, a
 *   circular reference, a `toJSON` that throws.
 */
function json(value: unknown, what: string): string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidArgumentError(`registerRun: ${what} must be an object`);
  }
  // The path of each object met, for a message naming where a BigInt is (run parameters are small).
  const paths = new Map<unknown, string>();
  let text: string;
  try {
    text = JSON.stringify(value, function (this: unknown, k: string, v: unknown) {
      const path = k === '' ? what : `${paths.get(this) ?? what}${Array.isArray(this) ? `[${k}]` : `.${k}`}`;
      if (typeof v === 'bigint') {
        throw new InvalidArgumentError(
          `registerRun: ${path}: ${v}n is a BigInt, which JSON cannot hold; give a number or a string`,
        );
      }
      if (typeof v === 'object' && v !== null) paths.set(v, path);
      return typeof v === 'number' && !Number.isFinite(v) ? null : v;
    });
  } catch (e) {
    if (e instanceof InvalidArgumentError) throw e;
    throw new InvalidArgumentError(
      `registerRun: ${what} cannot be stored as JSON: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  // Checked as it will be stored (after toJSON and the like): jsonb holds neither NUL nor a lone surrogate.
  checkStorable(JSON.parse(text), what);
  return text;
}

/** @throws InvalidArgumentError unless every metric is a number or null. */
function checkMetrics(metrics: unknown): void {
  if (typeof metrics !== 'object' || metrics === null || Array.isArray(metrics)) return; // json() says so
  for (const [k, v] of Object.entries(metrics)) {
    if (v !== null && typeof v !== 'number') {
      const got =
        typeof v === 'string'
          ? quotedValue(v)
          : Array.isArray(v)
            ? 'an array'
            : typeof v === 'object'
              ? 'an object'
              : typeof v === 'bigint'
                ? `${v}n (a BigInt)`
                : String(v);
      throw new InvalidArgumentError(`registerRun: metric ${quotedValue(k)} must be a number or null, got ${got}`);
    }
  }
}

function sha(value: string | null, what: string): string | null {
  if (value !== null && !HEX64.test(value)) {
    throw new InvalidArgumentError(`registerRun: ${what} must be a lower-case hex sha256 or null, got '${value}'`);
  }
  return value;
}

/**
 * The SQL of the content-hash columns, `model_runs.dataset_content_sha256` (migration 4) and
 * `datasets.content_sha256` (migration 3): the columns themselves, which their indexes serve, on a migrated
 * database; read through the row's jsonb on one not yet migrated (the listings read without migrating), which gives
 * NULL instead of an error but that no index serves (every row is read and copied).
 */
interface ContentColumns {
  /** `model_runs.dataset_content_sha256`. */
  stored: string;
  /** `datasets.content_sha256`. */
  dataset: string;
  /** Whether `stored` is the column itself (then `dataset` is too: migration 4 comes after 3). */
  real: boolean;
}

const REAL_COLUMNS: ContentColumns = {
  stored: 'model_runs.dataset_content_sha256',
  dataset: 'datasets.content_sha256',
  real: true,
};

/** The content-hash columns of `db` (one catalog query): each as itself when it exists, else through the row's jsonb. */
async function contentColumns(db: Database): Promise<ContentColumns> {
  const r = await db.query<{ stored: boolean; dataset: boolean }>(
    `SELECT ${hasColumnSql('model_runs', 'dataset_content_sha256')} AS stored,
      ${hasColumnSql('datasets', 'content_sha256')} AS dataset`,
  );
  const { stored, dataset } = r.rows[0];
  return {
    stored: stored ? REAL_COLUMNS.stored : `(to_jsonb(model_runs) ->> 'dataset_content_sha256')`,
    dataset: dataset ? REAL_COLUMNS.dataset : `(to_jsonb(datasets) ->> 'content_sha256')`,
    real: stored && dataset,
  };
}

/** A run's content hash: as stored, else that of the ingested dataset stored from the run's file. */
const runContent = (c: ContentColumns): string => `coalesce(${c.stored},
  (SELECT ${c.dataset} FROM datasets WHERE datasets.sha256 = model_runs.dataset_sha256))`;

/**
 * SQL for the content hash (the sha256 of the decompressed bytes) the database knows for the file whose sha256 is
 * the parameter `param`, or NULL: that of the ingested dataset stored from that file, else that of an earlier run
 * on that file, else the file's own sha256 when it is the content hash of a dataset or run (the file is then a
 * plain copy of that content).
 */
function knownContentSql(param: string, c: ContentColumns): string {
  return `coalesce(
    (SELECT ${c.dataset} FROM datasets WHERE sha256 = ${param} AND ${c.dataset} IS NOT NULL),
    (SELECT ${c.stored} FROM model_runs WHERE dataset_sha256 = ${param} AND ${c.stored} IS NOT NULL
      ORDER BY run_id DESC LIMIT 1),
    (SELECT ${param} WHERE EXISTS (SELECT 1 FROM datasets WHERE ${c.dataset} = ${param})
      OR EXISTS (SELECT 1 FROM model_runs WHERE ${c.stored} = ${param})))`;
}

/** The columns of a run as {@link toRun} reads them (texts read exactly: see exact-text.ts). */
const columns = (
  c: ContentColumns,
): string => `run_id, ${exactTextSql('kind')} AS kind, params, metrics, dataset_sha256,
  ${runContent(c)} AS dataset_content_sha256, artifact_sha256,
  ${exactTextSql('lib_version')} AS lib_version,
  to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created_at`;

interface Row {
  run_id: number;
  kind: string;
  params: Record<string, unknown>;
  metrics: Record<string, number | null>;
  dataset_sha256: string | null;
  dataset_content_sha256: string | null;
  artifact_sha256: string | null;
  lib_version: string;
  created_at: string;
}

const toRun = (r: Row): RegisteredRun => ({
  id: r.run_id,
  kind: exactText(r.kind)!,
  params: r.params,
  metrics: r.metrics,
  datasetSha256: r.dataset_sha256,
  datasetContentSha256: r.dataset_content_sha256,
  artifactSha256: r.artifact_sha256,
  createdAt: r.created_at,
  libVersion: exactText(r.lib_version)!,
});

/** The year, month and day written at the start of an ISO 8601 time (`YYYY-MM-DD...` or `±YYYYYY-MM-DD...`). */
const ISO_DAY = /^\s*([+-]\d{6}|\d{4})-(\d{2})-(\d{2})(?!\d)/;

/**
 * Date.parse rolls a day the month does not have over into the next month (`2024-02-30` reads as 2024-03-01).
 * @throws InvalidArgumentError naming `text` when the day written at its start is not a day of the calendar.
 */
function checkCalendarDay(text: string): void {
  const m = ISO_DAY.exec(text);
  if (m === null) return;
  if (Number.isNaN(utcDayTime(Number(m[1]), Number(m[2]), Number(m[3])))) {
    throw new InvalidArgumentError(
      `registerRun: createdAt '${text}' is not a calendar date: ${m[1]}-${m[2]} has no day ${m[3]}`,
    );
  }
}

/**
 * Records a training run: kind, parameters, metrics, dataset (file and content) and artifact checksums.
 * @returns the stored run with its id (createdAt at millisecond precision, UTC).
 * @throws InvalidArgumentError naming what is wrong: an empty kind or one longer than 2,000 bytes in UTF-8 (kinds are
 *   indexed), a checksum that is not a hex sha256,
 *   params or metrics that are not objects, a metric that is not a number or null, a kind, key or string
 *   holding NUL or a lone surrogate (PostgreSQL cannot store them as they are), params or metrics that JSON cannot
 *   hold (a BigInt, naming its path; a circular reference), or a createdAt that is not a date, whose ISO date
 *   (`YYYY-MM-DD`, or `±YYYYYY-MM-DD`, at its start) is not a day of the calendar (`2024-02-30`), or that is
 *   outside the years 0001-9999 (UTC).
 */
export async function registerRun(db: Database, run: NewModelRun): Promise<RegisteredRun> {
  if (typeof run.kind !== 'string' || run.kind === '') {
    throw new InvalidArgumentError('registerRun: kind must be a non-empty string');
  }
  for (const [what, text] of [
    ['kind', run.kind],
    ['libVersion', run.libVersion ?? ''],
  ] as const) {
    refuseUnstorableArgument(text, `registerRun: ${what}`);
  }
  // model_runs_kind_idx indexes the kind: PostgreSQL's btree refuses rows past about 2,700 bytes (SQLSTATE 54000).
  const kindBytes = Buffer.byteLength(run.kind, 'utf8');
  if (kindBytes > MAX_INDEXED_TEXT_BYTES) {
    throw new InvalidArgumentError(
      `registerRun: kind ${quotedValue(run.kind)} is ${kindBytes} bytes long; kinds are indexed and may hold at ` +
        `most ${MAX_INDEXED_TEXT_BYTES} bytes (UTF-8)`,
    );
  }
  checkMetrics(run.metrics);
  const createdAt = run.createdAt === undefined ? null : new Date(run.createdAt);
  if (createdAt !== null && Number.isNaN(createdAt.getTime())) {
    throw new InvalidArgumentError(`registerRun: createdAt '${run.createdAt}' is not a date`);
  }
  if (createdAt !== null) checkCalendarDay(run.createdAt!);
  // JavaScript reads years 0 (1 BC), BC and beyond 9999; PostgreSQL refuses the ISO text of the first two, and
  // listRuns's YYYY-MM-DD text of the last would not read back as the same date.
  const year = createdAt?.getUTCFullYear();
  if (year !== undefined && (year < 1 || year > 9999)) {
    throw new InvalidArgumentError(
      `registerRun: createdAt '${run.createdAt}' is in year ${year} (UTC): give a time from 0001-01-01 to 9999-12-31`,
    );
  }
  // The INSERT needs migration 4 (the column it fills), so the real columns, which their indexes serve.
  const r = await db.query<Row>(
    `INSERT INTO model_runs (kind, params, metrics, dataset_sha256, dataset_content_sha256, artifact_sha256,
       created_at, lib_version)
     VALUES ($1, $2::jsonb, $3::jsonb, $4, coalesce($8, ${knownContentSql('$4::text', REAL_COLUMNS)}), $5,
       coalesce($6::timestamptz, now()), $7)
     RETURNING ${columns(REAL_COLUMNS)}`,
    [
      run.kind,
      json(run.params, 'params'),
      json(run.metrics, 'metrics'),
      sha(run.datasetSha256, 'datasetSha256'),
      sha(run.artifactSha256, 'artifactSha256'),
      createdAt?.toISOString() ?? null,
      run.libVersion ?? libVersion(),
      sha(run.datasetContentSha256 ?? null, 'datasetContentSha256'),
    ],
  );
  return toRun(r.rows[0]);
}

/**
 * The SQL of {@link listRuns}: $1 the kind, $2 the sha256, $3 the limit (each NULL for none). On a migrated database
 * a run's content hash is compared through its columns, so that PostgreSQL can use their indexes
 * (`model_runs_dataset_idx`, `model_runs_dataset_content_idx`): the same runs as `dataset_sha256 IN ($2, known)
 * OR content IN ($2, known)` with content = coalesce(stored, that of the dataset of the run's file), since a run
 * without a stored content hash has its dataset's, and `datasets.sha256` is unique.
 */
function listRunsSql(c: ContentColumns): string {
  const known = c.real
    ? `known AS MATERIALIZED (SELECT ARRAY[$2::text, ${knownContentSql('$2::text', c)}] AS keys)`
    : `known AS (SELECT ${knownContentSql('$2::text', c)} AS content)`;
  const keys = '(SELECT keys FROM known)::text[]';
  const matches = c.real
    ? `dataset_sha256 = ANY (${keys}) OR ${c.stored} = ANY (${keys})
         OR (${c.stored} IS NULL AND dataset_sha256 = ANY (ARRAY(SELECT sha256 FROM datasets
           WHERE ${c.dataset} = ANY (${keys}))))`
    : `dataset_sha256 IN ($2, known.content) OR ${runContent(c)} IN ($2, known.content)`;
  return `WITH ${known}
     SELECT * FROM (SELECT ${columns(c)} FROM model_runs${c.real ? '' : ', known'}
       WHERE ($1::text IS NULL OR kind = $1)
         AND ($2::text IS NULL OR ${matches})
       ORDER BY created_at DESC, run_id DESC LIMIT $3) newest
     ORDER BY created_at, run_id`;
}

/** Filters of {@link listRuns}. */
export interface ListRunsOptions {
  kind?: string;
  /**
   * The runs on this data: the sha256 of a file of it, compressed or not, or its content hash (the sha256 of the
   * decompressed bytes). A run matches when its file or content hash is this sha256 or the content hash the database
   * knows for it (from an ingested dataset stored from that file, or a run on it that has one): the runs on a `.jsonl`
   * file and on its `.jsonl.gz` copy match each other's sha256 once the content hash of the `.gz` one is known
   * (registered with its run, or the `.gz` file ingested). In either case; or the first 12 or more hex digits of one
   * (as `sizefit runs` shows them), standing for the one sha256 of a run or stored dataset that starts with them.
   */
  datasetSha256?: string;
  /** At most this many runs, the newest (default all): a positive whole number. */
  limit?: number;
}

/**
 * The one sha256 of a run (its file or content hash) or of a stored dataset (its file or content hash) that starts
 * with `prefix` (lower-case hex digits, a parameter), or undefined when none does.
 * @throws InvalidArgumentError listing them when several do.
 */
async function sha256OfPrefix(db: Database, c: ContentColumns, prefix: string): Promise<string | undefined> {
  const r = await db.query<{ h: string }>(
    `SELECT h FROM (SELECT dataset_sha256 AS h FROM model_runs UNION SELECT ${c.stored} FROM model_runs
       UNION SELECT sha256 FROM datasets UNION SELECT ${c.dataset} FROM datasets) hashes
     WHERE left(h, char_length($1::text)) = $1::text ORDER BY h LIMIT 3`,
    [prefix],
  );
  if (r.rows.length > 1) {
    const shown = r.rows.map((x) => x.h).join(', ');
    throw new InvalidArgumentError(
      `listRuns: datasetSha256 '${prefix}' starts more than one sha256 (${shown}${r.rows.length > 2 ? ', ...' : ''}): ` +
        'give more of its digits',
    );
  }
  return r.rows[0]?.h;
}

/**
 * The registered runs, oldest first (by creation time, then id), of the kind and on the data the options name.
 * @throws InvalidArgumentError when `limit` is not a positive whole number, when `kind` is not a string or holds NUL
 *   or a lone surrogate (no registered kind does), when `datasetSha256` is neither a sha256 nor at least its first 12
 *   hex digits, or is such a prefix of more than one sha256.
 */
export async function listRuns(db: Database, options: ListRunsOptions = {}): Promise<RegisteredRun[]> {
  const { limit, kind } = options;
  if (limit !== undefined && !(Number.isSafeInteger(limit) && limit > 0)) {
    throw new InvalidArgumentError(`listRuns: limit must be a positive whole number, got ${limit}`);
  }
  if (kind !== undefined) {
    if (typeof kind !== 'string') throw new InvalidArgumentError(`listRuns: kind must be a string, got ${typeof kind}`);
    refuseUnstorableArgument(kind, 'listRuns: kind');
  }
  let sha = options.datasetSha256 === undefined ? null : sha256Filter(options.datasetSha256, 'listRuns: datasetSha256');
  const c = await contentColumns(db);
  if (sha !== null && sha.length < 64) {
    sha = (await sha256OfPrefix(db, c, sha)) ?? null;
    if (sha === null) return [];
  }
  const r = await db.query<Row>(listRunsSql(c), [kind ?? null, sha, limit ?? null]);
  return r.rows.map(toRun);
}
