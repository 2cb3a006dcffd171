import { InvalidArgumentError, ModelFormatError, NotFittedError } from '../core/errors.js';
import {
  checkEstimatorJSON,
  decodeNumbers,
  encodeNumbers,
  registerEstimator,
  type EstimatorJSON,
} from '../core/estimator.js';
import { seedOption } from '../core/rng.js';
import type { ColumnarDataset } from '../data/columnar-dataset.js';
import { crossFitFolds } from './cross-fit-folds.js';
import { featureMatrix, type FeatureMatrix } from './feature-matrix.js';
import { GroupIndex, decodeGroupOffsets, labelCodes } from './group-stats.js';
import { refuseInfiniteColumns } from './refuse-infinite.js';
import { fromSavedOptions } from './saved-options.js';
import { requireDatasetColumns, type DatasetTransformer, type FeatureInfo } from './transformer.js';

/** Options of {@link CustomerRecencyFeatures}. */
export interface CustomerRecencyFeaturesOptions {
  /** Folds of the cross-fitting of training rows in `fitTransform` (default 5). */
  nFolds?: number;
  /** Seed of the fold assignment (default 0; a safe integer; the same folds as the other history steps with this seed). */
  seed?: number;
  /**
   * Size steps δ that a "small" (+δ) or "large" (-δ) feedback moves a purchase towards the size that
   * would have fitted (default 2: RentTheRunway sizes step by 2 within a range).
   */
  feedbackShift?: number;
  /** Time scale τ, in days, of the weights exp(-|Δdays| / τ) of `recency_true` (default 60). */
  timeScaleDays?: number;
}

const KIND = 'customer-recency-features';
const VERSION = 1;
const COLS = {
  user: 'user_id',
  size: 'size',
  label: 'fit',
  date: 'review_date',
  category: 'category',
  system: 'size_system',
};
/** Values stored per training row: date (NaN if unknown), true size, label code, category code (-1 if unknown). */
const W = 4;

const INFO: FeatureInfo[] = [
  [
    'recent_true',
    'true size (size + δ([small] - [large]), δ = feedbackShift) of the customer’s other labelled row nearest in review date (of rows equally near, the first in the training data); NaN without one or without a date',
  ],
  ['recent_gap_days', 'days between this row and that nearest row'],
  ['size_minus_recent_true', 'size - recent_true'],
  ['recent_label', 'feedback of that nearest row: +1 small, 0 fit, -1 large'],
  [
    'recency_true',
    'customer’s mean true size over their other dated labelled rows, weighted by exp(-|Δdays| / τ), τ = timeScaleDays',
  ],
  ['size_minus_recency_true', 'size - recency_true'],
  ['recency_weight', 'sum of the weights behind recency_true (0 without dated rows)'],
  ['cat_true', 'customer’s mean true size over their other labelled rows of the same category; NaN without any'],
  ['size_minus_cat_true', 'size - cat_true'],
].map(([name, description]) => ({ name, description, group: 'customer-recency' }));

/** The fitted tables: each customer's labelled training rows, grouped by customer. */
interface Tables {
  hasSystem: boolean;
  users: GroupIndex;
  /** Category names of the training rows (codes in `rows`). */
  categories: string[];
  /** Customer g's rows are rows[offsets[g] * W .. offsets[g + 1] * W). */
  offsets: Int32Array;
  rows: Float64Array;
}

/**
 * How recent and category-specific a customer's sizes are (issue 5, the best fit model): the true size
 * of the customer's labelled purchase nearest in time, a time-weighted mean of their true sizes, and
 * their mean true size in the article's category, each against this row's size. Customers change size
 * over time (RentTheRunway's profiles are one snapshot of the body, but sizes drift) and sizes differ
 * between categories; the all-time means of {@link CustomerHistoryFeatures} miss both.
 *
 * Training rows in `fitTransform` read only the rows of other folds (K-fold cross-fitting with
 * {@link crossFitFolds}, the same folds as the other history steps for the same seed), so no row's
 * label reaches its own features. New rows read all training rows; unseen customers get NaN (and
 * weight 0). A missing `review_date` or `category` column gives NaN for the features that need it.
 */
export class CustomerRecencyFeatures implements DatasetTransformer {
  readonly kind = KIND;
  readonly nFolds: number;
  readonly seed: number;
  readonly feedbackShift: number;
  readonly timeScaleDays: number;
  private tables: Tables | undefined;

  /** @throws InvalidArgumentError on an invalid option. */
  constructor(options: CustomerRecencyFeaturesOptions = {}) {
    this.nFolds = options.nFolds ?? 5;
    this.seed = seedOption(options.seed, 'CustomerRecencyFeatures');
    this.feedbackShift = options.feedbackShift ?? 2;
    this.timeScaleDays = options.timeScaleDays ?? 60;
    if (!(Number.isInteger(this.nFolds) && this.nFolds >= 2))
      throw new InvalidArgumentError(`CustomerRecencyFeatures: nFolds must be an integer >= 2, got ${this.nFolds}`);
    if (!Number.isFinite(this.feedbackShift))
      throw new InvalidArgumentError(
        `CustomerRecencyFeatures: feedbackShift must be a finite number, got ${this.feedbackShift}`,
      );
    if (!(this.timeScaleDays > 0 && Number.isFinite(this.timeScaleDays)))
      throw new InvalidArgumentError(
        `CustomerRecencyFeatures: timeScaleDays must be a positive number, got ${this.timeScaleDays}`,
      );
  }

  /** True once fitted or loaded. */
  get isFitted(): boolean {
    return this.tables !== undefined;
  }

  /**
   * Stores the labelled training rows of every customer; replaces any earlier fit.
   * @returns this
   * @throws InvalidArgumentError on an empty dataset, a missing column, or an infinite `size` or `review_date`
   *   (naming the row and the column; NaN, a missing value, is allowed).
   */
  fit(ds: ColumnarDataset): this {
    this.learn(ds);
    return this;
  }

  /**
   * Fits on `ds` and returns its features cross-fitted: each row reads only its customer's rows of
   * other folds.
   * @throws InvalidArgumentError as {@link CustomerRecencyFeatures.fit}.
   */
  fitTransform(ds: ColumnarDataset): FeatureMatrix {
    const { ids, rowFold } = this.learn(ds);
    return this.compute(ds, ids, crossFitFolds(ds.length, this.nFolds, this.seed), rowFold);
  }

  /**
   * Features of new rows from all training rows. Never reads labels.
   * @throws NotFittedError before fit; InvalidArgumentError on an empty dataset, a missing column, or an infinite
   *   `size` or `review_date` (naming the row and the column; NaN, a missing value, is allowed), as `fit` does.
   */
  transform(ds: ColumnarDataset): FeatureMatrix {
    const t = this.fitted();
    this.checkData(ds, false, t.hasSystem);
    this.refuseInfiniteValues(ds);
    return this.compute(ds, t.users.lookup(ds), null, null);
  }

  /** The output columns and their meanings. @throws NotFittedError before fit. */
  featureInfo(): FeatureInfo[] {
    this.fitted();
    return INFO.map((f) => ({ ...f }));
  }

  private fitted(): Tables {
    if (!this.tables) throw new NotFittedError('CustomerRecencyFeatures');
    return this.tables;
  }

  private userColumns(hasSystem: boolean): string[] {
    return hasSystem ? [COLS.user, COLS.system] : [COLS.user];
  }

  private checkData(ds: ColumnarDataset, training: boolean, hasSystem: boolean): void {
    const need = [...this.userColumns(hasSystem), COLS.size, ...(training ? [COLS.label] : [])];
    requireDatasetColumns('CustomerRecencyFeatures', ds, need);
  }

  /**
   * Refuses an infinite `size` or `review_date` (NaN, a missing value, is allowed). Stored at fit, such a value would
   * make the saved step unloadable (and its features infinite); read at transform, it would make the features infinite.
   */
  private refuseInfiniteValues(ds: ColumnarDataset): void {
    refuseInfiniteColumns('CustomerRecencyFeatures', ds, [COLS.size], [COLS.date]);
  }

  /** Groups the labelled, sized training rows by customer; returns the customer of each row and where each row sits in `rows` (or -1). */
  private learn(ds: ColumnarDataset): { ids: Int32Array; rowFold: Int32Array } {
    const hasSystem = ds.has(COLS.system);
    this.checkData(ds, true, hasSystem);
    const n = ds.length;
    const { index, ids } = GroupIndex.build(ds, this.userColumns(hasSystem));
    const lab = labelCodes(ds, COLS.label);
    const size = ds.numbers(COLS.size);
    const date = ds.has(COLS.date) ? ds.numbers(COLS.date) : null;
    const cat = ds.has(COLS.category) ? ds.categories(COLS.category) : null;
    this.refuseInfiniteValues(ds);
    const fold = crossFitFolds(n, this.nFolds, this.seed);
    const G = index.size;
    const offsets = new Int32Array(G + 1);
    const kept = (i: number): boolean => ids[i] >= 0 && lab[i] >= 0 && size[i] === size[i];
    for (let i = 0; i < n; i++) if (kept(i)) offsets[ids[i] + 1]++;
    for (let g = 0; g < G; g++) offsets[g + 1] += offsets[g];
    const next = offsets.slice(0, G);
    const rows = new Float64Array(offsets[G] * W);
    // The fold of each stored row, for the cross-fitted reading of training rows.
    const rowFold = new Int32Array(offsets[G]);
    const δ = this.feedbackShift;
    for (let i = 0; i < n; i++) {
      if (!kept(i)) continue;
      const r = next[ids[i]]++;
      const l = lab[i];
      rows[r * W] = date ? date[i] : NaN;
      rows[r * W + 1] = size[i] + δ * ((l === 0 ? 1 : 0) - (l === 2 ? 1 : 0));
      rows[r * W + 2] = l;
      rows[r * W + 3] = cat ? cat.codes[i] : -1;
      rowFold[r] = fold[i];
    }
    this.tables = { hasSystem, users: index, categories: cat ? [...cat.categories] : [], offsets, rows };
    return { ids, rowFold };
  }

  /**
   * The features of every row of `ds` given its customer group; `fold`/`rowFold` null: new rows
   * (all stored rows), else training rows skip stored rows of their own fold.
   */
  private compute(
    ds: ColumnarDataset,
    ids: Int32Array,
    fold: Int32Array | null,
    rowFold: Int32Array | null,
  ): FeatureMatrix {
    const t = this.fitted();
    const n = ds.length;
    const p = INFO.length;
    const out = new Float64Array(n * p).fill(NaN);
    const size = ds.numbers(COLS.size);
    const date = ds.has(COLS.date) ? ds.numbers(COLS.date) : null;
    // This dataset's category codes mapped to the training categories (-1: unseen or missing).
    let catOf: ((i: number) => number) | null = null;
    if (ds.has(COLS.category)) {
      const c = ds.categories(COLS.category);
      const known = new Map(t.categories.map((s, k) => [s, k]));
      const map = Int32Array.from(c.categories, (s) => known.get(s) ?? -1);
      catOf = (i) => (c.codes[i] < 0 ? -1 : map[c.codes[i]]);
    }
    const R = t.rows;
    const τ = this.timeScaleDays;
    for (let i = 0; i < n; i++) {
      const o = i * p;
      out[o + 6] = 0;
      const g = ids[i];
      if (g < 0) continue;
      const f = fold ? fold[i] : -1;
      const d = date ? date[i] : NaN;
      const c = catOf ? catOf(i) : -1;
      const s = size[i];
      let best = -1;
      let gap = Infinity;
      let sw = 0;
      let st = 0;
      let cn = 0;
      let cs = 0;
      for (let r = t.offsets[g]; r < t.offsets[g + 1]; r++) {
        if (rowFold && rowFold[r] === f) continue;
        const tr = R[r * W + 1];
        if (c >= 0 && R[r * W + 3] === c) {
          cn++;
          cs += tr;
        }
        const dr = R[r * W];
        if (!(d === d && dr === dr)) continue;
        const gp = Math.abs(dr - d);
        if (gp < gap) {
          gap = gp;
          best = r;
        }
        const w = Math.exp(-gp / τ);
        sw += w;
        st += w * tr;
      }
      if (best >= 0) {
        const l = R[best * W + 2];
        out[o] = R[best * W + 1];
        out[o + 1] = gap;
        out[o + 2] = s - R[best * W + 1];
        out[o + 3] = l === 0 ? 1 : l === 2 ? -1 : 0;
      }
      if (sw > 0) {
        out[o + 4] = st / sw;
        out[o + 5] = s - st / sw;
        out[o + 6] = sw;
      }
      if (cn > 0) {
        out[o + 7] = cs / cn;
        out[o + 8] = s - cs / cn;
      }
    }
    return featureMatrix(
      out,
      n,
      p,
      INFO.map((fi) => fi.name),
    );
  }

  /** Options and each customer's stored rows as JSON, format version 1. @throws NotFittedError before fit. */
  toJSON(): EstimatorJSON {
    const t = this.fitted();
    return {
      kind: KIND,
      version: VERSION,
      nFolds: this.nFolds,
      seed: this.seed,
      feedbackShift: this.feedbackShift,
      timeScaleDays: this.timeScaleDays,
      hasSystem: t.hasSystem,
      users: t.users.toJSON(),
      categories: t.categories,
      offsets: encodeNumbers(t.offsets),
      rows: encodeNumbers(t.rows),
    };
  }

  /**
   * Rebuilds a fitted step.
   * @throws ModelFormatError on a wrong kind or version, a saved option the constructor refuses (naming it), or
   *   tables that do not fit together.
   */
  static fromJSON(json: unknown): CustomerRecencyFeatures {
    type Json = CustomerRecencyFeaturesOptions & Record<string, unknown>;
    const o = checkEstimatorJSON<Json>(json, KIND, [VERSION]);
    const r = fromSavedOptions(KIND, () => new CustomerRecencyFeatures(o));
    const index = GroupIndex.fromJSON(o.users, `${KIND}: users`);
    const categories = o.categories;
    if (!Array.isArray(categories) || !categories.every((s) => typeof s === 'string'))
      throw new ModelFormatError(`${KIND}: categories must be an array of strings`);
    const G = index.size;
    const off = decodeGroupOffsets(o.offsets, G, `${KIND}: offsets`);
    const rows = decodeNumbers(o.rows, `${KIND}.rows`);
    if (rows.length !== off[G] * W) throw new ModelFormatError(`${KIND}: rows must hold ${off[G]} x ${W} numbers`);
    for (let k = 0; k < off[G]; k++) {
      const l = rows[k * W + 2];
      const c = rows[k * W + 3];
      if (!Number.isFinite(rows[k * W + 1]) || !(l === 0 || l === 1 || l === 2))
        throw new ModelFormatError(`${KIND}: row ${k} has a bad true size or label`);
      if (Math.abs(rows[k * W]) === Infinity) throw new ModelFormatError(`${KIND}: row ${k} has an infinite date`);
      if (!(Number.isInteger(c) && c >= -1 && c < categories.length))
        throw new ModelFormatError(`${KIND}: row ${k} has category code ${c} outside 0..${categories.length - 1}`);
    }
    r.tables = {
      hasSystem: o.hasSystem === true,
      users: index,
      categories: categories as string[],
      offsets: off,
      rows,
    };
    return r;
  }
}

registerEstimator(KIND, CustomerRecencyFeatures.fromJSON, [
  'dataset-transformer',
  'supervised',
  'stochastic',
  'cross-fitted',
  'handles-nan',
]);
