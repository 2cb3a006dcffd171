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
import {
  addNormalEquation,
  BODY_SIZE_DIM,
  BODY_SIZE_INPUTS,
  NORMAL_EQUATIONS_WIDTH,
  solveBodySizeRegression,
  type ScaledNormalEquations,
} from './body-size-regression.js';
import { crossFitFolds } from './cross-fit-folds.js';
import { featureMatrix, type FeatureMatrix } from './feature-matrix.js';
import { FoldSums } from './fold-sums.js';
import { GroupIndex, labelCodes } from './group-stats.js';
import { PairIndex } from './pair-index.js';
import { refuseInfiniteColumns } from './refuse-infinite.js';
import { fromSavedOptions } from './saved-options.js';
import { requireDatasetColumns, type DatasetTransformer, type FeatureInfo } from './transformer.js';

/** Options of {@link RelativeSizeFeatures}. */
export interface RelativeSizeFeaturesOptions {
  /** Folds of the cross-fitting of training rows in `fitTransform` (default 5). */
  nFolds?: number;
  /** Seed of the fold assignment (default 0; a safe integer; the same folds as the other history steps with this seed). */
  seed?: number;
  /**
   * Strength m, in pseudo-rows, of the Beta priors of small/large rates (default 10): the neighbour
   * sizes' rates and the article-size rates behind the customer residuals are
   * `(count + m * parent rate) / (labelled + m)`.
   */
  priorStrength?: number;
  /** Pseudo-rows at offset 0 in the article's mean body offset `item_fit_off` (default 3). */
  itemOffsetStrength?: number;
  /** Pseudo-rows at offset 0 in the customer's mean body offset `user_off` (default 1). */
  customerOffsetStrength?: number;
  /** Pseudo-rows at residual 0 in the customer's label residuals `user_res_*` (default 2). */
  residualStrength?: number;
  /**
   * Size steps δ that a "small" (+δ) or "large" (-δ) feedback moves a purchase towards the size that
   * would have fitted, in `user_adj_rel` (default 2: RentTheRunway sizes step by 2 within a range).
   */
  feedbackShift?: number;
  /** Ridge added to Σ rel² in the article's size-response slope `item_size_slope` (default 10). */
  slopeStrength?: number;
}

const KIND = 'relative-size-features';
const VERSION = 2;
/**
 * Format version 1 (models saved before the next-size neighbours): its neighbours are size - 1 and
 * size + 1 and it has the first V1_COLUMNS columns; such a model still loads and transforms as it did.
 */
const V1_COLUMNS = 28;
const COLS = {
  user: 'user_id',
  item: 'item_id',
  size: 'size',
  label: 'fit',
  category: 'category',
  system: 'size_system',
};

// Rate sums: labelled rows, small count, large count (global, category, (article, size) tables).
const RN = 0,
  RS = 1,
  RL = 2;
// Article table: the rate sums, then sized rows and their size sum, then the 'fit' rows with complete
// body: count, sums of size, weight, height and bust band; then Σ rel² and Σ rel·([large] - [small])
// over labelled rows (size-response slope).
const I_NS = 3,
  I_SZ = 4,
  I_FN = 5,
  I_DD = 10,
  I_DY = 11,
  I_VI = 12;
// Customer table: rows with complete body (count, sums of size, weight, height, band); feedback-adjusted
// relative sizes (count, sum); relative sizes of 'fit' rows (count, sum); label residuals (count,
// small, large; totals only: training rows read their residuals per fold).
const U_BN = 0,
  U_AN = 5,
  U_A = 6,
  U_FN = 7,
  U_FR = 8,
  U_RN = 9,
  U_RS = 10,
  U_RL = 11,
  U_T = 12,
  U_V = 13;
// (customer, article) table: labelled rows, small, large, sized rows, size sum.
const UI_NS = 3,
  UI_SZ = 4,
  UI_V = 5;

/** The sums of a table, in order: each one's name (for errors) and what it holds ('count': a whole number >= 0). */
type Fields = readonly (readonly [name: string, kind: 'count' | 'sum' | 'squares'])[];
const RATE_FIELDS: Fields = [
  ['labelled rows', 'count'],
  ['small', 'count'],
  ['large', 'count'],
];
const ITEM_FIELDS: Fields = [
  ...RATE_FIELDS,
  ['sized rows', 'count'],
  ['sum of sizes', 'sum'],
  ["'fit' rows with a body", 'count'],
  ["sum of sizes of 'fit' rows with a body", 'sum'],
  ...BODY_SIZE_INPUTS.map((c) => [`sum of ${c} of 'fit' rows with a body`, 'sum'] as const),
  ['sum of squared relative sizes', 'squares'],
  ['sum of relative size times feedback', 'sum'],
];
const USER_FIELDS: Fields = [
  ['rows with a body', 'count'],
  ['sum of sizes of rows with a body', 'sum'],
  ...BODY_SIZE_INPUTS.map((c) => [`sum of ${c} of rows with a body`, 'sum'] as const),
  ['labelled rows', 'count'],
  ['sum of feedback-adjusted relative sizes', 'sum'],
  ["'fit' rows", 'count'],
  ["sum of relative sizes of 'fit' rows", 'sum'],
  ['residual rows', 'count'],
  ['sum of small residuals', 'sum'],
  ['sum of large residuals', 'sum'],
  ['sum of true sizes', 'sum'],
];
const USER_ITEM_FIELDS: Fields = [...RATE_FIELDS, ['sized rows', 'count'], ['sum of sizes', 'sum']];
/** The data column behind each sum of the article and customer tables (the others sum counts or bounded residuals). */
const ITEM_COLUMNS: Record<number, string> = {
  [I_SZ]: COLS.size,
  [I_FN + 1]: COLS.size,
  [I_DD]: COLS.size,
  [I_DY]: COLS.size,
};
const USER_COLUMNS: Record<number, string> = {
  [U_BN + 1]: COLS.size,
  [U_A]: COLS.size,
  [U_FR]: COLS.size,
  [U_T]: COLS.size,
};
BODY_SIZE_INPUTS.forEach((c, j) => {
  ITEM_COLUMNS[I_FN + 2 + j] = c;
  USER_COLUMNS[U_BN + 2 + j] = c;
});

const INFO: FeatureInfo[] = [
  [
    'body_pred_size',
    'size predicted from the body: least squares size ~ 1 + weight_kg + height_cm + bust_band on the training rows labelled "fit" with all four values (training rows: fitted without their own fold)',
  ],
  ['size_minus_body', 'size - body_pred_size'],
  [
    'item_fit_off',
    'article’s mean of (size - body_pred_size) over its "fit" rows, shrunk to 0 with itemOffsetStrength pseudo-rows; NaN without such rows',
  ],
  ['size_vs_item_body', 'size_minus_body - item_fit_off (positive: a larger size than fits bodies like this one)'],
  [
    'user_off',
    'customer’s mean of (size - body_pred_size) over their other rows with a complete body, shrunk to 0 with customerOffsetStrength pseudo-rows; NaN without such rows',
  ],
  ['size_vs_user_off', 'size_minus_body - user_off'],
  [
    'user_res_small',
    'customer’s mean of [label = small] - (article, size) small rate over their other labelled rows, shrunk to 0 with residualStrength pseudo-rows: how much more often they say small than the article size predicts',
  ],
  ['user_res_large', 'as user_res_small for "large"'],
  ['user_res_n', 'number of rows behind user_res_small and user_res_large'],
  [
    'down_rate_small',
    'small rate of the same article in its next smaller size among the training rows, smoothed towards the article’s small rate (itself smoothed towards the global rate) with priorStrength pseudo-rows',
  ],
  ['down_rate_large', 'large rate of the same article in its next smaller size, smoothed like down_rate_small'],
  ['down_n', 'labelled rows of the same article in its next smaller size'],
  ['up_rate_small', 'small rate of the same article in its next larger size, smoothed like down_rate_small'],
  ['up_rate_large', 'large rate of the same article in its next larger size, smoothed like down_rate_small'],
  ['up_n', 'labelled rows of the same article in its next larger size'],
  ['user_item_small', 'share of "small" among the customer’s other rows of the same article; NaN without any'],
  ['user_item_large', 'share of "large" among the customer’s other rows of the same article; NaN without any'],
  ['user_item_n', 'labelled rows of the customer with the same article (other rows)'],
  [
    'user_item_size_diff',
    'size minus the mean size the customer took of the same article before (other rows); NaN without any',
  ],
  ['rel_size', 'size - the article’s mean size over all training rows (NaN for an unseen article)'],
  [
    'user_adj_rel',
    'customer’s mean over their other rows of rel_size + δ([small] - [large]), δ = feedbackShift: their relative size moved towards what would have fitted; NaN without other rows',
  ],
  ['rel_minus_user_adj', 'rel_size - user_adj_rel'],
  ['user_fit_rel', 'customer’s mean rel_size over their other rows labelled "fit"; NaN without any'],
  ['rel_minus_user_fit_rel', 'rel_size - user_fit_rel'],
  [
    'user_true_size',
    'customer’s size that would have fitted: mean over their other rows of size + δ([small] - [large]), δ = feedbackShift; NaN without other rows',
  ],
  ['size_minus_user_true', 'size - user_true_size'],
  [
    'item_size_slope',
    'article’s size response: least-squares slope of [large] - [small] on rel_size over its labelled rows, Σ rel·y / (Σ rel² + slopeStrength)',
  ],
  ['item_slope_shift', 'item_size_slope * rel_size: the fit shift the article’s slope predicts at this size'],
  ['down_gap', 'size minus the article’s next smaller size (NaN without one)'],
  ['up_gap', 'the article’s next larger size minus size (NaN without one)'],
  ['size_rank', 'share of the article’s sizes (among the training rows) below this size; NaN for an unseen article'],
  ['item_n_sizes', 'number of distinct sizes of the article among the training rows'],
].map(([name, description]) => ({ name, description, group: 'relative-size' }));

/** The fitted tables. */
interface Tables {
  hasSystem: boolean;
  /** Body regression on all training rows. */
  coef: Float64Array;
  users: GroupIndex;
  user: FoldSums;
  items: GroupIndex;
  item: FoldSums;
  global: FoldSums;
  itemSizes: PairIndex;
  itemSize: FoldSums;
  userItems: PairIndex;
  userItem: FoldSums;
}

/** Group ids of the rows being featurized. */
interface RowGroups {
  user: Int32Array;
  item: Int32Array;
  /** (article, size) groups of the article's next smaller and next larger size. */
  down: Int32Array;
  up: Int32Array;
  /** Sizes of the article below this one, and the article's number of sizes. */
  rank: Float64Array;
  nSizes: Float64Array;
  userItem: Int32Array;
}

/**
 * The neighbouring (article, size) groups of each row's size among the sizes of the training rows;
 * with `cross` (rows of each (article, size) group in each of K folds, their totals, each row's fold),
 * a training row sees only the sizes that have rows outside its own fold, as a fit on the other folds
 * would.
 */
function sizeNeighbours(
  index: PairIndex,
  item: Int32Array,
  size: Float64Array,
  cross?: { rows: Int32Array; totals: Int32Array; fold: Int32Array; K: number },
): Pick<RowGroups, 'down' | 'up' | 'rank' | 'nSizes'> {
  const n = item.length;
  const out = {
    down: new Int32Array(n),
    up: new Int32Array(n),
    rank: new Float64Array(n),
    nSizes: new Float64Array(n),
  };
  for (let i = 0; i < n; i++) {
    const f = cross ? cross.fold[i] : -1;
    const keep = cross ? (g: number): boolean => cross.totals[g] - cross.rows[g * cross.K + f] > 0 : undefined;
    const nb = index.neighbours(item[i], size[i], keep);
    out.down[i] = nb.below;
    out.up[i] = nb.above;
    out.rank[i] = nb.rank;
    out.nSizes[i] = nb.count;
  }
  return out;
}

/** Version 1's neighbours: the (article, size - 1) and (article, size + 1) groups, -1 when unseen. */
function adjacentSizes(
  index: PairIndex,
  item: Int32Array,
  size: Float64Array,
): Pick<RowGroups, 'down' | 'up' | 'rank' | 'nSizes'> {
  const n = item.length;
  return {
    down: Int32Array.from({ length: n }, (_, i) => index.get(item[i], size[i] - 1)),
    up: Int32Array.from({ length: n }, (_, i) => index.get(item[i], size[i] + 1)),
    rank: new Float64Array(n),
    nSizes: new Float64Array(n),
  };
}

/** What a training row of fold f reads instead of the totals. */
interface CrossFitted {
  fold: Int32Array;
  /** Body regression without each fold's rows. */
  coefByFold: Float64Array[];
  /** Customer residual sums seen from each fold (users x K x 3: count, small, large). */
  residualByFold: Float64Array;
}

/** Beta-smoothed rate; the prior when there is neither data nor prior weight. */
function smooth(count: number, n: number, prior: number, m: number): number {
  return n + m > 0 ? (count + m * prior) / (n + m) : prior;
}

/** The body regression's inputs of `ds`; a column the data lacks (ModCloth has no weight) reads as missing. */
function bodyInputs(ds: ColumnarDataset): Float64Array[] {
  return BODY_SIZE_INPUTS.map((c) => (ds.has(c) ? ds.numbers(c) : new Float64Array(ds.length).fill(NaN)));
}

/**
 * Features of a purchase's size relative to the customer's body, the article's usual fit and the
 * customer's own history, for tree models (issue 5, the best fit model):
 *
 * - a body-size regression `size ~ 1 + weight_kg + height_cm + bust_band` fitted on the training rows
 *   labelled "fit", the row's size minus its prediction, and that offset compared with the article's
 *   and the customer's mean offsets;
 * - the customer's mean residual of their labels against the (article, size) small/large rates
 *   (a customer who says "small" more often than the article size predicts);
 * - the small/large rates of the same article in its next smaller and next larger size among the
 *   training rows (RentTheRunway's sizes of one article are usually 4 apart: 4, 8, 12...), the gaps to
 *   them, where this size sits among the article's sizes, and the article's size-response slope (how
 *   fast its feedback moves from small to large with the size);
 * - the customer's earlier feedback on the same article and the size they took then;
 * - the size relative to the article's mean size, against the customer's mean relative size (moved
 *   by the feedback, or over "fit" rows only), and the size against the customer's feedback-adjusted
 *   true size.
 *
 * Every label statistic of a training row in `fitTransform` is computed without the rows of its own
 * fold (K-fold cross-fitting with {@link crossFitFolds}, as the other history steps), including the
 * body regression; the customer residuals, which are built from article-size rates, use rates that
 * leave out both the reading row's fold and the residual row's fold, so no row's label reaches its
 * own features even at second order. New rows read the statistics of all training rows; unseen
 * customers, articles and sizes give NaN (means) or the prior (rates, counts 0).
 *
 * Groups are keyed by `size_system` too when the data has that column; the body regression is one
 * over all rows (it assumes one size system, as in RentTheRunway and ModCloth). A body column the data lacks reads
 * as missing: without all three the regression has no rows, and the body features are NaN. Body values or sizes so
 * large that the regression's normal equations leave the float range (about 1e154 and beyond) are solved on values
 * scaled by their largest magnitudes, the same least-squares answer; an infinite size or body value is refused at fit.
 */
export class RelativeSizeFeatures implements DatasetTransformer {
  readonly kind = KIND;
  readonly nFolds: number;
  readonly seed: number;
  readonly priorStrength: number;
  readonly itemOffsetStrength: number;
  readonly customerOffsetStrength: number;
  readonly residualStrength: number;
  readonly feedbackShift: number;
  readonly slopeStrength: number;
  private tables: Tables | undefined;
  /** 'next': the article's next smaller and larger sizes (fitted now, version 2); 'adjacent': size ± 1 (a loaded version 1). */
  private neighbourRule: 'next' | 'adjacent' = 'next';

  /** @throws InvalidArgumentError on an invalid option. */
  constructor(options: RelativeSizeFeaturesOptions = {}) {
    this.nFolds = options.nFolds ?? 5;
    this.seed = seedOption(options.seed, 'RelativeSizeFeatures');
    this.priorStrength = options.priorStrength ?? 10;
    this.itemOffsetStrength = options.itemOffsetStrength ?? 3;
    this.customerOffsetStrength = options.customerOffsetStrength ?? 1;
    this.residualStrength = options.residualStrength ?? 2;
    this.feedbackShift = options.feedbackShift ?? 2;
    this.slopeStrength = options.slopeStrength ?? 10;
    if (!(Number.isInteger(this.nFolds) && this.nFolds >= 2))
      throw new InvalidArgumentError('RelativeSizeFeatures: nFolds must be an integer >= 2');
    for (const [name, v] of [
      ['priorStrength', this.priorStrength],
      ['itemOffsetStrength', this.itemOffsetStrength],
      ['customerOffsetStrength', this.customerOffsetStrength],
      ['residualStrength', this.residualStrength],
      ['slopeStrength', this.slopeStrength],
    ] as const) {
      if (!(v >= 0 && Number.isFinite(v)))
        throw new InvalidArgumentError(`RelativeSizeFeatures: ${name} must be >= 0, got ${v}`);
    }
    if (!Number.isFinite(this.feedbackShift))
      throw new InvalidArgumentError('RelativeSizeFeatures: feedbackShift must be a finite number');
  }

  /** True once fitted or loaded. */
  get isFitted(): boolean {
    return this.tables !== undefined;
  }

  /**
   * Learns the regression and the group statistics of the training rows `ds` (labels from `fit`);
   * replaces any earlier fit.
   * @returns this
   * @throws InvalidArgumentError on an empty dataset, a missing column, an infinite size or body value (naming the
   *   row and the column; NaN, a missing value, is allowed), sizes or body values so large that a sum the step saves
   *   is beyond the float range (naming the column and the group), or a body regression without a finite solution.
   */
  fit(ds: ColumnarDataset): this {
    this.learn(ds);
    return this;
  }

  /**
   * Fits on `ds` and returns its features cross-fitted (see the class description).
   * @throws InvalidArgumentError as {@link RelativeSizeFeatures.fit}.
   */
  fitTransform(ds: ColumnarDataset): FeatureMatrix {
    const { groups, cross } = this.learn(ds);
    return this.compute(this.tables!, ds, groups, cross);
  }

  /**
   * Features of new rows from the statistics of all training rows. Never reads labels.
   * @throws NotFittedError before fit; InvalidArgumentError on an empty dataset, a missing column, or an infinite size
   *   or body value (naming the row and the column; NaN, a missing value, is allowed), as `fit` does.
   */
  transform(ds: ColumnarDataset): FeatureMatrix {
    const t = this.fitted();
    this.checkData(ds, false, t.hasSystem);
    this.refuseInfiniteValues(ds);
    const size = ds.numbers(COLS.size);
    const user = t.users.lookup(ds);
    const item = t.items.lookup(ds);
    const n = ds.length;
    const groups: RowGroups = {
      user,
      item,
      ...(this.neighbourRule === 'next'
        ? sizeNeighbours(t.itemSizes, item, size)
        : adjacentSizes(t.itemSizes, item, size)),
      userItem: Int32Array.from({ length: n }, (_, i) => t.userItems.get(user[i], item[i] < 0 ? NaN : item[i])),
    };
    return this.compute(t, ds, groups, null);
  }

  /** The output columns and their meanings. @throws NotFittedError before fit. */
  featureInfo(): FeatureInfo[] {
    this.fitted();
    return INFO.slice(0, this.columns()).map((f) => ({ ...f }));
  }

  /** Number of output columns: all, or the first V1_COLUMNS of a loaded version 1. */
  private columns(): number {
    return this.neighbourRule === 'next' ? INFO.length : V1_COLUMNS;
  }

  private fitted(): Tables {
    if (!this.tables) throw new NotFittedError('RelativeSizeFeatures');
    return this.tables;
  }

  private keyColumns(hasSystem: boolean): { user: string[]; item: string[] } {
    const sys = hasSystem ? [COLS.system] : [];
    return { user: [COLS.user, ...sys], item: [COLS.item, ...sys] };
  }

  private checkData(ds: ColumnarDataset, training: boolean, hasSystem: boolean): void {
    const keys = this.keyColumns(hasSystem);
    const need = [...keys.user, COLS.item, COLS.size];
    if (training) need.push(COLS.label, COLS.category);
    requireDatasetColumns('RelativeSizeFeatures', ds, need);
  }

  /**
   * Refuses an infinite size or body value (NaN, a missing value, is allowed). At fit such a value would make the
   * regression's coefficients (so every row's body features) NaN, silently; at transform, the features infinite.
   */
  private refuseInfiniteValues(ds: ColumnarDataset): void {
    refuseInfiniteColumns('RelativeSizeFeatures', ds, [COLS.size], BODY_SIZE_INPUTS);
  }

  /** Fits the tables on the training rows; returns their groups and cross-fitting state. */
  private learn(ds: ColumnarDataset): { groups: RowGroups; cross: CrossFitted } {
    const hasSystem = ds.has(COLS.system);
    this.checkData(ds, true, hasSystem);
    const n = ds.length;
    const K = this.nFolds;
    const fold = crossFitFolds(n, K, this.seed);
    const lab = labelCodes(ds, COLS.label);
    const size = ds.numbers(COLS.size);
    const body = bodyInputs(ds);
    this.refuseInfiniteValues(ds);
    const keys = this.keyColumns(hasSystem);
    const u = GroupIndex.build(ds, keys.user);
    const it = GroupIndex.build(ds, keys.item);
    const ca = GroupIndex.build(ds, [COLS.category]);
    const is = PairIndex.build(it.ids, size);
    const ui = PairIndex.build(
      u.ids,
      Float64Array.from(it.ids, (g) => (g < 0 ? NaN : g)),
    );

    const normal = new FoldSums(1, NORMAL_EQUATIONS_WIDTH, K);
    const global = new FoldSums(1, 3, K);
    const category = new FoldSums(ca.index.size, 3, K);
    const item = new FoldSums(it.index.size, I_VI, K);
    const itemSize = new FoldSums(is.index.size, 3, K);
    const user = new FoldSums(u.index.size, U_V, K);
    const userItem = new FoldSums(ui.index.size, UI_V, K);
    const x = new Float64Array(BODY_SIZE_DIM);
    x[0] = 1;
    const addRate = (t: FoldSums, g: number, k: number, l: number): void => {
      t.add(g, k, RN, 1);
      if (l === 0) t.add(g, k, RS, 1);
      if (l === 2) t.add(g, k, RL, 1);
    };
    for (let i = 0; i < n; i++) {
      const k = fold[i];
      const l = lab[i];
      const s = size[i];
      for (let j = 0; j < body.length; j++) x[j + 1] = body[j][i];
      const complete = s === s && x.every((v) => v === v);
      if (l >= 0) {
        addRate(global, 0, k, l);
        addRate(category, ca.ids[i], k, l);
        addRate(item, it.ids[i], k, l);
        addRate(itemSize, is.ids[i], k, l);
        addRate(userItem, ui.ids[i], k, l);
      }
      if (s === s) {
        item.add(it.ids[i], k, I_NS, 1);
        item.add(it.ids[i], k, I_SZ, s);
        userItem.add(ui.ids[i], k, UI_NS, 1);
        userItem.add(ui.ids[i], k, UI_SZ, s);
      }
      if (complete) {
        user.add(u.ids[i], k, U_BN, 1);
        user.add(u.ids[i], k, U_BN + 1, s);
        for (let j = 1; j < BODY_SIZE_DIM; j++) user.add(u.ids[i], k, U_BN + 1 + j, x[j]);
        if (l === 1) {
          addNormalEquation(x, s, (j, v) => normal.add(0, k, j, v));
          item.add(it.ids[i], k, I_FN, 1);
          item.add(it.ids[i], k, I_FN + 1, s);
          for (let j = 1; j < BODY_SIZE_DIM; j++) item.add(it.ids[i], k, I_FN + 1 + j, x[j]);
        }
      }
    }
    // Rows of each (article, size) in each fold: a training row's size neighbours need rows outside its fold.
    const pairRows = new Int32Array(is.index.size * K);
    const pairTotals = new Int32Array(is.index.size);
    for (let i = 0; i < n; i++) {
      if (is.ids[i] < 0) continue;
      pairRows[is.ids[i] * K + fold[i]]++;
      pairTotals[is.ids[i]]++;
    }
    // Relative sizes need the articles' mean sizes over all training rows (no labels involved).
    const buf = new Float64Array(I_VI);
    const itemMean = Float64Array.from({ length: it.index.size }, (_, g) => {
      item.excluding(g, -1, -1, buf);
      return buf[I_NS] > 0 ? buf[I_SZ] / buf[I_NS] : NaN;
    });
    for (let i = 0; i < n; i++) {
      const l = lab[i];
      const rel = it.ids[i] >= 0 ? size[i] - itemMean[it.ids[i]] : NaN;
      if (l < 0 || rel !== rel) continue;
      item.add(it.ids[i], fold[i], I_DD, rel * rel);
      item.add(it.ids[i], fold[i], I_DY, rel * ((l === 2 ? 1 : 0) - (l === 0 ? 1 : 0)));
      user.add(u.ids[i], fold[i], U_AN, 1);
      const shift = this.feedbackShift * ((l === 0 ? 1 : 0) - (l === 2 ? 1 : 0));
      user.add(u.ids[i], fold[i], U_A, rel + shift);
      user.add(u.ids[i], fold[i], U_T, size[i] + shift);
      if (l === 1) {
        user.add(u.ids[i], fold[i], U_FN, 1);
        user.add(u.ids[i], fold[i], U_FR, rel);
      }
    }
    const column = (c: string): Float64Array =>
      c === COLS.size ? size : body[(BODY_SIZE_INPUTS as readonly string[]).indexOf(c)];
    checkFiniteSums(
      item,
      ITEM_COLUMNS,
      ITEM_FIELDS,
      it.ids,
      (g) => `article ${JSON.stringify(it.index.keys[g])}`,
      column,
    );
    checkFiniteSums(
      user,
      USER_COLUMNS,
      USER_FIELDS,
      u.ids,
      (g) => `customer ${JSON.stringify(u.index.keys[g])}`,
      column,
    );
    checkFiniteSums(
      userItem,
      { [UI_SZ]: COLS.size },
      USER_ITEM_FIELDS,
      ui.ids,
      (g) =>
        `customer ${JSON.stringify(u.index.keys[ui.index.first[g]])} with article ` +
        JSON.stringify(it.index.keys[ui.index.second[g]]),
      column,
    );
    // The regression on scaled values, built only when the plain one leaves the float range.
    let scaledNormal: { sums: FoldSums; scale: Float64Array } | undefined;
    const scaled = (f: number) => (): ScaledNormalEquations => {
      scaledNormal ??= scaledNormalEquations(lab, size, body, fold, K);
      return {
        acc: scaledNormal.sums.excluding(0, f, -1, new Float64Array(NORMAL_EQUATIONS_WIDTH)),
        scale: scaledNormal.scale,
      };
    };
    const eq = new Float64Array(NORMAL_EQUATIONS_WIDTH);
    const coef = solveBodySizeRegression(
      normal.excluding(0, -1, -1, eq),
      scaled(-1),
      'RelativeSizeFeatures: the body regression',
    );
    const coefByFold = Array.from({ length: K }, (_, f) =>
      solveBodySizeRegression(
        normal.excluding(0, f, -1, eq),
        scaled(f),
        `RelativeSizeFeatures: the body regression without fold ${f}`,
      ),
    );
    const residualByFold = this.residuals(lab, fold, u.ids, ca.ids, it.ids, is.ids, {
      global,
      category,
      item,
      itemSize,
      user,
    });
    this.neighbourRule = 'next';
    this.tables = {
      hasSystem,
      coef,
      users: u.index,
      user,
      items: it.index,
      item,
      global,
      itemSizes: is.index,
      itemSize,
      userItems: ui.index,
      userItem,
    };
    const groups: RowGroups = {
      user: u.ids,
      item: it.ids,
      ...sizeNeighbours(is.index, it.ids, size, { rows: pairRows, totals: pairTotals, fold, K }),
      userItem: ui.ids,
    };
    return { groups, cross: { fold, coefByFold, residualByFold } };
  }

  /**
   * Customer label residuals against the (article, size) rates of the hierarchy global -> category
   * -> article -> (article, size). Each labelled row j of fold g adds, for every other fold f, its
   * residual against rates without folds f and g to the sums that fold f's rows read; and its residual
   * against rates without fold g (its out-of-fold rates) to the customer's totals, which new rows read.
   * @returns the per-fold sums (users x K x 3).
   */
  private residuals(
    lab: Int32Array,
    fold: Int32Array,
    user: Int32Array,
    cat: Int32Array,
    item: Int32Array,
    itemSize: Int32Array,
    t: { global: FoldSums; category: FoldSums; item: FoldSums; itemSize: FoldSums; user: FoldSums },
  ): Float64Array {
    const K = this.nFolds;
    const m = this.priorStrength;
    const out = new Float64Array(t.user.G * K * 3);
    const gl = new Float64Array(3);
    const ca = new Float64Array(3);
    // The category-level priors of the small and large rates without folds f and g, which do not depend on the row:
    // catS/catL[(c * K + f) * K + g] for every category c and pair of folds, and at c = C (one past the categories)
    // for a row without a category, which reads the global rates through zero counts. Computed once here instead
    // of per row and fold: the same sums and operations, so the same values.
    const C = t.category.G;
    const catS = new Float64Array((C + 1) * K * K);
    const catL = new Float64Array((C + 1) * K * K);
    for (let f = 0; f < K; f++) {
      for (let g = 0; g < K; g++) {
        t.global.excluding(0, f, g, gl);
        const gS = gl[RN] > 0 ? gl[RS] / gl[RN] : 1 / 3;
        const gL = gl[RN] > 0 ? gl[RL] / gl[RN] : 1 / 3;
        for (let c = 0; c <= C; c++) {
          t.category.excluding(c < C ? c : -1, f, g, ca);
          catS[(c * K + f) * K + g] = smooth(ca[RS], ca[RN], gS, m);
          catL[(c * K + f) * K + g] = smooth(ca[RL], ca[RN], gL, m);
        }
      }
    }
    // Per row, for every fold f: the article's rate sums (RN, RS, RL, its first three values) and the (article,
    // size)'s, without folds f and g.
    const itb = new Float64Array(K * 3);
    const isb = new Float64Array(K * 3);
    for (let j = 0; j < lab.length; j++) {
      const l = lab[j];
      const gu = user[j];
      if (l < 0 || gu < 0 || itemSize[j] < 0) continue;
      const g = fold[j];
      const c = cat[j] < 0 ? C : cat[j];
      t.item.excludingEach(item[j], g, 3, itb);
      t.itemSize.excludingEach(itemSize[j], g, 3, isb);
      for (let f = 0; f < K; f++) {
        const q = f * 3;
        const at = (c * K + f) * K + g;
        const iS = smooth(itb[q + RS], itb[q + RN], catS[at], m);
        const iL = smooth(itb[q + RL], itb[q + RN], catL[at], m);
        const rs = (l === 0 ? 1 : 0) - smooth(isb[q + RS], isb[q + RN], iS, m);
        const rl = (l === 2 ? 1 : 0) - smooth(isb[q + RL], isb[q + RN], iL, m);
        if (f === g) {
          t.user.addToTotal(gu, U_RN, 1);
          t.user.addToTotal(gu, U_RS, rs);
          t.user.addToTotal(gu, U_RL, rl);
        } else {
          const o = (gu * K + f) * 3;
          out[o] += 1;
          out[o + 1] += rs;
          out[o + 2] += rl;
        }
      }
    }
    return out;
  }

  /** The features of every row of `ds`; `cross` null: new rows (totals). */
  private compute(t: Tables, ds: ColumnarDataset, g: RowGroups, cross: CrossFitted | null): FeatureMatrix {
    const n = ds.length;
    const p = this.columns();
    const out = new Float64Array(n * p);
    const size = ds.numbers(COLS.size);
    const body = bodyInputs(ds);
    const K = this.nFolds;
    const m = this.priorStrength;
    const gl = new Float64Array(3);
    const itb = new Float64Array(I_VI);
    const ub = new Float64Array(U_V);
    const nb = new Float64Array(3);
    const uib = new Float64Array(UI_V);
    const meanSize = new Float64Array(I_VI);
    const offsetMean = (sums: Float64Array, at: number, c: Float64Array, a: number): number => {
      const cnt = sums[at];
      if (!(cnt > 0)) return NaN;
      let s = sums[at + 1] - c[0] * cnt;
      for (let j = 1; j < BODY_SIZE_DIM; j++) s -= c[j] * sums[at + 1 + j];
      return s / (cnt + a);
    };
    for (let i = 0; i < n; i++) {
      const f = cross ? cross.fold[i] : -1;
      const c = cross ? cross.coefByFold[f] : t.coef;
      const s = size[i];
      let pred = c[0];
      for (let j = 1; j < BODY_SIZE_DIM; j++) pred += c[j] * body[j - 1][i];
      const off = s - pred;
      t.item.excluding(g.item[i], f, -1, itb);
      t.user.excluding(g.user[i], f, -1, ub);
      t.global.excluding(0, f, -1, gl);
      t.item.excluding(g.item[i], -1, -1, meanSize);
      const itemOff = offsetMean(itb, I_FN, c, this.itemOffsetStrength);
      const userOff = offsetMean(ub, U_BN, c, this.customerOffsetStrength);
      let rn = ub[U_RN];
      let rs = ub[U_RS];
      let rl = ub[U_RL];
      if (cross) {
        const gu = g.user[i];
        const at = (gu * K + f) * 3;
        [rn, rs, rl] =
          gu < 0 ? [0, 0, 0] : [cross.residualByFold[at], cross.residualByFold[at + 1], cross.residualByFold[at + 2]];
      }
      const a = this.residualStrength;
      const gS = gl[RN] > 0 ? gl[RS] / gl[RN] : 1 / 3;
      const gL = gl[RN] > 0 ? gl[RL] / gl[RN] : 1 / 3;
      const o = i * p;
      out[o] = pred;
      out[o + 1] = off;
      out[o + 2] = itemOff;
      out[o + 3] = off - itemOff;
      out[o + 4] = userOff;
      out[o + 5] = off - userOff;
      out[o + 6] = rn + a > 0 ? rs / (rn + a) : 0;
      out[o + 7] = rn + a > 0 ? rl / (rn + a) : 0;
      out[o + 8] = rn;
      let col = 9;
      const iS = smooth(itb[RS], itb[RN], gS, m);
      const iL = smooth(itb[RL], itb[RN], gL, m);
      for (const gg of [g.down[i], g.up[i]]) {
        t.itemSize.excluding(gg, f, -1, nb);
        out[o + col++] = smooth(nb[RS], nb[RN], iS, m);
        out[o + col++] = smooth(nb[RL], nb[RN], iL, m);
        out[o + col++] = nb[RN];
      }
      t.userItem.excluding(g.userItem[i], f, -1, uib);
      out[o + 15] = uib[RN] > 0 ? uib[RS] / uib[RN] : NaN;
      out[o + 16] = uib[RN] > 0 ? uib[RL] / uib[RN] : NaN;
      out[o + 17] = uib[RN];
      out[o + 18] = uib[UI_NS] > 0 ? s - uib[UI_SZ] / uib[UI_NS] : NaN;
      const rel = meanSize[I_NS] > 0 ? s - meanSize[I_SZ] / meanSize[I_NS] : NaN;
      const adj = ub[U_AN] > 0 ? ub[U_A] / ub[U_AN] : NaN;
      const fitRel = ub[U_FN] > 0 ? ub[U_FR] / ub[U_FN] : NaN;
      out[o + 19] = rel;
      out[o + 20] = adj;
      out[o + 21] = rel - adj;
      out[o + 22] = fitRel;
      out[o + 23] = rel - fitRel;
      const slope = itb[I_DY] / (itb[I_DD] + this.slopeStrength);
      out[o + 26] = slope;
      out[o + 27] = rel === rel ? slope * rel : NaN;
      const trueSize = ub[U_AN] > 0 ? ub[U_T] / ub[U_AN] : NaN;
      out[o + 24] = trueSize;
      out[o + 25] = s - trueSize;
      if (p > V1_COLUMNS) {
        out[o + 28] = g.down[i] >= 0 ? s - t.itemSizes.second[g.down[i]] : NaN;
        out[o + 29] = g.up[i] >= 0 ? t.itemSizes.second[g.up[i]] - s : NaN;
        out[o + 30] = g.nSizes[i] > 0 && s === s ? g.rank[i] / g.nSizes[i] : NaN;
        out[o + 31] = g.nSizes[i];
      }
    }
    return featureMatrix(
      out,
      n,
      p,
      INFO.slice(0, p).map((fi) => fi.name),
    );
  }

  /**
   * Options, the regression coefficients and the group tables (totals only) as JSON, format version 2 (version 1 for
   * a step loaded from version 1, which keeps its size ± 1 neighbours). @throws NotFittedError before fit.
   */
  toJSON(): EstimatorJSON {
    const t = this.fitted();
    const table = (index: GroupIndex, sums: FoldSums): unknown => ({
      ...index.toJSON(),
      totals: encodeNumbers(sums.total),
    });
    return {
      kind: KIND,
      version: this.neighbourRule === 'next' ? VERSION : 1,
      nFolds: this.nFolds,
      seed: this.seed,
      priorStrength: this.priorStrength,
      itemOffsetStrength: this.itemOffsetStrength,
      customerOffsetStrength: this.customerOffsetStrength,
      residualStrength: this.residualStrength,
      feedbackShift: this.feedbackShift,
      slopeStrength: this.slopeStrength,
      hasSystem: t.hasSystem,
      coef: encodeNumbers(t.coef),
      users: table(t.users, t.user),
      items: table(t.items, t.item),
      global: encodeNumbers(t.global.total),
      itemSizes: { ...t.itemSizes.toJSON(), totals: encodeNumbers(t.itemSize.total) },
      userItems: { ...t.userItems.toJSON(), totals: encodeNumbers(t.userItem.total) },
    };
  }

  /**
   * Rebuilds a fitted step.
   * @throws ModelFormatError on a wrong kind or version, a saved option the constructor refuses (naming it), a table
   *   of the wrong shape, a total that no rows could give
   *   (a count that is not a whole number >= 0, more small and large than labelled rows, a sum that is not finite, a
   *   negative sum of squares; naming the field, the group and the sum), a pair table (itemSizes, userItems) whose
   *   group ids are beyond the customer or article index, whose sizes are not finite or whose pairs repeat, or
   *   coefficients neither all finite nor all NaN (the regression had no rows).
   */
  static fromJSON(json: unknown): RelativeSizeFeatures {
    type Json = RelativeSizeFeaturesOptions & Record<string, unknown>;
    const o = checkEstimatorJSON<Json>(json, KIND, [1, VERSION]);
    const r = fromSavedOptions(KIND, () => new RelativeSizeFeatures(o));
    const totals = (x: unknown, G: number, fields: Fields, what: string): FoldSums => {
      const V = fields.length;
      const v = decodeNumbers(x, `${KIND}.${what}`);
      if (v.length !== G * V) throw new ModelFormatError(`${KIND}: ${what} must hold ${G} x ${V} numbers`);
      checkTotals(v, fields, `${KIND}.${what}`);
      return new FoldSums(G, V, 0, v);
    };
    const obj = (x: unknown, what: string): Record<string, unknown> => {
      if (typeof x !== 'object' || x === null) throw new ModelFormatError(`${KIND}: ${what} is missing`);
      return x as Record<string, unknown>;
    };
    const itemSizes = obj(o.itemSizes, 'itemSizes');
    const userItems = obj(o.userItems, 'userItems');
    const users = obj(o.users, 'users');
    const items = obj(o.items, 'items');
    const uIndex = GroupIndex.fromJSON(users, `${KIND}: users`);
    const iIndex = GroupIndex.fromJSON(items, `${KIND}: items`);
    const isIndex = PairIndex.fromJSON(itemSizes, `${KIND}.itemSizes`, iIndex.size);
    const uiIndex = PairIndex.fromJSON(userItems, `${KIND}.userItems`, uIndex.size, iIndex.size);
    const coef = decodeNumbers(o.coef, `${KIND}.coef`);
    if (coef.length !== BODY_SIZE_DIM) throw new ModelFormatError(`${KIND}: coef must hold ${BODY_SIZE_DIM} numbers`);
    if (!(coef.every(Number.isFinite) || coef.every(Number.isNaN))) {
      throw new ModelFormatError(`${KIND}.coef is ${Array.from(coef).join(', ')}: not all finite (nor all missing)`);
    }
    if (o.version === 1) r.neighbourRule = 'adjacent';
    r.tables = {
      hasSystem: o.hasSystem === true,
      coef,
      users: uIndex,
      user: totals(users.totals, uIndex.size, USER_FIELDS, 'users.totals'),
      items: iIndex,
      item: totals(items.totals, iIndex.size, ITEM_FIELDS, 'items.totals'),
      global: totals(o.global, 1, RATE_FIELDS, 'global'),
      itemSizes: isIndex,
      itemSize: totals(itemSizes.totals, isIndex.size, RATE_FIELDS, 'itemSizes.totals'),
      userItems: uiIndex,
      userItem: totals(userItems.totals, uiIndex.size, USER_ITEM_FIELDS, 'userItems.totals'),
    };
    return r;
  }
}

/**
 * The body regression's normal equations on scaled values (see {@link solveBodySizeRegression}), per fold: each
 * input divided by its largest magnitude over the 'fit' rows with a complete body, the size by its own.
 */
function scaledNormalEquations(
  lab: Int32Array,
  size: Float64Array,
  body: Float64Array[],
  fold: Int32Array,
  K: number,
): { sums: FoldSums; scale: Float64Array } {
  const scale = new Float64Array(BODY_SIZE_DIM);
  const rows: number[] = [];
  for (let i = 0; i < size.length; i++) {
    if (lab[i] !== 1 || size[i] !== size[i] || body.some((b) => b[i] !== b[i])) continue;
    rows.push(i);
    scale[0] = Math.max(scale[0], Math.abs(size[i]));
    for (let j = 1; j < BODY_SIZE_DIM; j++) scale[j] = Math.max(scale[j], Math.abs(body[j - 1][i]));
  }
  for (let j = 0; j < BODY_SIZE_DIM; j++) if (!(scale[j] > 0)) scale[j] = 1;
  const sums = new FoldSums(1, NORMAL_EQUATIONS_WIDTH, K);
  const x = new Float64Array(BODY_SIZE_DIM);
  x[0] = 1;
  for (const i of rows) {
    for (let j = 1; j < BODY_SIZE_DIM; j++) x[j] = body[j - 1][i] / scale[j];
    addNormalEquation(x, size[i] / scale[0], (j, v) => sums.add(0, fold[i], j, v));
  }
  return { sums, scale };
}

/**
 * Checks that the sums of a table the step saves are finite: sizes or body values so large (about 1e154 and beyond
 * for a squared relative size, about 1e308 for a plain sum) that a sum leaves the float range would be saved as
 * infinite, which fromJSON refuses.
 * @param columns - the data column behind each checked sum. @param fields - the sums' names.
 * @param key - the group's description in the message. @param column - a column's values by name.
 * @throws InvalidArgumentError naming the column, the group, its largest value and that value's row.
 */
function checkFiniteSums(
  sums: FoldSums,
  columns: Record<number, string>,
  fields: Fields,
  ids: Int32Array,
  key: (g: number) => string,
  column: (name: string) => Float64Array,
): void {
  for (let g = 0; g < sums.G; g++) {
    for (const [k, name] of Object.entries(columns)) {
      if (Number.isFinite(sums.total[g * sums.V + Number(k)])) continue;
      const v = column(name);
      let row = -1;
      for (let i = 0; i < ids.length; i++) {
        if (ids[i] === g && v[i] === v[i] && (row < 0 || Math.abs(v[i]) > Math.abs(v[row]))) row = i;
      }
      throw new InvalidArgumentError(
        `RelativeSizeFeatures: column '${name}': the values of ${key(g)} (up to ${v[row]}, row ${row}) are too ` +
          `large: the ${fields[Number(k)][0]} is beyond the float range (about 1.8e308)`,
      );
    }
  }
}

/**
 * Checks saved totals (G x fields.length) against what rows could give: counts whole numbers >= 0, sums finite, a sum
 * of squares >= 0, and in the tables that start with the labelled, small and large counts (all but the customers')
 * small + large <= labelled. A NaN, negative or infinite total loaded silently before and moved every feature that
 * read it.
 * @throws ModelFormatError naming the field, the group and the sum.
 */
function checkTotals(v: Float64Array, fields: Fields, what: string): void {
  const V = fields.length;
  const rates = fields !== USER_FIELDS;
  for (let t = 0; t < v.length; t += V) {
    const bad = (k: number, why: string): never => {
      throw new ModelFormatError(`${what}[${t + k}] (group ${t / V}, ${fields[k][0]}) is ${v[t + k]}: ${why}`);
    };
    fields.forEach(([, kind], k) => {
      const x = v[t + k];
      if (kind === 'count' && !(Number.isInteger(x) && x >= 0)) bad(k, 'a count must be a whole number >= 0');
      if (kind !== 'count' && !Number.isFinite(x)) bad(k, 'a sum must be a finite number');
      if (kind === 'squares' && x < 0) bad(k, 'a sum of squares must be >= 0');
    });
    if (rates && v[t + RS] + v[t + RL] > v[t + RN]) bad(RN, 'fewer than its small and large rows');
  }
}

registerEstimator(KIND, RelativeSizeFeatures.fromJSON, [
  'dataset-transformer',
  'supervised',
  'stochastic',
  'cross-fitted',
  'handles-nan',
]);
