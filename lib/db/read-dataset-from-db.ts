import { FIT_CLASSES } from '../core/labels.js';
import { ColumnarDataset, type Column } from '../data/columnar-dataset.js';
import type { Database } from './database.js';
import { exactText, exactTextSql } from './exact-text.js';
import { findIngestedDataset } from './ingested-datasets.js';
import { PURCHASE_COLUMNS, readExpression } from './purchase-columns.js';

/**
 * Reads a stored dataset back into a {@link ColumnarDataset} with the columns, values and row order
 * it was ingested with (meta from the `datasets` row; `fit` categories in FIT_CLASSES order, other
 * categories in order of first appearance). Text comes back exactly as stored on both engines, a leading U+FEFF
 * included (see exact-text.ts).
 *
 * @param ref a sha256, dataset id or name (see {@link findIngestedDataset}).
 * @throws DataError when there is no such dataset.
 */
export async function readDatasetFromDb(db: Database, ref: string | number): Promise<ColumnarDataset> {
  const info = await findIngestedDataset(db, ref);
  const byName = new Map(PURCHASE_COLUMNS.map((c) => [c.column, c]));
  const select = info.schema.map((f, j) => {
    const spec = byName.get(f.name);
    // Extra columns come from jsonb by key: the key is a parameter, never SQL text.
    if (spec === undefined) return null;
    return `${spec.kind === 'text' ? exactTextSql(spec.db) : readExpression(spec)} AS c${j}`;
  });
  const isText = info.schema.map((f) => byName.get(f.name)?.kind === 'text');
  const extraKeys = info.schema.map((f, j) => (select[j] === null ? f.name : null));
  const r = await db.query<Record<string, unknown>>(
    `SELECT ${['line', 'extra', ...select.filter((s) => s !== null)].join(', ')}
     FROM purchases WHERE dataset_id = $1 ORDER BY row_index`,
    [info.datasetId],
  );
  const n = r.rows.length;
  const lines = new Int32Array(n);
  for (let i = 0; i < n; i++) lines[i] = r.rows[i].line as number;
  const cols = new Map<string, Column>();
  info.schema.forEach((f, j) => {
    const key = extraKeys[j];
    const get =
      key !== null
        ? (i: number) => {
            // Own keys only: a row without `constructor` or `toString` has none, not Object.prototype's.
            const extra = r.rows[i].extra as Record<string, unknown>;
            return Object.hasOwn(extra, key) ? extra[key] : null;
          }
        : isText[j]
          ? (i: number) => exactText(r.rows[i][`c${j}`])
          : (i: number) => r.rows[i][`c${j}`];
    if (f.type === 'category') {
      const cats: string[] = f.name === 'fit' ? [...FIT_CLASSES] : [];
      const index = new Map(cats.map((c, k) => [c, k]));
      const codes = new Int32Array(n);
      for (let i = 0; i < n; i++) {
        const v = get(i);
        if (v === null || v === undefined) {
          codes[i] = -1;
          continue;
        }
        const s = String(v);
        let k = index.get(s);
        if (k === undefined) {
          k = cats.length;
          cats.push(s);
          index.set(s, k);
        }
        codes[i] = k;
      }
      cols.set(f.name, { type: 'category', codes, categories: cats });
    } else {
      const values = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const v = get(i);
        values[i] = v === null || v === undefined ? NaN : Number(v);
      }
      cols.set(f.name, { type: 'number', values });
    }
  });
  return new ColumnarDataset(info.schema, cols, lines, {
    name: info.name,
    source: info.source,
    format: info.format,
    sha256: info.sha256,
    ...(info.contentSha256 === null ? {} : { contentSha256: info.contentSha256 }),
  });
}
