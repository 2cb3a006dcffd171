import { InvalidArgumentError } from '../core/errors.js';
import { libVersion } from '../core/version.js';
import type { Database } from './database.js';

/** One training run in the registry. */
export interface ModelRun {
  /** Model kind (the estimator registry's `kind`, e.g. `gbdt-classifier`). */
  kind: string;
  /** Training parameters (JSON). */
  params: Record<string, unknown>;
  /** Metrics; non-finite numbers are stored as null. */
  metrics: Record<string, number | null>;
  /** sha256 of the training dataset's file, or null. */
  datasetSha256: string | null;
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

/** A run to register: `createdAt` defaults to now, `libVersion` to this library's version. */
export type NewModelRun = Omit<ModelRun, 'createdAt' | 'libVersion'> &
  Partial<Pick<ModelRun, 'createdAt' | 'libVersion'>>;

const HEX64 = /^[0-9a-f]{64}$/;

function json(value: unknown, what: string): string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidArgumentError(`registerRun: ${what} must be an object`);
  }
  const text = JSON.stringify(value, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v));
  // jsonb cannot hold U+0000, which JSON writes as the escape \u0000.
  if (/(^|[^\\])(\\\\)*\\u0000/.test(text)) {
    throw new InvalidArgumentError(
      `registerRun: ${what} contains a NUL character (U+0000), which PostgreSQL cannot store`,
    );
  }
  return text;
}

function sha(value: string | null, what: string): string | null {
  if (value !== null && !HEX64.test(value)) {
    throw new InvalidArgumentError(`registerRun: ${what} must be a lower-case hex sha256 or null, got '${value}'`);
  }
  return value;
}

const SELECT = `SELECT run_id, kind, params, metrics, dataset_sha256, artifact_sha256, lib_version,
  to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created_at FROM model_runs`;

interface Row {
  run_id: number;
  kind: string;
  params: Record<string, unknown>;
  metrics: Record<string, number | null>;
  dataset_sha256: string | null;
  artifact_sha256: string | null;
  lib_version: string;
  created_at: string;
}

const toRun = (r: Row): RegisteredRun => ({
  id: r.run_id,
  kind: r.kind,
  params: r.params,
  metrics: r.metrics,
  datasetSha256: r.dataset_sha256,
  artifactSha256: r.artifact_sha256,
  createdAt: r.created_at,
  libVersion: r.lib_version,
});

/**
 * Records a training run: kind, parameters, metrics, dataset and artifact checksums.
 * @returns the stored run with its id (createdAt at millisecond precision, UTC).
 * @throws InvalidArgumentError on an empty kind, a checksum that is not a hex sha256, params or
 *   metrics that are not objects or hold NUL, or an unparseable createdAt.
 */
export async function registerRun(db: Database, run: NewModelRun): Promise<RegisteredRun> {
  if (typeof run.kind !== 'string' || run.kind === '' || run.kind.includes('\u0000')) {
    throw new InvalidArgumentError('registerRun: kind must be a non-empty string without NUL');
  }
  if (run.createdAt !== undefined && Number.isNaN(Date.parse(run.createdAt))) {
    throw new InvalidArgumentError(`registerRun: createdAt '${run.createdAt}' is not a date`);
  }
  const r = await db.query<Row>(
    `INSERT INTO model_runs (kind, params, metrics, dataset_sha256, artifact_sha256, created_at, lib_version)
     VALUES ($1, $2::jsonb, $3::jsonb, $4, $5, coalesce($6::timestamptz, now()), $7)
     RETURNING run_id, kind, params, metrics, dataset_sha256, artifact_sha256, lib_version,
       to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created_at`,
    [
      run.kind,
      json(run.params, 'params'),
      json(run.metrics, 'metrics'),
      sha(run.datasetSha256, 'datasetSha256'),
      sha(run.artifactSha256, 'artifactSha256'),
      run.createdAt === undefined ? null : new Date(run.createdAt).toISOString(),
      run.libVersion ?? libVersion(),
    ],
  );
  return toRun(r.rows[0]);
}

/** Filters of {@link listRuns}. */
export interface ListRunsOptions {
  kind?: string;
  datasetSha256?: string;
  /** At most this many runs, the newest (default all). */
  limit?: number;
}

/** The registered runs, oldest first (by creation time, then id). */
export async function listRuns(db: Database, options: ListRunsOptions = {}): Promise<RegisteredRun[]> {
  const r = await db.query<Row>(
    `SELECT * FROM (${SELECT}
       WHERE ($1::text IS NULL OR kind = $1) AND ($2::text IS NULL OR dataset_sha256 = $2)
       ORDER BY created_at DESC, run_id DESC LIMIT $3) newest
     ORDER BY created_at, run_id`,
    [options.kind ?? null, options.datasetSha256 ?? null, options.limit ?? null],
  );
  return r.rows.map(toRun);
}
