// Test helpers for lib/advice: a FitModel stub driven by a function, and a tiny dataset builder.
import { ColumnarDataset, FIT_CLASSES, type Column, type FieldSchema, type FitModel } from '../../lib/index.js';

/** A fitted FitModel whose probabilities come from `f(customer, item, size)`; it records the rows it saw. */
export class StubFitModel implements FitModel {
  readonly kind = 'stub-fit-model';
  readonly classes = FIT_CLASSES;
  readonly isFitted = true;
  calls = 0;
  lastRows: Record<string, string | number | null>[] = [];
  constructor(private readonly f: (customer: string, item: string, size: number) => [number, number, number]) {}
  fit(): this {
    return this;
  }
  predictProba(data: ColumnarDataset): Float64Array {
    this.calls++;
    this.lastRows = data.toRecords();
    const out = new Float64Array(3 * data.length);
    for (let i = 0; i < data.length; i++) {
      const p = this.f(String(data.value('user_id', i)), String(data.value('item_id', i)), data.numbers('size')[i]);
      out.set(p, 3 * i);
    }
    return out;
  }
  toJSON(): { kind: string; version: number } {
    return { kind: this.kind, version: 1 };
  }
}

/** Probabilities of the generator's ordinal-logistic fit model at margin m (label steps): tolerance 0.75, scale s. */
export function marginProba(m: number, s = 0.3, tol = 0.75): [number, number, number] {
  const sg = (x: number): number => 1 / (1 + Math.exp(-x));
  const small = sg((-tol - m) / s);
  const large = sg((m - tol) / s);
  return [small, 1 - small - large, large];
}

const SCHEMA: FieldSchema[] = [
  { name: 'user_id', type: 'category', description: 'customer' },
  { name: 'item_id', type: 'category', description: 'article' },
  { name: 'size', type: 'number', description: 'size' },
  { name: 'fit', type: 'category', description: 'fit feedback' },
  { name: 'category', type: 'category', description: 'category' },
  { name: 'height_cm', type: 'number', description: 'height' },
  { name: 'body_type', type: 'category', description: 'body type' },
  { name: 'rating', type: 'number', description: 'rating' },
];

/** Row of {@link tinyDataset}. */
export interface TinyRow {
  user: string;
  item: string;
  size: number;
  fit: string | null;
  category?: string | null;
  height?: number;
  bodyType?: string | null;
  rating?: number;
}

/** A dataset with the columns of {@link TinyRow} (dictionaries in first-seen order). */
export function tinyDataset(rows: TinyRow[]): ColumnarDataset {
  const dict = (values: (string | null | undefined)[]): Column => {
    const categories: string[] = [];
    const index = new Map<string, number>();
    const codes = Int32Array.from(values, (v) => {
      if (v === null || v === undefined) return -1;
      if (!index.has(v)) {
        index.set(v, categories.length);
        categories.push(v);
      }
      return index.get(v)!;
    });
    return { type: 'category', codes, categories };
  };
  const num = (f: (r: TinyRow) => number | undefined): Column => ({
    type: 'number',
    values: Float64Array.from(rows, (r) => f(r) ?? NaN),
  });
  const cols = new Map<string, Column>([
    ['user_id', dict(rows.map((r) => r.user))],
    ['item_id', dict(rows.map((r) => r.item))],
    ['size', num((r) => r.size)],
    ['fit', dict(rows.map((r) => r.fit))],
    ['category', dict(rows.map((r) => r.category))],
    ['height_cm', num((r) => r.height)],
    ['body_type', dict(rows.map((r) => r.bodyType))],
    ['rating', num((r) => r.rating)],
  ]);
  return new ColumnarDataset(
    SCHEMA,
    cols,
    Int32Array.from(rows, (_, i) => i + 1),
    {
      name: 'tiny',
      source: 'test',
      format: 'test',
      sha256: '',
    },
  );
}

/** Columns of the body-size tests: ids, size, fit and the three inputs of the body-size regression. */
export const BODY_SIZE_SCHEMA: FieldSchema[] = [
  { name: 'user_id', type: 'category', description: 'customer' },
  { name: 'item_id', type: 'category', description: 'article' },
  { name: 'size', type: 'number', description: 'size' },
  { name: 'fit', type: 'category', description: 'fit feedback' },
  { name: 'weight_kg', type: 'number', description: 'weight' },
  { name: 'height_cm', type: 'number', description: 'height' },
  { name: 'bust_band', type: 'number', description: 'bra band' },
];
