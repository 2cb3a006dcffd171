import {
  checkEstimatorJSON,
  decodeNumbers,
  encodeNumbers,
  registerEstimator,
  type EstimatorJSON,
} from '../core/estimator.js';
import { InvalidArgumentError, ModelFormatError, NotFittedError } from '../core/errors.js';
import { Rng } from '../core/rng.js';
import { binMatrix } from './gbdt-binning.js';
import { checkColumnNames } from '../features/feature-matrix.js';
import { checkGbdtFitInput, checkGbdtMatrix, type GbdtMatrix } from './gbdt-input.js';
import { resolveGbdtOptions, type GbdtOptions, type ResolvedGbdtOptions } from './gbdt-options.js';
import { GbdtPackedForest } from './gbdt-packed-forest.js';
import { GbdtTree, type GbdtTreeJSON } from './gbdt-tree.js';
import { GbdtTreeLearner } from './gbdt-tree-learner.js';
import { argmaxRows } from './prior-fit-labels.js';

const KIND = 'gbdt';
const VERSION = 1;
/** Probabilities are clipped to [EPS, 1 - EPS] in the validation log-loss; hessians are at least EPS. */
const EPS = 1e-15;

/** Options of one `fit` call of {@link GradientBoostedTrees}. */
export interface GbdtFitOptions {
  /**
   * Validation rows for early stopping and `evalHistory` (class codes as for the training `y`; columns
   * named as the training X's, unless either is unnamed). Their log-loss is unweighted: `sampleWeight`
   * weighs the training rows only.
   */
  validation?: { X: GbdtMatrix; y: ArrayLike<number> };
  /**
   * Non-negative training row weights (multiply gradients and hessians), summing to more than 0 and at most
   * 1e150: then the squared gradient sums of the split gain (at most (sum of weights)² = 1e300) stay finite.
   * Only the weights' ratios matter, up to `lambdaL2` and `minSumHessianInLeaf`. The rows held out for early
   * stopping (no `validation` given) keep their weights: their log-loss is the weighted mean.
   */
  sampleWeight?: ArrayLike<number>;
}

interface FittedGbdt {
  numFeatures: number;
  featureNames: string[] | undefined;
  numClasses: number;
  initScore: Float64Array;
  /** Tree `t` belongs to class `t % numClasses` of round `floor(t / numClasses)`. */
  trees: GbdtTree[];
  bestIteration: number;
  evalHistory: number[];
  /** The trees packed for prediction. */
  forest: GbdtPackedForest;
}

/** Which feature importance {@link GradientBoostedTrees.featureImportance} reports. */
export type GbdtImportanceType = 'gain' | 'split';

/**
 * A histogram-based, leaf-wise gradient-boosted tree classifier for k >= 2 classes (LightGBM's
 * design: Ke et al. 2017, NeurIPS; second-order boosting as in XGBoost, Chen & Guestrin 2016).
 *
 * Each round fits one regression tree per class to the softmax gradients `g = p - y` and hessians
 * `h = p (1 - p) k / (k - 1)` (LightGBM's multiclass factor); the initial scores are the log class
 * priors. Features are binned once into at most `maxBins` quantile bins (edges from a seeded sample
 * of rows) plus a NaN bin; each split sends NaN to the side with the better gain. Prediction compares
 * raw feature values with the split thresholds, so a model restored from JSON predicts identically.
 *
 * With a validation set (given, or carved from the training rows, stratified, when
 * `earlyStoppingRounds > 0`), the validation multi-class log-loss of every round is kept in
 * `evalHistory`; with early stopping, training stops after `earlyStoppingRounds` rounds without
 * improvement and the model keeps the trees of the best round. Rows carved from a weighted training set
 * (`sampleWeight`) count by their weight in that log-loss (sum of w·loss / sum of w); a given validation
 * set counts every row once.
 *
 * Deviations from LightGBM: no exclusive feature bundling, no GOSS, no categorical splits, no L1 or
 * max-delta-step. NaN in a feature without NaN in a node's training rows goes to the child with the larger
 * hessian sum, which is the child with more rows only when the hessians are equal: a row's hessian
 * `p (1 - p) k / (k - 1)` times its weight counts uncertain and heavy rows more than confident ones.
 */
export class GradientBoostedTrees {
  readonly kind = KIND;
  private readonly opts: GbdtOptions;
  private state: FittedGbdt | undefined;

  /** Stores the options (checked at `fit`). See {@link GbdtOptions}. */
  constructor(options: GbdtOptions = {}) {
    this.opts = { ...options, classNames: options.classNames?.slice() };
  }

  /** The options as given, with defaults filled in. @throws InvalidArgumentError on a bad option. */
  get options(): ResolvedGbdtOptions {
    return resolveGbdtOptions(this.opts);
  }

  /** True once `fit` has run or the model was loaded with `fromJSON`. */
  get isFitted(): boolean {
    return this.state !== undefined;
  }

  /** The classes in `predictProba` column order: the `classNames` option, or the codes 0..k-1. @throws NotFittedError. */
  get classes(): (string | number)[] {
    const st = this.fitted();
    return this.opts.classNames?.slice() ?? Array.from({ length: st.numClasses }, (_, c) => c);
  }

  /** Number of features seen at fit. @throws NotFittedError. */
  get numFeatures(): number {
    return this.fitted().numFeatures;
  }

  /**
   * Names of the features seen at fit (a copy), or undefined when X had none. `predict*` refuses a
   * matrix whose names differ from these (see {@link predictRaw}). @throws NotFittedError.
   */
  get featureNames(): string[] | undefined {
    return this.fitted().featureNames?.slice();
  }

  /** Number of rounds kept (the best round with early stopping, else every round run). @throws NotFittedError. */
  get bestIteration(): number {
    return this.fitted().bestIteration;
  }

  /**
   * Validation multi-class log-loss after each round run (empty without a validation set): the mean over a
   * given validation set, or over the rows held out for early stopping, weighted by their `sampleWeight`
   * when one was given. @throws NotFittedError.
   */
  get evalHistory(): number[] {
    return this.fitted().evalHistory.slice();
  }

  /** Number of trees kept (`bestIteration * k`). @throws NotFittedError. */
  get numTrees(): number {
    return this.fitted().trees.length;
  }

  /**
   * Learns the trees; replaces any earlier fit.
   *
   * @param X - training features (NaN allowed). @param y - class codes 0..k-1 (k = `classNames.length`
   * if given, else max(y) + 1, at least 2).
   * @returns this
   * @throws InvalidArgumentError on bad options, an empty X, a missing y, a label out of range (or, without
   * `classNames`, a label above 999), bad weights (negative, not finite, all zero, or summing to more than
   * 1e150), a holdout for early stopping that takes every weighted row or none, or a validation set with another
   * feature count or with column names other than X's (unless either is unnamed).
   */
  fit(X: GbdtMatrix, y: ArrayLike<number>, fitOptions: GbdtFitOptions = {}): this {
    const o = resolveGbdtOptions(this.opts);
    const input = checkGbdtFitInput(X, y, o.classNames, fitOptions.validation);
    const p = X.p;
    const k = input.k;
    const yAll = input.y;
    const wAll = checkWeights(fitOptions.sampleWeight, X.n);
    const rng = new Rng(o.seed);
    const binRng = rng.fork();
    const holdoutRng = rng.fork();
    const bagRng = rng.fork();
    const featureRng = rng.fork();

    // Training and validation rows.
    let train: GbdtMatrix = X;
    let yTrain = yAll;
    let wTrain = wAll;
    let valX: GbdtMatrix | undefined;
    let yVal: Int32Array | undefined;
    // The held-out rows' weights (only when carved from a weighted X): their log-loss is the weighted mean.
    let wVal: Float64Array | undefined;
    if (fitOptions.validation !== undefined) {
      valX = fitOptions.validation.X;
      yVal = input.validationY;
    } else if (o.earlyStoppingRounds > 0) {
      const { trainRows, valRows } = stratifiedHoldout(yAll, k, o.validationFraction, holdoutRng);
      if (valRows.length === 0 || trainRows.length === 0) {
        throw new InvalidArgumentError(
          `GradientBoostedTrees: cannot hold out a validation fraction of ${o.validationFraction} from ${X.n} rows`,
        );
      }
      train = takeRows(X, trainRows);
      yTrain = takeLabels(yAll, trainRows);
      wTrain = wAll === undefined ? undefined : takeWeights(wAll, trainRows);
      valX = takeRows(X, valRows);
      yVal = takeLabels(yAll, valRows);
      wVal = wAll === undefined ? undefined : takeWeights(wAll, valRows);
      if (wTrain !== undefined && !wTrain.some((v) => v > 0)) {
        throw new InvalidArgumentError(
          `GradientBoostedTrees: every row with a positive sampleWeight was held out for early stopping ` +
            `(validationFraction ${o.validationFraction}, seed ${o.seed}): give more weighted rows or a validation set`,
        );
      }
      if (wVal !== undefined && !wVal.some((v) => v > 0)) {
        throw new InvalidArgumentError(
          `GradientBoostedTrees: no row with a positive sampleWeight was held out for early stopping ` +
            `(validationFraction ${o.validationFraction}, seed ${o.seed}), so their weighted log-loss is undefined: ` +
            `give more weighted rows or a validation set`,
        );
      }
    }
    const n = train.n;

    const bins = binMatrix(train.data, n, p, o.maxBins, o.binSampleSize, binRng);
    const initScore = logPriors(yTrain, wTrain, k);
    const scores = new Float64Array(n * k);
    for (let i = 0; i < n; i++) scores.set(initScore, i * k);
    const nv = valX?.n ?? 0;
    const valScores = new Float64Array(nv * k);
    for (let i = 0; i < nv; i++) valScores.set(initScore, i * k);

    const learner = new GbdtTreeLearner(bins, {
      numLeaves: o.numLeaves,
      maxDepth: o.maxDepth,
      learningRate: o.learningRate,
      minDataInLeaf: o.minDataInLeaf,
      minSumHessianInLeaf: o.minSumHessianInLeaf,
      lambdaL2: o.lambdaL2,
      minGainToSplit: o.minGainToSplit,
    });
    const proba = new Float64Array(n * k);
    // Class-major gradients and hessians of the round: class c's are g[c * n + r], h[c * n + r].
    const gAll = new Float64Array(k * n);
    const hAll = new Float64Array(k * n);
    const factor = k / (k - 1);
    const bagging = o.baggingFreq > 0 && o.baggingFraction < 1;
    const bagSize = bagging ? Math.max(1, Math.round(o.baggingFraction * n)) : n;
    let bag: Int32Array = new Int32Array(n);
    for (let i = 0; i < n; i++) bag[i] = i;
    const inBag = new Uint8Array(n).fill(1);
    const allFeatures = new Int32Array(p);
    for (let f = 0; f < p; f++) allFeatures[f] = f;
    const numTreeFeatures = Math.max(1, Math.round(o.featureFraction * p));

    const trees: GbdtTree[] = [];
    const evalHistory: number[] = [];
    let bestLoss = Infinity;
    let bestRound = 0;
    let roundsRun = 0;
    for (let round = 0; round < o.numRounds; round++) {
      if (bagging && round % o.baggingFreq === 0) {
        bag = bagRng.permutation(n).subarray(0, bagSize).sort();
        inBag.fill(0);
        for (let q = 0; q < bagSize; q++) inBag[bag[q]] = 1;
      }
      softmaxRows(scores, n, k, proba);
      for (let c = 0; c < k; c++) {
        const cn = c * n;
        for (let i = 0; i < n; i++) {
          const pc = proba[i * k + c];
          const w = wTrain === undefined ? 1 : wTrain[i];
          gAll[cn + i] = (yTrain[i] === c ? pc - 1 : pc) * w;
          hAll[cn + i] = Math.max(pc * (1 - pc) * factor, EPS) * w;
        }
      }
      // Each class tree's features, drawn in class order (the same draws as one tree at a time).
      const classFeatures: Int32Array[] = [];
      for (let c = 0; c < k; c++) {
        classFeatures.push(numTreeFeatures < p ? sampleFeatures(p, numTreeFeatures, featureRng) : allFeatures);
      }
      const sharedRoots = learner.prepareRoots(gAll, hAll, k, bag, bagSize, classFeatures);
      for (let c = 0; c < k; c++) {
        const g = gAll.subarray(c * n, (c + 1) * n);
        const h = hAll.subarray(c * n, (c + 1) * n);
        const features = classFeatures[c];
        const tree = learner.grow(g, h, bag, bagSize, features, sharedRoots ? c : -1);
        trees.push(tree);
        const lv = tree.leafValue;
        const { rows, leafStart, leafCount } = learner;
        for (let l = 0; l < learner.numLeaves; l++) {
          const v = lv[l];
          const end = leafStart[l] + leafCount[l];
          for (let q = leafStart[l]; q < end; q++) scores[rows[q] * k + c] += v;
        }
        if (bagSize < n) {
          for (let i = 0; i < n; i++) {
            if (inBag[i] === 0) scores[i * k + c] += lv[tree.leafOfBinned(bins.codes, n, i, bins.numBins)];
          }
        }
        if (valX !== undefined) {
          const vd = valX.data;
          for (let i = 0; i < nv; i++) valScores[i * k + c] += lv[tree.leafOf(vd, i * p)];
        }
      }
      roundsRun = round + 1;
      if (valX !== undefined) {
        const loss = multiLogLoss(valScores, yVal!, nv, k, wVal);
        evalHistory.push(loss);
        if (loss < bestLoss) {
          bestLoss = loss;
          bestRound = roundsRun;
        } else if (o.earlyStoppingRounds > 0 && roundsRun - bestRound >= o.earlyStoppingRounds) {
          break;
        }
      }
    }
    const kept = o.earlyStoppingRounds > 0 && valX !== undefined ? Math.max(bestRound, 1) : roundsRun;
    trees.length = kept * k;
    this.state = {
      numFeatures: p,
      featureNames: X.names?.slice(),
      numClasses: k,
      initScore,
      trees,
      bestIteration: kept,
      evalHistory,
      forest: new GbdtPackedForest(trees),
    };
    return this;
  }

  /**
   * Class probabilities, n x k row-major, columns in the order of `classes`; rows sum to 1.
   * @throws NotFittedError; InvalidArgumentError on an empty X, a wrong feature count, or column names
   * that differ from the fitted ones (see {@link predictRaw}).
   */
  predictProba(X: GbdtMatrix): Float64Array {
    const raw = this.predictRaw(X);
    softmaxRows(raw, X.n, this.fitted().numClasses, raw);
    return raw;
  }

  /**
   * Raw scores (log-odds up to a constant per row), n x k row-major: initial score plus the trees' outputs.
   * X's columns must carry the fitted names in the fitted order, so that no column is read as another; a
   * matrix without names or with the default names `x0..x{p-1}` (or a model fitted on one) is read by position.
   * @throws NotFittedError; InvalidArgumentError on an empty X, a wrong feature count, or a column name
   * that differs from the fitted one ("GradientBoostedTrees: column 0 is 'weight_kg'; it was fitted on 'height_cm'").
   */
  predictRaw(X: GbdtMatrix): Float64Array {
    const st = this.fitted();
    checkGbdtMatrix(X, 'X', st.numFeatures);
    checkColumnNames(X.names, st.featureNames, 'GradientBoostedTrees');
    const { n, p, data } = X;
    const k = st.numClasses;
    const out = new Float64Array(n * k);
    for (let i = 0; i < n; i++) out.set(st.initScore, i * k);
    st.forest.addScores(data, n, p, k, out);
    return out;
  }

  /**
   * The most probable class code of each row (argmax of `predictProba`; ties go to the lower code).
   * @throws as {@link predictProba}.
   */
  predict(X: GbdtMatrix): Int32Array {
    return argmaxRows(this.predictProba(X), this.fitted().numClasses);
  }

  /**
   * Feature importance summed over the kept trees: `'gain'` (total split gain, the default) or
   * `'split'` (number of splits). @returns one value per feature. @throws NotFittedError.
   */
  featureImportance(type: GbdtImportanceType = 'gain'): Float64Array {
    const st = this.fitted();
    if (type !== 'gain' && type !== 'split') {
      throw new InvalidArgumentError(`featureImportance: type must be 'gain' or 'split', got '${String(type)}'`);
    }
    const out = new Float64Array(st.numFeatures);
    for (const tree of st.trees) {
      for (let j = 0; j < tree.numNodes; j++) out[tree.feature[j]] += type === 'gain' ? tree.gain[j] : 1;
    }
    return out;
  }

  /** `{kind: 'gbdt', version: 1, options, numFeatures, featureNames, numClasses, initScore, bestIteration, evalHistory, trees}`. @throws NotFittedError. */
  toJSON(): EstimatorJSON {
    const st = this.fitted();
    const { classNames, ...options } = resolveGbdtOptions(this.opts);
    return {
      kind: KIND,
      version: VERSION,
      options: { ...options, ...(classNames === undefined ? {} : { classNames }) },
      numFeatures: st.numFeatures,
      featureNames: st.featureNames?.slice() ?? null,
      numClasses: st.numClasses,
      initScore: encodeNumbers(st.initScore),
      bestIteration: st.bestIteration,
      evalHistory: encodeNumbers(st.evalHistory),
      trees: st.trees.map((t) => t.toJSON()),
    };
  }

  /**
   * Rebuilds a fitted model from `toJSON()` output, checking every field and tree.
   * @throws ModelFormatError naming what is wrong (kind, version, options, shapes, a tree's node).
   */
  static fromJSON(json: unknown): GradientBoostedTrees {
    const o = checkEstimatorJSON<{
      options: unknown;
      numFeatures: unknown;
      featureNames: unknown;
      numClasses: unknown;
      initScore: unknown;
      bestIteration: unknown;
      evalHistory: unknown;
      trees: unknown;
    }>(json, KIND, [VERSION]);
    if (typeof o.options !== 'object' || o.options === null || Array.isArray(o.options)) {
      throw new ModelFormatError(`${KIND}: options must be an object`);
    }
    let options: ResolvedGbdtOptions;
    try {
      options = resolveGbdtOptions(o.options as GbdtOptions);
    } catch (e) {
      throw new ModelFormatError(`${KIND}: invalid options: ${(e as Error).message}`);
    }
    const p = o.numFeatures;
    if (typeof p !== 'number' || !Number.isInteger(p) || p < 1) {
      throw new ModelFormatError(`${KIND}: numFeatures must be a positive integer, got ${JSON.stringify(p)}`);
    }
    const k = o.numClasses;
    if (typeof k !== 'number' || !Number.isInteger(k) || k < 2) {
      throw new ModelFormatError(`${KIND}: numClasses must be an integer >= 2, got ${JSON.stringify(k)}`);
    }
    if (options.classNames !== undefined && options.classNames.length !== k) {
      throw new ModelFormatError(`${KIND}: options.classNames has ${options.classNames.length} names for ${k} classes`);
    }
    let featureNames: string[] | undefined;
    if (o.featureNames !== null && o.featureNames !== undefined) {
      if (
        !Array.isArray(o.featureNames) ||
        o.featureNames.length !== p ||
        o.featureNames.some((s) => typeof s !== 'string')
      ) {
        throw new ModelFormatError(`${KIND}: featureNames must be ${p} strings`);
      }
      featureNames = o.featureNames.slice() as string[];
    }
    const initScore = decodeNumbers(o.initScore, `${KIND}: initScore`);
    if (initScore.length !== k || initScore.some((v) => !Number.isFinite(v))) {
      throw new ModelFormatError(`${KIND}: initScore must be ${k} finite numbers`);
    }
    const evalHistory = Array.from(decodeNumbers(o.evalHistory, `${KIND}: evalHistory`));
    if (!Array.isArray(o.trees)) throw new ModelFormatError(`${KIND}: trees must be an array`);
    const bi = o.bestIteration;
    if (typeof bi !== 'number' || !Number.isInteger(bi) || bi < 1 || o.trees.length !== bi * k) {
      throw new ModelFormatError(
        `${KIND}: bestIteration (${JSON.stringify(bi)}) x numClasses (${k}) must equal the number of trees (${o.trees.length})`,
      );
    }
    const trees = (o.trees as unknown[]).map((t, i) => GbdtTree.fromJSON(t as GbdtTreeJSON, p, `${KIND}: trees[${i}]`));
    const model = new GradientBoostedTrees(o.options as GbdtOptions);
    model.state = {
      numFeatures: p,
      featureNames,
      numClasses: k,
      initScore,
      trees,
      bestIteration: bi,
      evalHistory,
      forest: new GbdtPackedForest(trees),
    };
    return model;
  }

  private fitted(): FittedGbdt {
    if (this.state === undefined) throw new NotFittedError('GradientBoostedTrees');
    return this.state;
  }
}

registerEstimator(KIND, GradientBoostedTrees.fromJSON, ['classifier', 'supervised', 'handles-nan', 'stochastic']);

/** Row-wise softmax of n x k scores into `out` (may be the same array), shifted by the row max. */
function softmaxRows(scores: Float64Array, n: number, k: number, out: Float64Array): void {
  for (let i = 0; i < n; i++) {
    const o = i * k;
    let m = -Infinity;
    for (let c = 0; c < k; c++) if (scores[o + c] > m) m = scores[o + c];
    let s = 0;
    for (let c = 0; c < k; c++) {
      const e = Math.exp(scores[o + c] - m);
      out[o + c] = e;
      s += e;
    }
    for (let c = 0; c < k; c++) out[o + c] /= s;
  }
}

/**
 * Mean of -ln softmax(scores)[y], probabilities clipped to [EPS, 1 - EPS]; with weights `w` (positive sum),
 * the weighted mean sum(w·loss) / sum(w). Without weights the sum and the division are as they always were.
 */
function multiLogLoss(scores: Float64Array, y: Int32Array, n: number, k: number, w?: Float64Array): number {
  let total = 0;
  let wSum = 0;
  for (let i = 0; i < n; i++) {
    const o = i * k;
    let m = -Infinity;
    for (let c = 0; c < k; c++) if (scores[o + c] > m) m = scores[o + c];
    let s = 0;
    for (let c = 0; c < k; c++) s += Math.exp(scores[o + c] - m);
    const pr = Math.min(1 - EPS, Math.max(EPS, Math.exp(scores[o + y[i]] - m) / s));
    if (w === undefined) {
      total -= Math.log(pr);
    } else {
      total -= w[i] * Math.log(pr);
      wSum += w[i];
    }
  }
  return w === undefined ? total / n : total / wSum;
}

/** Log of the (weighted) class frequencies, each at least EPS. */
function logPriors(y: Int32Array, w: Float64Array | undefined, k: number): Float64Array {
  const counts = new Float64Array(k);
  let total = 0;
  for (let i = 0; i < y.length; i++) {
    const wi = w === undefined ? 1 : w[i];
    counts[y[i]] += wi;
    total += wi;
  }
  const out = new Float64Array(k);
  for (let c = 0; c < k; c++) out[c] = Math.log(Math.max(counts[c] / total, EPS));
  return out;
}

/**
 * The largest sum of sample weights: a leaf's gradient sum G is at most the sum of its rows' weights (|g| <= 1
 * per unit weight), so G² <= 1e300 stays finite in the split gain G²/(H+λ); above it, the gain overflowed to NaN
 * and no split was made (1e160 per row: a model of priors, without an error).
 */
const MAX_WEIGHT_SUM = 1e150;

function checkWeights(w: ArrayLike<number> | undefined, n: number): Float64Array | undefined {
  if (w === undefined) return undefined;
  if (w.length !== n) throw new InvalidArgumentError(`sampleWeight has ${w.length} values for ${n} rows`);
  const out = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const v = w[i];
    if (!(v >= 0) || !Number.isFinite(v)) {
      throw new InvalidArgumentError(`sampleWeight[${i}] = ${v} must be a finite non-negative number`);
    }
    out[i] = v;
    total += v;
  }
  if (!(total > 0)) throw new InvalidArgumentError('sampleWeight must not be all zero');
  if (!(total <= MAX_WEIGHT_SUM)) {
    throw new InvalidArgumentError(
      `sampleWeight sums to ${total}, above the bound ${MAX_WEIGHT_SUM} (the split gains would overflow): ` +
        'rescale the weights, e.g. divide them by their mean; only their ratios matter, up to lambdaL2 and ' +
        'minSumHessianInLeaf',
    );
  }
  return out;
}

/** Per class, a seeded shuffle of its rows; the first round(fraction x count) go to validation. */
function stratifiedHoldout(
  y: Int32Array,
  k: number,
  fraction: number,
  rng: Rng,
): { trainRows: Int32Array; valRows: Int32Array } {
  const byClass: number[][] = Array.from({ length: k }, () => []);
  for (let i = 0; i < y.length; i++) byClass[y[i]].push(i);
  const val: number[] = [];
  const train: number[] = [];
  for (const rows of byClass) {
    rng.shuffle(rows);
    const m = Math.round(fraction * rows.length);
    for (let j = 0; j < rows.length; j++) (j < m ? val : train).push(rows[j]);
  }
  return { trainRows: Int32Array.from(train).sort(), valRows: Int32Array.from(val).sort() };
}

function takeRows(X: GbdtMatrix, rows: Int32Array): GbdtMatrix {
  const p = X.p;
  const data = new Float64Array(rows.length * p);
  for (let q = 0; q < rows.length; q++) data.set(X.data.subarray(rows[q] * p, rows[q] * p + p), q * p);
  return { data, n: rows.length, p, names: X.names };
}

function takeLabels(y: Int32Array, rows: Int32Array): Int32Array {
  const out = new Int32Array(rows.length);
  for (let q = 0; q < rows.length; q++) out[q] = y[rows[q]];
  return out;
}

function takeWeights(w: Float64Array, rows: Int32Array): Float64Array {
  const out = new Float64Array(rows.length);
  for (let q = 0; q < rows.length; q++) out[q] = w[rows[q]];
  return out;
}

/** `m` distinct features of 0..p-1 drawn with a partial Fisher-Yates shuffle, ascending. */
function sampleFeatures(p: number, m: number, rng: Rng): Int32Array {
  const a = new Int32Array(p);
  for (let f = 0; f < p; f++) a[f] = f;
  for (let i = 0; i < m; i++) {
    const j = i + rng.int(p - i);
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
  return a.subarray(0, m).sort();
}
