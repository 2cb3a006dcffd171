// Synthetic fit feedback with known true sizes, for the latent fit model tests.
import { ColumnarDataset, Rng, type Column, type FieldSchema } from '../../lib/index.js';

export interface LatentSynthetic {
  train: ColumnarDataset;
  test: ColumnarDataset;
  /** True size of each customer `u<i>`. */
  userSize: Float64Array;
  /** Size offset of each item `i<j>` (positive: runs small, its size-s article fits a customer of size s - offset). */
  itemOffset: Float64Array;
}

const SCHEMA: FieldSchema[] = [
  { name: 'user_id', type: 'category', description: 'customer' },
  { name: 'item_id', type: 'category', description: 'item' },
  { name: 'size', type: 'number', description: 'catalog size' },
  { name: 'fit', type: 'category', description: 'fit feedback' },
];

/** Builds a dataset of the four canonical columns from plain rows. */
export function fitDataset(rows: { user: string; item: string; size: number; fit: string | null }[]): ColumnarDataset {
  const dict = (values: (string | null)[]) => {
    const categories: string[] = [];
    const index = new Map<string, number>();
    const codes = Int32Array.from(values, (v) => {
      if (v === null) return -1;
      if (!index.has(v)) {
        index.set(v, categories.length);
        categories.push(v);
      }
      return index.get(v)!;
    });
    return { type: 'category' as const, codes, categories };
  };
  const cols = new Map<string, Column>([
    ['user_id', dict(rows.map((r) => r.user))],
    ['item_id', dict(rows.map((r) => r.item))],
    ['size', { type: 'number', values: Float64Array.from(rows, (r) => r.size) }],
    ['fit', dict(rows.map((r) => r.fit))],
  ]);
  return new ColumnarDataset(SCHEMA, cols, new Int32Array(rows.length), {
    name: 'latent-synthetic',
    source: 'generated',
    format: 'test',
    sha256: '',
  });
}

/**
 * Customers with true sizes U(1, 7), items with offsets N(0, 0.7) and sizes 0..8; a customer buys
 * round(true size + offset + N(0, 0.9)) and reports small / fit / large when the size's true fit margin
 * (size - offset - customer size, plus logistic noise of scale 0.2) is below -0.6 / between / above 0.6.
 */
export function latentSynthetic(seed: number, users = 300, items = 40, perUser = 14, testRows = 1500): LatentSynthetic {
  const rng = new Rng(seed);
  const userSize = Float64Array.from({ length: users }, () => rng.uniform(1, 7));
  const itemOffset = Float64Array.from({ length: items }, () => rng.normal(0, 0.7));
  const draw = (u: number) => {
    const it = rng.int(items);
    const size = Math.min(8, Math.max(0, Math.round(userSize[u] + itemOffset[it] + rng.normal(0, 0.9))));
    const p = rng.uniform(1e-9, 1);
    const margin = size - itemOffset[it] - userSize[u] + 0.2 * Math.log(p / (1 - p));
    const fit = margin < -0.6 ? 'small' : margin > 0.6 ? 'large' : 'fit';
    return { user: `u${u}`, item: `i${it}`, size, fit };
  };
  const train = [];
  for (let u = 0; u < users; u++) for (let j = 0; j < perUser; j++) train.push(draw(u));
  const test = [];
  for (let j = 0; j < testRows; j++) test.push(draw(rng.int(users)));
  return { train: fitDataset(train), test: fitDataset(test), userSize, itemOffset };
}

/** Class codes (0 small, 1 fit, 2 large) of a dataset's fit column. */
export function fitCodes(d: ColumnarDataset): Int32Array {
  const c = d.categories('fit');
  return Int32Array.from(c.codes, (k) => ['small', 'fit', 'large'].indexOf(c.categories[k]));
}

/** Pearson correlation. */
export function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i] / n;
    mb += b[i] / n;
  }
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

/** Spearman rank correlation (ties: mid-ranks). */
export function spearman(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const rank = (v: ArrayLike<number>) => {
    const idx = Array.from({ length: v.length }, (_, i) => i).sort((x, y) => v[x] - v[y]);
    const r = new Float64Array(v.length);
    for (let i = 0; i < idx.length;) {
      let j = i;
      while (j + 1 < idx.length && v[idx[j + 1]] === v[idx[i]]) j++;
      for (let t = i; t <= j; t++) r[idx[t]] = (i + j) / 2;
      i = j + 1;
    }
    return r;
  };
  return pearson(rank(a), rank(b));
}
