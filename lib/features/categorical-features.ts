import { InvalidArgumentError, ModelFormatError, NotFittedError } from '../core/errors.js';
import { checkEstimatorJSON, registerEstimator, type EstimatorJSON } from '../core/estimator.js';
import type { ColumnarDataset } from '../data/columnar-dataset.js';
import type { BlockWriter } from './block-writer.js';
import { checkUnseenPolicy, type UnseenPolicy } from './category-levels.js';
import { featureMatrix, type FeatureMatrix } from './feature-matrix.js';
import type { DatasetTransformer, FeatureInfo } from './transformer.js';

/** Options of {@link CategoricalFeatures}. */
export interface CategoricalFeaturesOptions {
  /** Category columns to one-hot encode (default: those of category, body_type, rented_for present at fit). */
  columns?: string[];
  /**
   * Unseen categories (and those rarer than `minCount` at fit): `unknown` (default) sets the column
   * `<col>=__unknown__`; `ignore` leaves all of the column's block zero; `error` throws.
   */
  unseen?: UnseenPolicy;
  /** Categories seen in fewer training rows are not given a column of their own (default 1). */
  minCount?: number;
}

const KIND = 'categorical-features';
const DEFAULT_COLUMNS = ['category', 'body_type', 'rented_for'];

/**
 * One-hot encoding of categorical dataset columns by category name (`category=dress`). A missing value
 * gives an all-zero block. Categories are those seen at fit at least `minCount` times, in dictionary order.
 */
export class CategoricalFeatures implements DatasetTransformer, BlockWriter {
  readonly kind = KIND;
  readonly unseen: UnseenPolicy;
  readonly minCount: number;
  private readonly requested: string[] | undefined;
  private levels: { column: string; categories: string[] }[] | undefined;

  /** @throws InvalidArgumentError on an invalid option. */
  constructor(options: CategoricalFeaturesOptions = {}) {
    this.requested = options.columns?.slice();
    this.unseen = checkUnseenPolicy(options.unseen ?? 'unknown', 'CategoricalFeatures');
    this.minCount = options.minCount ?? 1;
    if (!(this.minCount >= 1)) throw new InvalidArgumentError('CategoricalFeatures: minCount must be >= 1');
  }

  /** True once fitted or loaded. */
  get isFitted(): boolean {
    return this.levels !== undefined;
  }

  /**
   * Learns the categories of each column from `ds`.
   * @returns this
   * @throws InvalidArgumentError on an empty dataset, or a requested column that is absent or numeric.
   */
  fit(ds: ColumnarDataset): this {
    if (ds.length === 0) throw new InvalidArgumentError(`CategoricalFeatures: dataset '${ds.meta.name}' has no rows`);
    const cols = this.requested ?? DEFAULT_COLUMNS.filter((c) => ds.has(c));
    this.levels = cols.map((column) => {
      const c = ds.categories(column);
      const count = new Int32Array(c.categories.length);
      for (let i = 0; i < ds.length; i++) if (c.codes[i] >= 0) count[c.codes[i]]++;
      return { column, categories: c.categories.filter((_, k) => count[k] >= this.minCount) };
    });
    return this;
  }

  private get width(): number {
    return this.unseen === 'unknown' ? 1 : 0;
  }

  /**
   * The one-hot block of every row of `ds`.
   * @throws NotFittedError before fit; InvalidArgumentError on an empty dataset, a missing column, or
   * an unseen category under the `error` policy.
   */
  transform(ds: ColumnarDataset): FeatureMatrix {
    const names = this.blockNames();
    const p = names.length;
    this.checkRows(ds);
    const out = new Float64Array(ds.length * p);
    this.writeBlock(ds, out, p, 0);
    return featureMatrix(out, ds.length, p, names);
  }

  /** Output column names, `<column>=<category>`. @throws NotFittedError before fit. */
  blockNames(): string[] {
    if (!this.levels) throw new NotFittedError('CategoricalFeatures');
    return this.levels.flatMap(({ column, categories }) => [
      ...categories.map((s) => `${column}=${s}`),
      ...(this.unseen === 'unknown' ? [`${column}=__unknown__`] : []),
    ]);
  }

  /**
   * Writes the ones of the one-hot block of every row of `ds` into `out` (row-major, `stride` columns)
   * from column `offset` on; the block's cells must be zero on entry.
   * @throws as {@link CategoricalFeatures.transform}.
   */
  writeBlock(ds: ColumnarDataset, out: Float64Array, stride: number, offset: number): void {
    if (!this.levels) throw new NotFittedError('CategoricalFeatures');
    this.checkRows(ds);
    const n = ds.length;
    let off = offset;
    for (const { column, categories } of this.levels) {
      const c = ds.categories(column);
      const codes = c.codes;
      const known = new Map(categories.map((s, k) => [s, k]));
      const unknownAt = this.unseen === 'unknown' ? categories.length : -1;
      // Output column of each dataset code: its category's slot, the unknown column, or -1 (none).
      const slot = Int32Array.from(c.categories, (s) => known.get(s) ?? unknownAt);
      if (this.unseen === 'error') {
        for (let i = 0; i < n; i++) {
          const code = codes[i];
          if (code >= 0 && slot[code] < 0) {
            throw new InvalidArgumentError(
              `CategoricalFeatures: row ${i}, column '${column}' has category '${c.categories[code]}' not seen at fit time`,
            );
          }
        }
      }
      for (let i = 0; i < n; i++) {
        const code = codes[i];
        if (code < 0) continue;
        const k = slot[code];
        if (k >= 0) out[i * stride + off + k] = 1;
      }
      off += categories.length + this.width;
    }
  }

  private checkRows(ds: ColumnarDataset): void {
    if (ds.length === 0) throw new InvalidArgumentError(`CategoricalFeatures: dataset '${ds.meta.name}' has no rows`);
  }

  /** `fit(ds)` then `transform(ds)`. */
  fitTransform(ds: ColumnarDataset): FeatureMatrix {
    return this.fit(ds).transform(ds);
  }

  /** The output columns and their meanings. @throws NotFittedError before fit. */
  featureInfo(): FeatureInfo[] {
    if (!this.levels) throw new NotFittedError('CategoricalFeatures');
    return this.levels.flatMap(({ column, categories }) => [
      ...categories.map((v) => ({
        name: `${column}=${v}`,
        description: `1 when ${column} is '${v}'`,
        group: 'category',
      })),
      ...(this.unseen === 'unknown'
        ? [
            {
              name: `${column}=__unknown__`,
              description: `1 when ${column} is a category not seen (or rarer than ${this.minCount}) at fit time`,
              group: 'category',
            },
          ]
        : []),
    ]);
  }

  /** `{kind, version: 1, unseen, minCount, levels}`. @throws NotFittedError before fit. */
  toJSON(): EstimatorJSON {
    if (!this.levels) throw new NotFittedError('CategoricalFeatures');
    return { kind: KIND, version: 1, unseen: this.unseen, minCount: this.minCount, levels: this.levels };
  }

  /**
   * Rebuilds a fitted step.
   * @throws ModelFormatError on a wrong kind, version or level list, or a category repeated within a column's
   *   levels (naming `levels[i].categories[k]`: its one-hot columns came out under other categories' names).
   */
  static fromJSON(json: unknown): CategoricalFeatures {
    const o = checkEstimatorJSON<{ unseen: UnseenPolicy; minCount: number; levels: unknown }>(json, KIND, [1]);
    const ok =
      Array.isArray(o.levels) &&
      o.levels.every(
        (l) =>
          typeof l?.column === 'string' &&
          Array.isArray(l.categories) &&
          l.categories.every((s: unknown) => typeof s === 'string'),
      );
    if (!ok) throw new ModelFormatError(`${KIND}: levels must be {column, categories: string[]} objects`);
    const levels = o.levels as { column: string; categories: string[] }[];
    levels.forEach(({ categories }, i) => {
      const seen = new Set<string>();
      categories.forEach((c, k) => {
        if (seen.has(c)) throw new ModelFormatError(`${KIND}: levels[${i}].categories[${k}] '${c}' repeats`);
        seen.add(c);
      });
    });
    const t = new CategoricalFeatures({ columns: levels.map((l) => l.column), unseen: o.unseen, minCount: o.minCount });
    t.levels = levels.map((l) => ({ column: l.column, categories: l.categories.slice() }));
    return t;
  }
}

registerEstimator(KIND, CategoricalFeatures.fromJSON, ['dataset-transformer']);
