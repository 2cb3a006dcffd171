import { DataError, InvalidArgumentError } from '../core/errors.js';
import { FIT_CLASSES } from '../core/labels.js';
import { printable } from '../core/printable.js';
import type { ColumnarDataset, FieldSchema } from '../data/columnar-dataset.js';
import type { LoadReport } from '../data/load-report.js';
import { refuseTruncatedFile } from '../data/refuse-truncated-file.js';
import type { Database } from './database.js';
import { exactText, exactTextSql } from './exact-text.js';
import { PURCHASE_COLUMNS, SQL_TYPE, type PurchaseColumn } from './purchase-columns.js';
import {
  MAX_INDEXED_TEXT_BYTES,
  assertStorableText,
  hasUnstorable,
  quotedValue,
  storableQuote,
  visitTexts,
} from './text-checks.js';
import { retryOnDeadlock } from './retry-on-deadlock.js';
import { withKeysRebuilt } from './with-keys-rebuilt.js';

/** The values of {@link IngestOptions.keys}. */
const KEYS_MODES: readonly unknown[] = ['rebuild', 'keep', 'auto'];

/** Options of {@link ingestDataset}. */
export interface IngestOptions {
  /**
   * Rows per multi-row INSERT on PGlite (at most 65,000 parameters; default 2000), or per COPY chunk on
   * PostgreSQL (default 20,000): a positive whole number.
   */
  batchRows?: number;
  /**
   * How the keys of `customers`, `articles`, `article_sizes` and `purchases` are maintained while
   * rows are added: `rebuild` drops their foreign keys, secondary indexes and unreferenced primary
   * and unique keys and re-creates them after the inserts, in the same transaction (see
   * `withKeysRebuilt` (with-keys-rebuilt.ts, internal); ACCESS EXCLUSIVE locks on these tables and `datasets` until the
   * commit); `keep` checks each row by trigger and updates each index row by row (ordinary row
   * locks: readers are not blocked); `auto` (default) rebuilds when `purchases` holds at most 4
   * times the rows being added, as its statistics estimate (on RentTheRunway's 154k rows the rebuild
   * cost 1.8 s of server CPU on an empty table and ~0.6-0.8 s more per 154k rows already there, the
   * row-by-row path 5.2-6.2 s: break-even near 6 times). Either way every constraint holds at the
   * commit. Rebuilding alters the tables, which only their owner may do: for a role that does not own them
   * (one granted only SELECT/INSERT/UPDATE/DELETE), `auto` keeps the keys, which is safe (the same
   * constraints, checked row by row, only slower on a large load), and `rebuild` is refused.
   */
  keys?: 'rebuild' | 'keep' | 'auto';
  /** Called after each batch is staged, with rows staged so far and the total. */
  onProgress?: (staged: number, total: number) => void;
}

/** What {@link ingestDataset} did. */
export interface IngestResult {
  /**
   * `ingested`, or `already-ingested` when the same file (sha256), or another file of the same content (a `.jsonl`
   * file and its `.jsonl.gz` copy: see {@link IngestResult.contentSha256}), read the same way (format, columns,
   * rows), was there (nothing changed).
   */
  status: 'ingested' | 'already-ingested';
  datasetId: number;
  /** The sha256 of the file ingested (`meta.sha256`). */
  sha256: string;
  /**
   * The sha256 the dataset is stored under: `sha256`, or for `already-ingested`, that of the other file of the same
   * content it was stored from.
   */
  storedSha256: string;
  /**
   * The stored dataset's content hash: the sha256 of its file's bytes after decompression (`meta.contentSha256`,
   * found as the file was read); null when it is not known (data generated or built in code, or a dataset stored
   * before migration 3 whose file has not been ingested again since).
   */
  contentSha256: string | null;
  /** The stored dataset's name: for `already-ingested`, the name it was stored under, which may differ from this one's. */
  name: string;
  /** Purchases (rows) of the dataset in the database. */
  rows: number;
  customers: number;
  articles: number;
  articleSizes: number;
  /** The reader's load report (rows dropped, problems) of the file ingested. */
  report: LoadReport;
  /** How the rows were loaded: COPY (PostgreSQL) or multi-row INSERTs (PGlite); none when already ingested. */
  method: 'copy' | 'insert' | 'none';
  /** Whether the keys of `purchases` were dropped and re-created around the insert (see {@link IngestOptions.keys}); none when already ingested. */
  keys: 'rebuilt' | 'kept' | 'none';
  seconds: number;
}

const DAY_MS = 86_400_000;

interface Plan {
  mapped: { spec: PurchaseColumn; read: (i: number) => string | number | boolean | null }[];
  /**
   * The columns stored in `extra`, each as its JSON key (`"name":`) and a function from a row to its value as JSON
   * text, or null when the row has none. Text, not an object: a column named `__proto__` is a key like any other.
   */
  extras: { key: string; json: (i: number) => string | null }[];
}

/** The first day and the last PostgreSQL reads as `YYYY-MM-DD` (0001-01-01, 9999-12-31), in days since 1970-01-01. */
const FIRST_DAY = -719_162;
const LAST_DAY = 2_932_896;

/** Where a value is, for messages: `dataset 'NAME' row I (line L), column 'C'`. */
function rowAt(ds: ColumnarDataset, i: number, column: string): string {
  const line = ds.lineNumbers[i] > 0 ? ` (line ${ds.lineNumbers[i]})` : '';
  return `dataset '${ds.meta.name}' row ${i}${line}, column '${column}'`;
}

/**
 * Refuses the values the CHECKs of `purchases` would refuse, and the lines and days it cannot take, before
 * anything is written: the readers never give them, but a dataset built in code skips the readers.
 * @throws DataError naming the dataset, row (and line), column and value.
 */
function checkValues(ds: ColumnarDataset): void {
  const badLine = ds.lineNumbers.findIndex((l) => l < 0);
  if (badLine >= 0) {
    throw new DataError(`dataset '${ds.meta.name}' row ${badLine}: line number ${ds.lineNumbers[badLine]} is negative`);
  }
  const fit = ds.has('fit') ? ds.column('fit') : undefined;
  if (fit?.type === 'category') {
    const known = new Set<string>(FIT_CLASSES);
    const bad = fit.codes.findIndex((k) => k >= 0 && !known.has(fit.categories[k]));
    if (bad >= 0) {
      throw new DataError(
        `${rowAt(ds, bad, 'fit')}: ${quotedValue(fit.categories[fit.codes[bad]])} is not a fit label (${FIT_CLASSES.join(', ')})`,
      );
    }
  }
  for (const name of ['height_cm', 'weight_kg']) {
    const c = ds.has(name) ? ds.column(name) : undefined;
    if (c?.type !== 'number') continue;
    const bad = c.values.findIndex((x) => x <= 0);
    if (bad >= 0) throw new DataError(`${rowAt(ds, bad, name)}: ${c.values[bad]} is not a positive ${name}`);
  }
  const date = ds.has('review_date') ? ds.column('review_date') : undefined;
  if (date?.type === 'number') {
    const bad = date.values.findIndex((x) => x < FIRST_DAY || x > LAST_DAY);
    if (bad >= 0) {
      throw new DataError(
        `${rowAt(ds, bad, 'review_date')}: day ${date.values[bad]} (days since 1970-01-01) is not a date from 0001-01-01 to 9999-12-31`,
      );
    }
  }
}

function plan(ds: ColumnarDataset): Plan {
  const where = (name: string): string => `dataset '${ds.meta.name}', column '${name}'`;
  for (const need of ['user_id', 'item_id']) {
    const c = ds.has(need) ? ds.column(need) : undefined;
    if (c?.type !== 'category') {
      throw new DataError(`${where(need)}: a categorical id column is required to ingest`);
    }
    // Customers and articles are keyed by these ids (NOT NULL): a row without one (read with keepMissingIds, or
    // built in code) would fail in the engine, after the staging.
    const codes = c.codes;
    for (let i = 0; i < codes.length; i++) {
      if (codes[i] < 0) {
        throw new DataError(
          `${rowAt(ds, i, need)}: the id is missing; every row needs one to be stored ` +
            '(rows read with keepMissingIds cannot be ingested)',
        );
      }
    }
  }
  // Every string of every categorical column, checked once per distinct value.
  for (const f of ds.schema) {
    const c = ds.column(f.name);
    if (c.type !== 'category') continue;
    const indexed = INDEXED_COLUMNS.get(f.name) ?? false;
    const maxBytes = indexed === true ? MAX_INDEXED_TEXT_BYTES : indexed === false ? Infinity : indexed;
    for (let k = 0; k < c.categories.length; k++) {
      const s = c.categories[k];
      // A UTF-16 code unit takes at most 3 bytes in UTF-8: shorter strings need no byte count.
      if (!hasUnstorable(s) && s.length * 3 <= maxBytes) continue;
      const row = c.codes.indexOf(k);
      assertStorableText(
        s,
        `dataset '${ds.meta.name}' line ${row >= 0 ? ds.lineNumbers[row] : '?'}, column '${f.name}'`,
        indexed,
      );
    }
  }
  const mapped: Plan['mapped'] = [];
  const byName = new Map(PURCHASE_COLUMNS.map((p) => [p.column, p]));
  for (const spec of PURCHASE_COLUMNS) {
    if (!ds.has(spec.column)) {
      mapped.push({ spec, read: () => null });
      continue;
    }
    const c = ds.column(spec.column);
    if (spec.kind === 'text') {
      if (c.type !== 'category') throw new DataError(`${where(spec.column)}: expected a categorical column`);
      mapped.push({ spec, read: (i) => (c.codes[i] < 0 ? null : c.categories[c.codes[i]]) });
      continue;
    }
    if (c.type !== 'number') throw new DataError(`${where(spec.column)}: expected a numeric column`);
    const v = c.values;
    if (spec.kind === 'float8') {
      mapped.push({ spec, read: (i) => (v[i] === v[i] ? v[i] : null) });
    } else if (spec.kind === 'date') {
      const bad = v.findIndex((x) => x === x && !Number.isInteger(x));
      if (bad >= 0)
        throw new DataError(`${where(spec.column)} line ${ds.lineNumbers[bad]}: ${v[bad]} is not a whole day`);
      mapped.push({ spec, read: (i) => (v[i] === v[i] ? new Date(v[i] * DAY_MS).toISOString().slice(0, 10) : null) });
    } else {
      const bad = v.findIndex((x) => x === x && x !== 0 && x !== 1);
      if (bad >= 0) throw new DataError(`${where(spec.column)} line ${ds.lineNumbers[bad]}: ${v[bad]} is not 0 or 1`);
      mapped.push({ spec, read: (i) => (v[i] === v[i] ? v[i] === 1 : null) });
    }
  }
  checkValues(ds);
  const extras: Plan['extras'] = [];
  for (const f of ds.schema) {
    if (byName.has(f.name)) continue;
    assertStorableText(f.name, `dataset '${ds.meta.name}', column name`);
    const key = `${JSON.stringify(f.name)}:`;
    const c = ds.column(f.name);
    if (c.type === 'number') {
      // JSON (the extra column is jsonb) has no infinity: a number too large for a double would become null.
      const bad = c.values.findIndex((x) => x === Infinity || x === -Infinity);
      if (bad >= 0) {
        throw new DataError(
          `dataset '${ds.meta.name}' line ${ds.lineNumbers[bad]}, column '${f.name}': the number is too large ` +
            `to store (it reads as ${c.values[bad]}); fix it in the data`,
        );
      }
      // String(x) is JSON's text of a finite number.
      extras.push({ key, json: (i) => (c.values[i] === c.values[i] ? String(c.values[i]) : null) });
    } else {
      const texts = c.categories.map((t) => JSON.stringify(t));
      extras.push({ key, json: (i) => (c.codes[i] < 0 ? null : texts[c.codes[i]]) });
    }
  }
  checkSchemaTexts(ds);
  return { mapped, extras };
}

/**
 * Refuses a string of the dataset's schema that the `datasets.schema` jsonb cannot store (a column's description,
 * unit or type holding NUL or a lone surrogate), checked as it will be stored (after `toJSON` and the like).
 * @throws DataError naming the column and the property.
 */
function checkSchemaTexts(ds: ColumnarDataset): void {
  for (const f of ds.schema) {
    const where = `dataset '${ds.meta.name}', schema of column '${f.name}'`;
    visitTexts(JSON.parse(JSON.stringify(f)) as unknown, '', (text, at, parent) =>
      assertStorableText(text, parent === undefined ? `${where}, ${at}` : `${where}, the name of property ${at}`),
    );
  }
}

function rowValues(p: Plan, ds: ColumnarDataset, i: number): (string | number | boolean | null)[] {
  const out: (string | number | boolean | null)[] = [i, ds.lineNumbers[i]];
  for (const m of p.mapped) out.push(m.read(i));
  out.push(extraJson(p, i));
  return out;
}

/** The `extra` jsonb of row `i`: the dataset's columns without a column of their own in `purchases`. */
function extraJson(p: Plan, i: number): string {
  let out = '';
  for (const e of p.extras) {
    const v = e.json(i);
    if (v !== null) out += (out === '' ? '{' : ',') + e.key + v;
  }
  return out === '' ? '{}' : `${out}}`;
}

/** A value in COPY text format: `\N` for NULL, backslash escapes for backslash, newline, CR, tab. */
function copyText(v: string | number | boolean | null): string {
  if (v === null) return '\\N';
  if (typeof v === 'boolean') return v ? 't' : 'f';
  if (typeof v === 'number') return String(v);
  return v.replace(/[\\\n\r\t]/g, (ch) => (ch === '\\' ? '\\\\' : ch === '\n' ? '\\n' : ch === '\r' ? '\\r' : '\\t'));
}

/**
 * Each column of the staging table as a function from a row to its COPY text, built once: a
 * category's strings are escaped once per category, not once per row, and a date's text once per
 * day (staging 154k rows took 0.7 s of client CPU row by row through {@link rowValues}).
 */
function copyColumns(p: Plan, ds: ColumnarDataset): ((i: number) => string)[] {
  const out: ((i: number) => string)[] = [(i) => String(i), (i) => String(ds.lineNumbers[i])];
  for (const m of p.mapped) {
    const c = ds.has(m.spec.column) ? ds.column(m.spec.column) : undefined;
    if (c?.type === 'category') {
      const text = c.categories.map(copyText);
      out.push((i) => (c.codes[i] < 0 ? '\\N' : text[c.codes[i]]));
    } else if (c !== undefined && m.spec.kind === 'date') {
      const days = new Map<number, string>();
      out.push((i) => {
        const v = c.values[i];
        if (v !== v) return '\\N';
        let t = days.get(v);
        if (t === undefined) days.set(v, (t = copyText(m.read(i))));
        return t;
      });
    } else {
      out.push((i) => copyText(m.read(i)));
    }
  }
  out.push(p.extras.length === 0 ? () => '{}' : (i) => copyText(extraJson(p, i)));
  return out;
}

const STAGING = 'sizefit_ingest_staging';

/** JSON replacer: the load report quotes raw input, which may hold NUL or lone surrogates (jsonb cannot): U+FFFD. */
function storableQuoteReplacer(_key: string, v: unknown): unknown {
  return typeof v === 'string' ? storableQuote(v) : v;
}

/**
 * Columns stored in indexed text columns, with their limit for {@link assertStorableText}: the customer and
 * article keys and the article category (true: {@link MAX_INDEXED_TEXT_BYTES}), and the size system, which
 * the unique index of `article_sizes` holds together with an article id of up to 2,000 bytes: both must fit
 * in one btree index row (at most 2,704 bytes).
 */
const INDEXED_COLUMNS = new Map<string, true | number>([
  ['user_id', true],
  ['item_id', true],
  ['category', true],
  ['size_system', 500],
]);

function stagingColumns(): string[] {
  return ['row_index', 'line', ...PURCHASE_COLUMNS.map((c) => c.db), 'extra'];
}

async function stage(
  db: Database,
  ds: ColumnarDataset,
  p: Plan,
  batch: number,
  onProgress?: IngestOptions['onProgress'],
): Promise<number> {
  const cols = stagingColumns();
  const n = ds.length;
  if (db.engine === 'postgres') {
    const columns = copyColumns(p, ds);
    const row = new Array<string>(columns.length);
    const chunks = function* (): Generator<string> {
      for (let a = 0; a < n; a += batch) {
        // join, not +=: half the CPU (no rope of millions of pieces to flatten when it is sent).
        const lines: string[] = [];
        const b = Math.min(n, a + batch);
        for (let i = a; i < b; i++) {
          for (let j = 0; j < columns.length; j++) row[j] = columns[j](i);
          lines.push(row.join('\t'));
        }
        lines.push('');
        yield lines.join('\n');
        onProgress?.(b, n);
      }
    };
    return db.copyFrom(`COPY ${STAGING} (${cols.join(', ')}) FROM STDIN`, chunks());
  }
  const width = cols.length;
  const per = Math.max(1, Math.min(batch, Math.floor(65_000 / width)));
  let staged = 0;
  for (let a = 0; a < n; a += per) {
    const b = Math.min(n, a + per);
    const params: unknown[] = [];
    const tuples: string[] = [];
    for (let i = a; i < b; i++) {
      const base = params.length;
      params.push(...rowValues(p, ds, i));
      tuples.push(`(${cols.map((_, j) => `$${base + j + 1}`).join(', ')})`);
    }
    staged += (await db.query(`INSERT INTO ${STAGING} (${cols.join(', ')}) VALUES ${tuples.join(', ')}`, params))
      .rowCount;
    onProgress?.(b, n);
  }
  return staged;
}

/** The tables an ingest fills from the staged rows, in the order it writes them. */
const LOADED_TABLES = ['customers', 'articles', 'article_sizes', 'purchases'];

const NORMALIZE = [
  `INSERT INTO customers (dataset_id, customer_id, user_name)
   SELECT $1, customer_id, mode() WITHIN GROUP (ORDER BY user_name) FROM ${STAGING} GROUP BY customer_id`,
  `INSERT INTO articles (dataset_id, article_id, category, brand)
   SELECT $1, article_id, mode() WITHIN GROUP (ORDER BY category), mode() WITHIN GROUP (ORDER BY brand)
   FROM ${STAGING} GROUP BY article_id`,
  // The mode of size_label as mode() computes it (the most frequent non-null label, the first in
  // sort order on a tie, NULL when all are null), from a hashed count per label: half the CPU of
  // mode()'s sort of every staged row when labels repeat.
  `INSERT INTO article_sizes (dataset_id, article_id, size_system, size, size_label)
   SELECT DISTINCT ON (article_id, size_system, size) $1, article_id, size_system, size, size_label
   FROM (SELECT article_id, size_system, size, size_label, count(*) AS n
         FROM ${STAGING} WHERE size IS NOT NULL GROUP BY article_id, size_system, size, size_label) g
   ORDER BY article_id, size_system, size, size_label IS NULL, n DESC, size_label`,
  `INSERT INTO purchases (dataset_id, article_size_id, row_index, line, ${PURCHASE_COLUMNS.map((c) => c.db).join(', ')}, extra)
   SELECT $1, a.article_size_id, s.row_index, s.line, ${PURCHASE_COLUMNS.map((c) => `s.${c.db}`).join(', ')}, s.extra
   FROM ${STAGING} s LEFT JOIN article_sizes a
     ON a.dataset_id = $1 AND a.article_id = s.article_id AND a.size = s.size
    AND a.size_system IS NOT DISTINCT FROM s.size_system`,
];

/** `auto` rebuilds the keys of `purchases` when it holds at most this many times the rows being added. */
const REBUILD_KEYS_RATIO = 4;

/**
 * Whether to rebuild the keys (see {@link IngestOptions.keys}). Rebuilding alters the tables, which only their
 * owner may do: `auto` keeps the keys when this role does not own them all (the row-by-row path checks every
 * constraint the same way, only slower on a large load), and `rebuild` is refused then.
 * @throws InvalidArgumentError for `rebuild` when this role does not own the tables.
 */
async function rebuildKeys(db: Database, mode: NonNullable<IngestOptions['keys']>, adding: number): Promise<boolean> {
  if (mode === 'keep') return false;
  // reltuples: the estimate of the last ANALYZE or CREATE INDEX (every ingest ends with both); -1 before any.
  // Owning a table is having the privileges of its owner (a superuser has every role's); re-creating the foreign
  // key of customers also needs the right to reference datasets.
  const r = await db.query<{ n: number; owner: boolean }>(
    `SELECT greatest(reltuples, 0)::float8 AS n,
       (SELECT bool_and(pg_has_role(o.relowner, 'USAGE')) FROM pg_class o
        WHERE o.oid IN (${LOADED_TABLES.map((t) => `'${t}'::regclass`).join(', ')}))
       AND has_table_privilege('datasets', 'REFERENCES') AS owner
     FROM pg_class WHERE oid = 'purchases'::regclass`,
  );
  const { n, owner } = r.rows[0];
  if (mode === 'rebuild' && !owner) {
    throw new InvalidArgumentError(
      `ingestDataset: keys 'rebuild' alters ${LOADED_TABLES.join(', ')}, which role ${await currentRole(db)} does ` +
        `not own: ingest with keys 'keep' or 'auto' (which keeps the keys then), or as the tables' owner`,
    );
  }
  return owner && n <= REBUILD_KEYS_RATIO * adding;
}

async function currentRole(db: Database): Promise<string> {
  return quotedValue((await db.query<{ u: string }>('SELECT current_user::text AS u')).rows[0].u);
}

type Counts = Pick<IngestResult, 'rows' | 'customers' | 'articles' | 'articleSizes'>;

/**
 * What dataset `id` holds, counted in one transaction that first locks its `datasets` row (FOR SHARE), so that no
 * drop deletes it between two counts; undefined when it is gone (another session dropped it since it was looked up).
 */
async function lockedCounts(db: Database, id: number): Promise<Counts | undefined> {
  return db.transaction(async (tx) => {
    const row = await tx.query('SELECT 1 FROM datasets WHERE dataset_id = $1 FOR SHARE', [id]);
    if (row.rowCount === 0) return undefined;
    // datasets first, then the tables in the order an ingest locks them: the two queue, never deadlock.
    const count = async (table: string): Promise<number> =>
      (await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE dataset_id = $1`, [id])).rows[0].n;
    const customers = await count('customers');
    const articles = await count('articles');
    const articleSizes = await count('article_sizes');
    const rows = await count('purchases');
    return { rows, customers, articles, articleSizes };
  });
}

/** What the `datasets` row of a file says about how it was read. */
interface StoredReading {
  dataset_id: number;
  sha256: string;
  content_sha256: string | null;
  name: string;
  format: string;
  schema: FieldSchema[];
  row_count: number;
}

/**
 * Refuses a reading of a stored file (same sha256, or same content) that differs from the stored one: another
 * format, other columns (a registry name adds extra fields that a path does not read), or other rows. Calling that
 * "already ingested" would leave the columns of this reading unstored for good, and its name unknown to the database.
 * @throws DataError naming the stored dataset, the differences and how to store this reading instead.
 */
function checkSameReading(ds: ColumnarDataset, stored: StoredReading): void {
  const shape = (fields: readonly FieldSchema[]): string[] => fields.map((f) => `${f.name} (${f.type})`);
  const before = shape(stored.schema);
  const now = shape(ds.schema);
  const diffs: string[] = [];
  if (stored.format !== ds.meta.format) diffs.push(`format ${stored.format}, this reading ${ds.meta.format}`);
  if (before.join('\n') !== now.join('\n')) {
    const added = now.filter((c) => !before.includes(c));
    const missing = before.filter((c) => !now.includes(c));
    diffs.push(
      `${before.length} columns, this reading ${now.length}` +
        (added.length > 0 ? `; this reading adds ${added.map(printable).join(', ')}` : '') +
        (missing.length > 0 ? `; it lacks ${missing.map(printable).join(', ')}` : '') +
        (added.length + missing.length === 0 ? ' in another order' : ''),
    );
  }
  if (stored.row_count !== ds.length) diffs.push(`${stored.row_count} rows, this reading ${ds.length}`);
  if (diffs.length === 0) return;
  const what =
    stored.sha256 === ds.meta.sha256
      ? `its file (sha256 ${ds.meta.sha256}) is stored as dataset ${stored.dataset_id} '${printable(stored.name)}'`
      : `its content (sha256 of the decompressed bytes ${stored.content_sha256 ?? stored.sha256}) is stored as ` +
        `dataset ${stored.dataset_id} '${printable(stored.name)}' from another file (sha256 ${stored.sha256})`;
  throw new DataError(
    `dataset '${printable(ds.meta.name)}': ${what}, read another way (stored: ${diffs.join('; ')}); nothing was changed. To store ` +
      `this reading instead, drop dataset ${stored.dataset_id} first (sizefit db drop --dataset ${stored.dataset_id}; ` +
      'registered runs are kept)',
  );
}

/**
 * The error to throw for `e`, an error of SQLSTATE 22P05 or 22021 (a character the server cannot take): on a server
 * whose encoding is not UTF8, a DataError naming the encoding and, on LATIN1, the first value holding a character
 * beyond U+00FF; on a UTF8 server (which holds every character the checks before the ingest let through), `e`
 * itself, since recreating the database would not help.
 */
async function encodingError(db: Database, ds: ColumnarDataset, e: unknown): Promise<unknown> {
  const encoding = await db
    .query<{ server_encoding: string }>('SHOW server_encoding')
    .then((r) => r.rows[0].server_encoding)
    .catch(() => 'not UTF8');
  if (encoding.toUpperCase() === 'UTF8') return e;
  let first = '';
  if (encoding === 'LATIN1') {
    const beyond = (t: string): boolean => /[^\u0000-\u00ff]/.test(t);
    for (const f of ds.schema) {
      if (beyond(f.name)) {
        first = `; the first: column name ${quotedValue(f.name)}`;
        break;
      }
      const c = ds.column(f.name);
      if (c.type !== 'category') continue;
      const k = c.categories.findIndex(beyond);
      const i = k < 0 ? -1 : c.codes.indexOf(k);
      if (i >= 0) {
        first = `; the first: row ${i} (line ${ds.lineNumbers[i]}), column '${f.name}': ${quotedValue(c.categories[k])}`;
        break;
      }
    }
  }
  return new DataError(
    `dataset '${printable(ds.meta.name)}': the database's encoding is ${encoding}, which cannot hold every character ` +
      `of the data (${(e as Error).message})${first}; nothing was stored. Ingest into a database created with ` +
      `ENCODING 'UTF8' (createdb -E UTF8 -T template0 NAME)`,
    { cause: e },
  );
}

/**
 * The stored dataset of `sha256`'s file, else of another file with content hash `content` (its `content_sha256`, or
 * its `sha256` when that is `content`: a plain file stored before migration 3); undefined when there is none.
 */
async function findStored(db: Database, sha256: string, content: string | null): Promise<StoredReading | undefined> {
  const select = `SELECT dataset_id, sha256, content_sha256, ${exactTextSql('name')} AS name,
    ${exactTextSql('format')} AS format, schema, row_count FROM datasets`;
  const read = (r: StoredReading): StoredReading => ({ ...r, name: exactText(r.name)!, format: exactText(r.format)! });
  const file = await db.query<StoredReading>(`${select} WHERE sha256 = $1`, [sha256]);
  if (file.rowCount > 0) return read(file.rows[0]);
  if (content === null) return undefined;
  const same = await db.query<StoredReading>(
    `${select} WHERE content_sha256 = $1 OR sha256 = $1 ORDER BY dataset_id LIMIT 1`,
    [content],
  );
  return same.rowCount > 0 ? read(same.rows[0]) : undefined;
}

/**
 * Sets the content hash of a dataset stored before migration 3 (NULL), unless another dataset has it (a file and
 * its compressed copy both ingested before migration 3 stay two datasets).
 */
async function fillContentSha256(db: Database, datasetId: number, content: string): Promise<boolean> {
  try {
    const r = await db.query(
      `UPDATE datasets SET content_sha256 = $2 WHERE dataset_id = $1 AND content_sha256 IS NULL
       AND NOT EXISTS (SELECT 1 FROM datasets WHERE content_sha256 = $2)`,
      [datasetId, content],
    );
    return r.rowCount === 1;
  } catch (e) {
    // A concurrent ingest stored that content meanwhile (the unique index): this row keeps none.
    if ((e as { code?: string } | null)?.code === '23505') return false;
    throw e;
  }
}

/**
 * Loads a dataset into the database in one transaction: the `datasets` row (keyed by the sha256 of
 * the source file, and by its content hash: the sha256 of the file's bytes after decompression, `meta.contentSha256`,
 * found as the file was read, so the file is not read again), then customers, articles, article sizes and purchases. Rows are staged into a
 * temporary table (unlogged, dropped at commit) with COPY on PostgreSQL and with batched multi-row
 * parameterized INSERTs on PGlite, then normalized by INSERT ... SELECT. A dataset whose sha256 is
 * already there, read the same way (format, columns and row count), is not loaded again
 * (`already-ingested`, with the name it was stored under); nor is one whose content is (a `.jsonl` file and its
 * `.jsonl.gz` copy: `already-ingested`, with the sha256 it is stored under in `storedSha256`; `meta.sha256` of
 * either file is unchanged). The same file read another way (say by path, then by a registry name that adds extra
 * fields) is refused: one file is stored once, as one reading, and storing another means dropping the first.
 * Datasets stored before migration 3 have no content hash (NULL): an ingest of the same file fills it, and a plain
 * file's is its sha256, so its compressed copy is recognised; a compressed file stored then is recognised only once
 * it is ingested again. A failure or a killed process leaves no partial data (the transaction never commits).
 *
 * A large load follows PostgreSQL's bulk-load recipe ({@link IngestOptions.keys}): the keys of the
 * four tables are dropped after staging and re-created before the commit, inside the same
 * transaction, from their catalog definitions and under the same names, so that every constraint
 * holds whenever another session can see the data. Locks: while it normalizes (about a second on
 * RentTheRunway's 154k rows) that ingest holds ACCESS EXCLUSIVE locks on `datasets`, `customers`,
 * `articles`, `article_sizes` and `purchases`: queries on them (SQL features, `db datasets`) wait
 * for its commit, and a second ingest queues behind it (the locks are taken up front, in the order
 * in which ingests write, so ingests never deadlock). The staging before it takes no lock on them.
 * A reader that joins these tables locks them in its own order and can meet the ingest in a deadlock;
 * PostgreSQL then aborts one of the two (SQLSTATE 40P01): an aborted ingest left nothing and runs again
 * ({@link retryOnDeadlock}, up to 4 tries), an aborted reader gets the error and may simply retry.
 * The tables are analyzed before the commit, so the planner knows the new dataset as soon as it is
 * visible. Commits are synchronous (`synchronous_commit` is left alone): turning it off saved about
 * 10 ms per ingest here, and would let a server crash just after "ingested" lose the dataset.
 *
 * @param report the reader's load report, stored with the dataset and returned.
 * @throws InvalidArgumentError when `batchRows` is not a positive whole number, `keys` is not `rebuild`, `keep` or
 *   `auto`, or `keys` is `rebuild` and the role does not own the tables; DataError when the dataset lacks `user_id`/`item_id` or a row lacks a value of one
 *   (naming row, line and column), a column has the wrong type, its sha256 is not a hex digest, a string holds
 *   NUL or a lone surrogate or is too long for its index (naming line and column; a string of the schema, such
 *   as a column's description or unit, naming the column), a value breaks a CHECK of
 *   `purchases` (a fit label other than small/fit/large, a height or weight <= 0, a negative line) or is a day
 *   PostgreSQL cannot read (naming row, line, column and value), an extra number is infinite, fewer rows than
 *   the dataset's were staged, the file is stored read another way (see above), or the server's encoding (other than UTF8)
 *   cannot hold a character of the data; the engine's error if a statement fails. Nothing is stored then.
 */
export async function ingestDataset(
  db: Database,
  ds: ColumnarDataset,
  report: LoadReport,
  options: IngestOptions = {},
): Promise<IngestResult> {
  const t0 = performance.now();
  const sha256 = ds.meta.sha256;
  if (!/^[0-9a-f]{64}$/.test(sha256))
    throw new DataError(`dataset '${ds.meta.name}': sha256 '${sha256}' is not a hex sha256`);
  // The content hash the reader found as it read the file (none for data built in code, or a cut gzip stream).
  const contentSha256 = ds.meta.contentSha256 ?? null;
  if (contentSha256 !== null && !/^[0-9a-f]{64}$/.test(contentSha256))
    throw new DataError(`dataset '${ds.meta.name}': contentSha256 '${contentSha256}' is not a hex sha256`);
  for (const [k, v] of Object.entries({ name: ds.meta.name, source: ds.meta.source, format: ds.meta.format })) {
    assertStorableText(v, `dataset ${k}`);
  }
  // A dataset is stored under its file's sha256: the rows before the cut of a truncated gzip would pass for the file's.
  refuseTruncatedFile(report, `ingest dataset '${printable(ds.meta.name)}' from`);
  const batch = options.batchRows ?? (db.engine === 'postgres' ? 20_000 : 2000);
  if (!Number.isSafeInteger(batch) || batch < 1) {
    throw new InvalidArgumentError(`ingestDataset: batchRows must be a positive whole number, got ${batch}`);
  }
  const keysMode = options.keys ?? 'auto';
  if (!KEYS_MODES.includes(keysMode)) {
    const got = typeof keysMode === 'string' ? quotedValue(keysMode) : String(keysMode);
    throw new InvalidArgumentError(
      `ingestDataset: keys must be ${KEYS_MODES.map((k) => `'${k}'`).join(', ')}, got ${got}`,
    );
  }
  const p = plan(ds);
  const done = (
    id: number,
    status: IngestResult['status'],
    method: IngestResult['method'],
    stored: { sha256: string; content: string | null; name: string },
    c: Counts,
    keys: IngestResult['keys'] = 'none',
  ): IngestResult => ({
    status,
    datasetId: id,
    sha256,
    storedSha256: stored.sha256,
    contentSha256: stored.content,
    name: stored.name,
    ...c,
    report,
    method,
    keys,
    seconds: (performance.now() - t0) / 1000,
  });
  /** The stored dataset of this file or content, or undefined when there is none (or it was dropped meanwhile). */
  const stored = async (): Promise<IngestResult | undefined> => {
    const s = await findStored(db, sha256, contentSha256);
    if (s === undefined) return undefined;
    checkSameReading(ds, s);
    let stored = s.content_sha256;
    if (stored === null) {
      // Stored before migration 3 from this file, or from a plain file of this content (its sha256 is the content
      // hash): this content hash is the dataset's.
      if (
        contentSha256 !== null &&
        (s.sha256 === sha256 || s.sha256 === contentSha256) &&
        (await fillContentSha256(db, s.dataset_id, contentSha256))
      ) {
        stored = contentSha256;
      }
    }
    // Counted under a lock on its row: a drop committed since the lookup leaves nothing to count, and this file
    // is ingested instead of being reported "already ingested" with 0 rows.
    const c = await lockedCounts(db, s.dataset_id);
    if (c === undefined) return undefined;
    return done(s.dataset_id, 'already-ingested', 'none', { sha256: s.sha256, content: stored, name: s.name }, c);
  };
  const existing = await stored();
  if (existing !== undefined) return existing;
  let id: number;
  let rebuilt = false;
  // What the inserts added, known from their row counts: no count after the commit, when a drop may have come.
  let added: Counts = { rows: 0, customers: 0, articles: 0, articleSizes: 0 };
  try {
    // A concurrent reader that locks these tables in another order (a query joining purchases to
    // customers) can deadlock with the up-front locks below; PostgreSQL then aborts one side, and an
    // aborted ingest left nothing behind, so it runs again.
    id = await retryOnDeadlock(() =>
      db.transaction(async (tx) => {
        const defs = stagingColumns().map((c, j) =>
          j < 2 ? `${c} integer` : c === 'extra' ? 'extra jsonb' : `${c} ${SQL_TYPE[PURCHASE_COLUMNS[j - 2].kind]}`,
        );
        await tx.exec(`CREATE TEMP TABLE ${STAGING} (${defs.join(', ')}) ON COMMIT DROP`);
        const staged = await stage(tx, ds, p, batch, options.onProgress);
        // A safety net: a dataset row without all its purchases would stay "already ingested" forever.
        if (staged !== ds.length) {
          throw new DataError(
            `dataset '${ds.meta.name}': ${staged} rows of ${ds.length} were staged; nothing was stored`,
          );
        }
        // Statistics of the staged join and grouping keys let the planner hash-join them (a temp table
        // is never auto-analyzed); the other columns' statistics would cost twice as much for nothing.
        await tx.exec(`ANALYZE ${STAGING} (customer_id, article_id, size_system, size)`);
        // The GROUP BY sorts and the index builds in memory (the defaults, 4 MB and 64 MB, spill to disk).
        await tx.exec(`SET LOCAL work_mem = '64MB'; SET LOCAL maintenance_work_mem = '256MB'`);
        rebuilt = await rebuildKeys(tx, keysMode, ds.length);
        if (rebuilt) {
          // Every lock the rebuild needs, before any of these tables is written (staging needs none),
          // in the order in which a concurrent ingest writes them: no lock is upgraded half-way, so
          // two ingests queue instead of deadlocking.
          await tx.exec(`LOCK TABLE datasets, ${LOADED_TABLES.join(', ')} IN ACCESS EXCLUSIVE MODE`);
        }
        const ins = await tx.query<{ dataset_id: number }>(
          `INSERT INTO datasets (sha256, content_sha256, name, source, format, schema, row_count, load_report)
         VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8::jsonb) RETURNING dataset_id`,
          [
            sha256,
            contentSha256,
            ds.meta.name,
            ds.meta.source,
            ds.meta.format,
            JSON.stringify(ds.schema),
            ds.length,
            JSON.stringify(report, storableQuoteReplacer),
          ],
        );
        const datasetId = ins.rows[0].dataset_id;
        const normalize = async (): Promise<void> => {
          const n: number[] = [];
          for (const sql of NORMALIZE) n.push((await tx.query(sql, [datasetId])).rowCount);
          const [customers, articles, articleSizes, rows] = n;
          // The last statement adds the purchases: one per staged row.
          if (rows !== ds.length) {
            throw new DataError(
              `dataset '${ds.meta.name}': ${rows} purchases of ${ds.length} rows were added; nothing was stored`,
            );
          }
          added = { rows, customers, articles, articleSizes };
        };
        if (rebuilt) await withKeysRebuilt(tx, LOADED_TABLES, normalize);
        else await normalize();
        // Inside the transaction (ANALYZE samples its own uncommitted rows): the statistics of the new
        // dataset arrive with it, so no query plans a fresh dataset_id as if it had no rows.
        await tx.exec(`ANALYZE ${LOADED_TABLES.join(', ')}`);
        return datasetId;
      }),
    );
  } catch (e) {
    // Another process committed the same file or content meanwhile: the unique sha256 or content_sha256 stopped
    // this one.
    const code = (e as { code?: string } | null)?.code;
    if (code === '23505') {
      const again = await stored();
      if (again !== undefined) return again;
    }
    if (code === '22P05' || code === '22021') throw await encodingError(db, ds, e);
    throw e;
  }
  return done(
    id,
    'ingested',
    db.engine === 'postgres' ? 'copy' : 'insert',
    { sha256, content: contentSha256, name: ds.meta.name },
    added,
    rebuilt ? 'rebuilt' : 'kept',
  );
}
