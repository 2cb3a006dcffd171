import { DataError, InvalidArgumentError } from '../core/errors.js';
import type { FieldSchema } from '../data/columnar-dataset.js';
import type { Database } from './database.js';
import { hasColumnSql } from './has-column.js';
import { exactText, exactTextSql } from './exact-text.js';
import { refuseUnstorableArgument } from './text-checks.js';

/** A dataset stored in the database. */
export interface IngestedDataset {
  datasetId: number;
  /** The sha256 of the file's bytes. */
  sha256: string;
  /**
   * The sha256 of the file's bytes after decompression (a `.jsonl` file and its `.jsonl.gz` copy share it); null
   * when not known (see `ingestDataset`), or in a database not yet migrated to version 3.
   */
  contentSha256: string | null;
  name: string;
  source: string;
  format: string;
  rows: number;
  /** The dataset's columns (as loaded from the file). */
  schema: FieldSchema[];
  /** ISO 8601, UTC. */
  ingestedAt: string;
}

/**
 * The SQL of `datasets.content_sha256` (migration 3): the column itself on a migrated database; read through the row's
 * jsonb on one not yet migrated (the listings read without migrating), which gives NULL instead of an error but copies
 * every row it reads to jsonb and that no index serves. Both give the same text (as lib/db/run-registry.ts chooses).
 */
const REAL_CONTENT_SHA256 = 'datasets.content_sha256';
const JSONB_CONTENT_SHA256 = `(to_jsonb(datasets) ->> 'content_sha256')`;

/** `datasets.content_sha256` of `db` (one catalog query): the column when it exists, else through the row's jsonb. */
async function contentSha256Sql(db: Database): Promise<string> {
  const r = await db.query<{ present: boolean }>(`SELECT ${hasColumnSql('datasets', 'content_sha256')} AS present`);
  return r.rows[0].present ? REAL_CONTENT_SHA256 : JSONB_CONTENT_SHA256;
}

// Texts read exactly (exact-text.ts): PGlite would drop a leading U+FEFF of a name.
const select = (content: string): string => `SELECT dataset_id, sha256, ${content} AS content_sha256,
  ${exactTextSql('name')} AS name, ${exactTextSql('source')} AS source,
  ${exactTextSql('format')} AS format, row_count, schema,
  to_char(ingested_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS ingested_at FROM datasets`;

interface Row {
  dataset_id: number;
  sha256: string;
  content_sha256: string | null;
  name: string;
  source: string;
  format: string;
  row_count: number;
  schema: FieldSchema[];
  ingested_at: string;
}

const toInfo = (r: Row): IngestedDataset => ({
  datasetId: r.dataset_id,
  sha256: r.sha256,
  contentSha256: r.content_sha256,
  name: exactText(r.name)!,
  source: exactText(r.source)!,
  format: exactText(r.format)!,
  rows: r.row_count,
  schema: r.schema,
  ingestedAt: r.ingested_at,
});

/** The datasets in the database, oldest first. */
export async function listIngestedDatasets(db: Database): Promise<IngestedDataset[]> {
  const r = await db.query<Row>(`${select(await contentSha256Sql(db))} ORDER BY dataset_id`);
  return r.rows.map(toInfo);
}

/** The largest dataset id: `datasets.dataset_id` is a PostgreSQL integer. */
const MAX_DATASET_ID = 2 ** 31 - 1;

/**
 * The stored dataset `ref`: a sha256 (of the file stored, or its content hash: the sha256 of a plain file matches
 * the dataset stored from its compressed copy), a dataset id (a whole number from 1 to 2^31 - 1), or a name (the
 * latest ingested of that name).
 * @throws InvalidArgumentError when `ref` is a number that is not a dataset id (1.5, NaN, 0, 2^40), or a string holding
 *   NUL or a lone surrogate (no stored sha256 or name does);
 *   DataError when there is no such dataset, listing what is there.
 */
export async function findIngestedDataset(db: Database, ref: string | number): Promise<IngestedDataset> {
  if (typeof ref === 'number' && !(Number.isInteger(ref) && ref >= 1 && ref <= MAX_DATASET_ID)) {
    throw new InvalidArgumentError(
      `${ref} is not a dataset id: give a whole number from 1 to ${MAX_DATASET_ID} (see listIngestedDatasets)`,
    );
  }
  if (typeof ref === 'string') {
    refuseUnstorableArgument(ref, 'dataset', ': it is not the sha256, id or name of a stored dataset');
  }
  const content = await contentSha256Sql(db);
  const r =
    typeof ref === 'number'
      ? await db.query<Row>(`${select(content)} WHERE dataset_id = $1`, [ref])
      : await db.query<Row>(
          // IS TRUE: a row without a content hash (NULL) ranks with the rows whose hash differs, not before them
          // (DESC puts NULL first) nor after them (NULLS LAST put an older dataset with a hash before a newer one
          // without when looking up by name).
          `${select(content)} WHERE sha256 = $1 OR ${content} = $1 OR name = $1
           ORDER BY (sha256 = $1) IS TRUE DESC, (${content} = $1) IS TRUE DESC, dataset_id DESC LIMIT 1`,
          [ref],
        );
  if (r.rowCount === 0) {
    const all = await listIngestedDatasets(db);
    const known = all.map((d) => `${d.name} (${d.sha256.slice(0, 12)})`).join(', ') || 'none';
    throw new DataError(`no ingested dataset ${JSON.stringify(ref)} in the database (ingested: ${known})`);
  }
  return toInfo(r.rows[0]);
}
