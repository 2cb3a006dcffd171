// Test helpers: ColumnarDatasets built by hand (records) or generated (seeded), until lib/data's readers land.
import { ColumnarDataset, Rng, type Column, type FeatureMatrix, type FieldSchema } from '../../lib/index.js';

/** A dataset from plain records: a column is categorical if any value is a string, else numeric. */
export function datasetFromRecords(records: Record<string, string | number | null>[], name = 'hand'): ColumnarDataset {
  const names = [...new Set(records.flatMap((r) => Object.keys(r)))];
  const cols = new Map<string, Column>();
  const schema: FieldSchema[] = [];
  for (const c of names) {
    const vals = records.map((r) => r[c] ?? null);
    if (vals.some((v) => typeof v === 'string')) {
      const cats: string[] = [];
      const idx = new Map<string, number>();
      const codes = Int32Array.from(vals, (v) => {
        if (v === null) return -1;
        const s = String(v);
        if (!idx.has(s)) {
          idx.set(s, cats.length);
          cats.push(s);
        }
        return idx.get(s)!;
      });
      cols.set(c, { type: 'category', codes, categories: cats });
      schema.push({ name: c, type: 'category', description: c });
    } else {
      cols.set(c, { type: 'number', values: Float64Array.from(vals, (v) => (v === null ? NaN : (v as number))) });
      schema.push({ name: c, type: 'number', description: c });
    }
  }
  return new ColumnarDataset(schema, cols, new Int32Array(records.length), {
    name,
    source: 'generated',
    format: 'test',
    sha256: '',
  });
}

/** Options of {@link syntheticRentals}. */
export interface SyntheticOptions {
  users?: number;
  items?: number;
  categories?: number;
  seed?: number;
  /** Add a size_system column with two systems. */
  systems?: boolean;
}

/**
 * A synthetic RentTheRunway-like dataset of `n` rows: customers with a true size, articles with a
 * sizing offset, fit label from (size - true size - offset + noise). Typed arrays only.
 */
export function syntheticRentals(n: number, options: SyntheticOptions = {}): ColumnarDataset {
  const rng = new Rng(options.seed ?? 1);
  const U = options.users ?? Math.max(2, Math.floor(n / 1.5));
  const I = options.items ?? Math.max(2, Math.floor(n / 27));
  const C = options.categories ?? 68;
  const userSize = Float64Array.from({ length: U }, () => Math.max(0, Math.round(rng.normal(12, 6))));
  const userHeight = Float64Array.from({ length: U }, () => rng.normal(165, 7));
  const userWeight = Float64Array.from({ length: U }, () => rng.normal(62, 10));
  const itemOffset = Float64Array.from({ length: I }, () => rng.normal(0, 1.5));
  const itemCat = Int32Array.from({ length: I }, () => rng.int(C));
  const user = new Int32Array(n);
  const item = new Int32Array(n);
  const cat = new Int32Array(n);
  const fit = new Int32Array(n);
  const size = new Float64Array(n);
  const height = new Float64Array(n);
  const weight = new Float64Array(n);
  const age = new Float64Array(n);
  const band = new Float64Array(n);
  const cup = new Float64Array(n);
  const body = new Int32Array(n);
  const rented = new Int32Array(n);
  const system = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    // Skewed user activity: a few heavy renters, most with one or two rentals.
    const u = Math.min(U - 1, Math.floor(U * rng.next() ** 2));
    const it = rng.int(I);
    user[i] = u;
    item[i] = it;
    cat[i] = itemCat[it];
    size[i] = Math.max(0, userSize[u] + Math.round(rng.normal(0, 1.5)));
    const d = size[i] - userSize[u] - itemOffset[it] + rng.normal(0, 1.2);
    fit[i] = d < -1.6 ? 0 : d > 1.6 ? 2 : 1;
    height[i] = userHeight[u];
    weight[i] = rng.bernoulli(0.156) ? NaN : userWeight[u];
    age[i] = Math.round(rng.normal(34, 8));
    band[i] = rng.bernoulli(0.096) ? NaN : 32 + 2 * rng.int(4);
    cup[i] = Number.isNaN(band[i]) ? NaN : 1 + rng.int(4);
    body[i] = rng.int(7);
    rented[i] = rng.int(9);
    system[i] = options.systems ? it % 2 : 0;
  }
  const cats = (k: number, prefix: string): string[] => Array.from({ length: k }, (_, j) => `${prefix}${j}`);
  const cols = new Map<string, Column>([
    ['user_id', { type: 'category', codes: user, categories: cats(U, 'u') }],
    ['item_id', { type: 'category', codes: item, categories: cats(I, 'i') }],
    ['fit', { type: 'category', codes: fit, categories: ['small', 'fit', 'large'] }],
    ['size', { type: 'number', values: size }],
    ['category', { type: 'category', codes: cat, categories: cats(C, 'cat') }],
    ['height_cm', { type: 'number', values: height }],
    ['weight_kg', { type: 'number', values: weight }],
    ['bust_band', { type: 'number', values: band }],
    ['cup', { type: 'number', values: cup }],
    ['age', { type: 'number', values: age }],
    ['body_type', { type: 'category', codes: body, categories: cats(7, 'body') }],
    ['rented_for', { type: 'category', codes: rented, categories: cats(9, 'occasion') }],
  ]);
  if (options.systems) cols.set('size_system', { type: 'category', codes: system, categories: ['us', 'eu'] });
  const schema: FieldSchema[] = [...cols.entries()].map(([name, c]) => ({
    name,
    type: c.type,
    description: name,
  }));
  return new ColumnarDataset(schema, cols, new Int32Array(n), {
    name: 'synthetic-rentals',
    source: 'generated',
    format: 'test',
    sha256: '',
  });
}

/** `ds` with one column added or replaced (same rows, line numbers and meta). */
export function withColumn(ds: ColumnarDataset, name: string, column: Column, description = name): ColumnarDataset {
  const cols = new Map<string, Column>(ds.columnNames.map((c) => [c, ds.column(c)]));
  cols.set(name, column);
  const schema = ds.schema.some((f) => f.name === name)
    ? ds.schema
    : [...ds.schema, { name, type: column.type, description }];
  return new ColumnarDataset(schema, cols, ds.lineNumbers, ds.meta);
}

/** `ds` with the codes of its `fit` column replaced. */
export function withLabels(ds: ColumnarDataset, codes: Int32Array): ColumnarDataset {
  return withColumn(ds, 'fit', { ...ds.categories('fit'), codes });
}

/** Value of column `name` in row `i`; fails the test when there is no such column. */
export function featureAt(X: FeatureMatrix, i: number, name: string): number {
  const j = X.names.indexOf(name);
  if (j < 0) throw new Error(`no column ${name}`);
  return X.data[i * X.p + j];
}

/** Row `i` of a matrix as an array. */
export function matrixRow(X: FeatureMatrix, i: number): number[] {
  return Array.from(X.data.subarray(i * X.p, (i + 1) * X.p));
}
