import { InvalidArgumentError, ModelFormatError, NotFittedError } from '../core/errors.js';
import { checkEstimatorJSON, registerEstimator, type EstimatorJSON } from '../core/estimator.js';
import type { ColumnarDataset } from '../data/columnar-dataset.js';
import { featureMatrix, type FeatureMatrix } from './feature-matrix.js';
import type { DatasetTransformer, FeatureInfo } from './transformer.js';

/** Options of {@link RawColumnFeatures}. */
export interface RawColumnFeaturesOptions {
  /**
   * Columns to pass (default: those of category, body_type, rented_for and review_date present at
   * fit). Categorical columns become integer codes, numeric ones are copied.
   */
  columns?: string[];
}

const KIND = 'raw-column-features';
const DEFAULT_COLUMNS = ['category', 'body_type', 'rented_for', 'review_date'];

/** One fitted column: numeric, or categorical with its code list (sorted names). */
type FittedColumn = { column: string; type: 'number' } | { column: string; type: 'category'; categories: string[] };

/**
 * Dataset columns as they are, for tree models: a categorical column becomes one integer code per
 * category (the position of its name in the sorted list of categories seen at fit, so the codes do not
 * depend on row order), a numeric column is copied. Missing values and categories unseen at fit are
 * NaN. A gradient-boosted tree splits codes as numbers, which replaces a wide one-hot block at a
 * fraction of its memory and time. Uses no labels.
 */
export class RawColumnFeatures implements DatasetTransformer {
  readonly kind = KIND;
  private readonly requested: string[] | undefined;
  private cols: FittedColumn[] | undefined;
  /** Name -> code of each categorical column, made on first transform (a service transforms one row at a time). */
  private codeMaps = new Map<string, Map<string, number>>();

  /** @throws InvalidArgumentError if `columns` is given empty. */
  constructor(options: RawColumnFeaturesOptions = {}) {
    this.requested = options.columns?.slice();
    if (this.requested && this.requested.length === 0)
      throw new InvalidArgumentError('RawColumnFeatures: columns must not be empty');
  }

  /** True once fitted or loaded. */
  get isFitted(): boolean {
    return this.cols !== undefined;
  }

  /**
   * Records the columns' types and the categories of the categorical ones.
   * @returns this
   * @throws InvalidArgumentError on an empty dataset, a requested column that is absent, or no
   * default column present.
   */
  fit(ds: ColumnarDataset): this {
    if (ds.length === 0) throw new InvalidArgumentError(`RawColumnFeatures: dataset '${ds.meta.name}' has no rows`);
    const names = this.requested ?? DEFAULT_COLUMNS.filter((c) => ds.has(c));
    if (names.length === 0)
      throw new InvalidArgumentError(`RawColumnFeatures: dataset '${ds.meta.name}' has none of ${DEFAULT_COLUMNS}`);
    this.codeMaps = new Map();
    this.cols = names.map((column): FittedColumn => {
      const c = ds.column(column);
      if (c.type === 'number') return { column, type: 'number' };
      const seen = new Uint8Array(c.categories.length);
      for (let i = 0; i < ds.length; i++) if (c.codes[i] >= 0) seen[c.codes[i]] = 1;
      const categories = c.categories.filter((_, k) => seen[k]).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      return { column, type: 'category', categories };
    });
    return this;
  }

  /**
   * The codes and numbers of every row of `ds`.
   * @throws NotFittedError before fit; InvalidArgumentError on an empty dataset, a missing column or
   * a column whose type changed since fit.
   */
  transform(ds: ColumnarDataset): FeatureMatrix {
    const cols = this.fitted();
    if (ds.length === 0) throw new InvalidArgumentError(`RawColumnFeatures: dataset '${ds.meta.name}' has no rows`);
    const n = ds.length;
    const p = cols.length;
    const out = new Float64Array(n * p);
    cols.forEach((fc, j) => {
      if (fc.type === 'number') {
        const v = ds.numbers(fc.column);
        for (let i = 0; i < n; i++) out[i * p + j] = v[i];
        return;
      }
      const c = ds.categories(fc.column);
      let known = this.codeMaps.get(fc.column);
      if (known === undefined) {
        known = new Map(fc.categories.map((s, k) => [s, k]));
        this.codeMaps.set(fc.column, known);
      }
      const codeOf = known;
      const code = Float64Array.from(c.categories, (s) => codeOf.get(s) ?? NaN);
      for (let i = 0; i < n; i++) out[i * p + j] = c.codes[i] < 0 ? NaN : code[c.codes[i]];
    });
    return featureMatrix(
      out,
      n,
      p,
      cols.map((c) => c.column),
    );
  }

  /** `fit(ds)` then `transform(ds)`. */
  fitTransform(ds: ColumnarDataset): FeatureMatrix {
    return this.fit(ds).transform(ds);
  }

  /** The output columns and their meanings. @throws NotFittedError before fit. */
  featureInfo(): FeatureInfo[] {
    return this.fitted().map((c) =>
      c.type === 'number'
        ? { name: c.column, description: `${c.column} as in the data`, group: 'raw' }
        : {
            name: c.column,
            description: `${c.column} as an integer code: position among the ${c.categories.length} sorted categories seen at fit (NaN: missing or unseen)`,
            group: 'raw',
          },
    );
  }

  /** `{kind, version: 1, columns}`. @throws NotFittedError before fit. */
  toJSON(): EstimatorJSON {
    return { kind: KIND, version: 1, columns: this.fitted().map((c) => ({ ...c })) };
  }

  /**
   * Rebuilds a fitted step.
   * @throws ModelFormatError on a wrong kind, version or column list, or categories that are not distinct and in
   *   ascending order (as `fit` writes them; naming the column and the category).
   */
  static fromJSON(json: unknown): RawColumnFeatures {
    const o = checkEstimatorJSON<{ columns: unknown }>(json, KIND, [1]);
    const ok =
      Array.isArray(o.columns) &&
      o.columns.length > 0 &&
      o.columns.every(
        (c) =>
          typeof c?.column === 'string' &&
          (c.type === 'number' ||
            (c.type === 'category' &&
              Array.isArray(c.categories) &&
              c.categories.every((s: unknown) => typeof s === 'string'))),
      );
    if (!ok) throw new ModelFormatError(`${KIND}: columns must be {column, type[, categories]} objects`);
    const cols = o.columns as FittedColumn[];
    // fit writes each column's categories sorted and distinct: a code is a position in that list.
    for (const c of cols) {
      if (c.type !== 'category') continue;
      for (let k = 1; k < c.categories.length; k++) {
        if (!(c.categories[k - 1] < c.categories[k])) {
          throw new ModelFormatError(
            `${KIND}: column '${c.column}': categories[${k}] ${JSON.stringify(c.categories[k])} does not come after ` +
              `categories[${k - 1}] ${JSON.stringify(c.categories[k - 1])}: categories must be distinct and in ascending order`,
          );
        }
      }
    }
    const t = new RawColumnFeatures({ columns: cols.map((c) => c.column) });
    t.cols = cols.map((c) => (c.type === 'number' ? { ...c } : { ...c, categories: c.categories.slice() }));
    return t;
  }

  private fitted(): FittedColumn[] {
    if (!this.cols) throw new NotFittedError('RawColumnFeatures');
    return this.cols;
  }
}

registerEstimator(KIND, RawColumnFeatures.fromJSON, ['dataset-transformer', 'handles-nan']);
