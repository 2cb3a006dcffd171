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
   * `<col>=__unknown__` (`<col>=__unknown__#2` when `__unknown__` is a real category of the column: see
   * {@link CategoricalFeatures}); `ignore` leaves all of the column's block zero; `error` throws.
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
 *
 * Output names are always distinct, so that no consumer that matches columns by name reads one as another.
 * Each is `<column>=<category>`, then `<column>=__unknown__` for the unseen level, in output order; a name equal to
 * an earlier one (a category literally named `__unknown__`, a column listed twice, or `a` with category `b=c`
 * beside `a=b` with category `c`) gets the first suffix `#2`, `#3`, ... that makes it differ from every name of
 * the block. So the unseen level of a column with a real `__unknown__` category is `<column>=__unknown__#2`; the
 * names of data without such clashes are unchanged.
 */
export class CategoricalFeatures implements DatasetTransformer, BlockWriter {
  readonly kind = KIND;
  readonly unseen: UnseenPolicy;
  readonly minCount: number;
  private readonly requested: string[] | undefined;
  private levels: { column: string; categories: string[] }[] | undefined;
  /** {@link CategoricalFeatures.blockNames} of the fitted levels, made at its first call after a fit or a load. */
  private names: string[] | undefined;

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
    this.names = undefined;
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

  /**
   * Output column names, `<column>=<category>`, distinct (a repeated name gets a `#k` suffix: see
   * {@link CategoricalFeatures}). @throws NotFittedError before fit.
   */
  blockNames(): string[] {
    if (!this.levels) throw new NotFittedError('CategoricalFeatures');
    this.names ??= distinctNames(plainColumns(this.levels, this.unseen, this.minCount).map((c) => c.name));
    return this.names.slice();
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

  /**
   * The output columns (named as {@link CategoricalFeatures.blockNames}) and their meanings.
   * @throws NotFittedError before fit.
   */
  featureInfo(): FeatureInfo[] {
    if (!this.levels) throw new NotFittedError('CategoricalFeatures');
    const cols = plainColumns(this.levels, this.unseen, this.minCount);
    const names = this.blockNames();
    return cols.map((c, j) => ({ name: names[j], description: c.description, group: 'category' }));
  }

  /**
   * `{kind, version, unseen, minCount, levels}`: version 1 when no output name needed a `#k` suffix (the state
   * of all earlier versions of this step), else 2. @throws NotFittedError before fit.
   */
  toJSON(): EstimatorJSON {
    if (!this.levels) throw new NotFittedError('CategoricalFeatures');
    const plain = plainColumns(this.levels, this.unseen, this.minCount).map((c) => c.name);
    const version = new Set(plain).size === plain.length ? 1 : 2;
    return { kind: KIND, version, unseen: this.unseen, minCount: this.minCount, levels: this.levels };
  }

  /**
   * Rebuilds a fitted step.
   * @throws ModelFormatError on a wrong kind, version or level list; a category repeated within a column's
   *   levels (naming `levels[i].categories[k]`: its one-hot columns came out under other categories' names); or a
   *   version-1 state whose output names repeat (a category literally named `__unknown__`: such a state was saved
   *   before the names were made distinct, so the models fitted after it hold two columns of one name), naming the
   *   field ("categorical-features: version 1 state: levels[0].categories[0] '__unknown__' and the unseen level of
   *   levels[0] are both named 'rented_for=__unknown__'; refit to make the names distinct").
   */
  static fromJSON(json: unknown): CategoricalFeatures {
    const o = checkEstimatorJSON<{ unseen: UnseenPolicy; minCount: number; levels: unknown }>(json, KIND, [1, 2]);
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
    if (o.version === 1) {
      const first = new Map<string, string>();
      for (const { name, field } of plainColumns(levels, t.unseen, t.minCount)) {
        const earlier = first.get(name);
        if (earlier !== undefined) {
          throw new ModelFormatError(
            `${KIND}: version 1 state: ${earlier} and ${field} are both named '${name}'; refit to make the names distinct`,
          );
        }
        first.set(name, field);
      }
    }
    t.levels = levels.map((l) => ({ column: l.column, categories: l.categories.slice() }));
    return t;
  }
}

/** An output column before {@link distinctNames}: its plain name, meaning, and the saved field it comes from. */
interface PlainColumn {
  name: string;
  description: string;
  field: string;
}

/** The output columns in order: `<column>=<category>` per level, then `<column>=__unknown__` under `unknown`. */
function plainColumns(
  levels: { column: string; categories: string[] }[],
  unseen: UnseenPolicy,
  minCount: number,
): PlainColumn[] {
  return levels.flatMap(({ column, categories }, i) => [
    ...categories.map((v, k) => ({
      name: `${column}=${v}`,
      description: `1 when ${column} is '${v}'`,
      field: `levels[${i}].categories[${k}] '${v}'`,
    })),
    ...(unseen === 'unknown'
      ? [
          {
            name: `${column}=__unknown__`,
            description: `1 when ${column} is a category not seen (or rarer than ${minCount}) at fit time`,
            field: `the unseen level of levels[${i}]`,
          },
        ]
      : []),
  ]);
}

/**
 * `names` made distinct: the first of equal names keeps it; each later one gets the first suffix `#2`, `#3`, ...
 * that gives a name neither in `names` nor given before, so no name that is distinct already changes.
 */
function distinctNames(names: string[]): string[] {
  const taken = new Set(names);
  const kept = new Set<string>();
  return names.map((nm) => {
    if (!kept.has(nm)) {
      kept.add(nm);
      return nm;
    }
    let k = 2;
    while (taken.has(`${nm}#${k}`)) k++;
    taken.add(`${nm}#${k}`);
    return `${nm}#${k}`;
  });
}

registerEstimator(KIND, CategoricalFeatures.fromJSON, ['dataset-transformer']);
