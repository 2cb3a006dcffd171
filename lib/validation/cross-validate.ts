import { InvalidArgumentError } from '../core/errors.js';
import { FIT_CLASSES } from '../core/labels.js';
import { accuracy } from './accuracy.js';
import { brierScore } from './brier-score.js';
import { macroF1 } from './class-report.js';
import { logLoss } from './log-loss.js';
import type { Metric } from './metric.js';
import { avgOvrAuc } from './multiclass-auc.js';
import type { ProbabilisticClassifier } from './probabilistic-classifier.js';
import type { Fold, Splitter } from './splitter.js';
import { checkClassLabels } from './check-inputs.js';
import { scoreSplit } from './split-context.js';

/**
 * Data to cross-validate: n rows, a way to take a subset of rows in the model's own data type, the
 * class code of each row, and optionally the group and time of each row (passed to the splitter).
 *
 * @typeParam D - the model's data type. For a ColumnarDataset `ds`:
 * `{ n: ds.length, take: (idx) => ds.take(idx), labels }`.
 */
export interface CrossValidationData<D> {
  n: number;
  take(indices: Int32Array): D;
  /** Class codes 0..k-1. */
  labels: Int32Array;
  groups?: ArrayLike<number>;
  times?: ArrayLike<number>;
}

/** Options of {@link crossValidate}. */
export interface CrossValidateOptions {
  /**
   * Metrics computed on each test fold (default: avgAuc, accuracy, macroF1, logLoss, brier). A metric
   * that is undefined on a fold (e.g. AUC where a class is absent) throws.
   */
  metrics?: Record<string, Metric>;
  /** Class names, in code order (default FIT_CLASSES): maps string `classes` of a model to codes. */
  classNames?: readonly string[];
  /** Number of classes k (default classNames.length). */
  numClasses?: number;
}

/** The result of one fold. */
export interface FoldResult {
  /** Fold number, 0-based. */
  fold: number;
  train: Int32Array;
  test: Int32Array;
  metrics: Record<string, number>;
  /** Wall time of fit + predict, in milliseconds. */
  millis: number;
}

/** The result of {@link crossValidate}. */
export interface CrossValidationResult {
  folds: FoldResult[];
  /** Out-of-fold probabilities, n x k row-major; rows never tested (temporal/holdout splits) are NaN. */
  oofProba: Float64Array;
  /** 1 where a row was in some test fold. */
  tested: Uint8Array;
  /**
   * Mean of each metric over the folds: NaN when the metric is NaN on some fold (e.g. `multiclassAuc` with
   * `allowUndefined` on a fold that lacks a class); that fold's own NaN stays in `folds`.
   */
  mean: Record<string, number>;
  /** Standard deviation (n - 1) of each metric over the folds (NaN for one fold, or when a fold's value is NaN). */
  sd: Record<string, number>;
  /** Number of classes (columns of oofProba). */
  numClasses: number;
}

/** The default metrics of cross-validation and repeated holdout. */
export const DEFAULT_VALIDATION_METRICS: Readonly<Record<string, Metric>> = {
  avgAuc: avgOvrAuc,
  accuracy,
  macroF1,
  logLoss,
  brier: brierScore,
};

/**
 * Cross-validates a classifier: for each fold of `splitter`, builds a FRESH model with `factory`, fits
 * it on the training rows, predicts the test rows, and scores them. Returns per-fold metrics with the
 * fold's indices, and the out-of-fold probabilities. A model whose `fit` returns a Promise (a forest bag
 * growing in worker threads such as `best`, the TensorFlow.js model, the ensemble) is awaited before it
 * predicts; folds run one after another.
 *
 * A model's probability columns are placed by its `classes`: numeric classes are codes; string classes
 * are looked up in `classNames`. Columns of classes the model did not see are 0.
 *
 * `labels` are what each fold is scored against, what stratified splitters split by, and what `fit` is given.
 * Some fit models of this library learn the labels given to `fit`, others their dataset's own `fit` column; so
 * with data that have a `fit` column, `labels` must be its codes (checked, fold by fold), and a relabelled task
 * (merged classes...) needs a dataset whose `fit` column holds the new labels.
 *
 * @param factory - returns a new, unfitted model on every call.
 * @param data - see {@link CrossValidationData}. @param splitter - any {@link Splitter}.
 * @returns a Promise of the result.
 * @throws (rejects with) InvalidArgumentError on mismatched data (labels length, labels outside 0..k-1, labels
 * that are not the data's own `fit` column), a `numClasses` that is not an integer >= 1, a splitter that returns no
 * folds, a fold of the splitter with
 * an index that is not a row (an integer in 0..n-1), a row twice in its test or its train rows, or a row in both (all
 * folds are checked before any fit), a model class unknown to classNames or listed twice in the model's `classes`,
 * or predictions of the wrong shape; a metric's InvalidArgumentError is rethrown
 * prefixed with the fold and the metric, its message kept, except that a `MetricInputError` says its row as the
 * test row and its data row and its class by name; other errors of the model or metrics pass through.
 */
export async function crossValidate<D>(
  factory: () => ProbabilisticClassifier<D>,
  data: CrossValidationData<D>,
  splitter: Splitter,
  options: CrossValidateOptions = {},
): Promise<CrossValidationResult> {
  const { n, labels } = data;
  if (labels.length !== n) throw new InvalidArgumentError(`crossValidate: ${labels.length} labels for n = ${n} rows`);
  const classNames = options.classNames ?? FIT_CLASSES;
  const k = options.numClasses ?? classNames.length;
  if (!Number.isInteger(k) || k < 1)
    throw new InvalidArgumentError(`crossValidate: numClasses ${k} is not an integer >= 1`);
  checkClassLabels('crossValidate', labels, k, false);
  const metrics = options.metrics ?? DEFAULT_VALIDATION_METRICS;
  const names = Object.keys(metrics);
  const folds = splitter.split(n, labels, data.groups, data.times);
  // With no fold, every mean and sd would be NaN (0 / 0) without a word.
  if (folds.length === 0) throw new InvalidArgumentError('crossValidate: the splitter returned no folds');
  checkFolds(folds, n);
  const oofProba = new Float64Array(n * k).fill(NaN);
  const tested = new Uint8Array(n);
  const results: FoldResult[] = [];
  for (const [f, fold] of folds.entries()) {
    const t0 = performance.now();
    const model = factory();
    const xTrain = data.take(fold.train);
    const yTrain = takeLabels(labels, fold.train);
    checkLabelsAreFitColumn(xTrain, yTrain, fold.train, f, classNames);
    await model.fit(xTrain, yTrain);
    const yTest = takeLabels(labels, fold.test);
    const raw = model.predictProba(data.take(fold.test));
    const P = toColumns(raw, model.classes, fold.test.length, k, classNames, f);
    const millis = performance.now() - t0;
    for (let j = 0; j < fold.test.length; j++) {
      const r = fold.test[j];
      tested[r] = 1;
      for (let c = 0; c < k; c++) oofProba[r * k + c] = P[j * k + c];
    }
    // Errors say which fold (a fold of a small file may lack a class), which class by name, and which data row.
    const where = `crossValidate: fold ${f} (${fold.test.length} test rows)`;
    const scores = scoreSplit({ where, classNames, testRows: fold.test }, metrics, yTest, P);
    results.push({ fold: f, train: fold.train, test: fold.test, metrics: scores, millis });
  }
  const mean: Record<string, number> = {};
  const sd: Record<string, number> = {};
  for (const name of names) {
    const v = results.map((r) => r.metrics[name]);
    const m = v.reduce((s, x) => s + x, 0) / v.length;
    mean[name] = m;
    sd[name] = v.length > 1 ? Math.sqrt(v.reduce((s, x) => s + (x - m) ** 2, 0) / (v.length - 1)) : NaN;
  }
  return { folds: results, oofProba, tested, mean, sd, numClasses: k };
}

/**
 * Checks every fold of a splitter (a custom one may return anything): its test and train indices are rows (integers
 * in 0..n-1), none twice on one side, none on both sides. O(n) per fold.
 * @throws InvalidArgumentError naming the fold and the index.
 */
function checkFolds(folds: readonly Fold[], n: number): void {
  const TEST = 1;
  const TRAIN = 2;
  const mark = new Uint8Array(n);
  for (const [f, fold] of folds.entries()) {
    const sides = [
      ['test', fold.test, TEST],
      ['train', fold.train, TRAIN],
    ] as const;
    for (const [side, indices, tag] of sides) {
      for (let j = 0; j < indices.length; j++) {
        const r = indices[j];
        if (!(Number.isInteger(r) && r >= 0 && r < n)) {
          throw new InvalidArgumentError(
            `crossValidate: fold ${f}: ${side} index ${r} (position ${j}) is not a row in 0..${n - 1}`,
          );
        }
        if (mark[r] !== 0) {
          const where = mark[r] === tag ? `twice in the ${side} rows` : 'in both the test and the train rows';
          throw new InvalidArgumentError(`crossValidate: fold ${f}: row ${r} is ${where}`);
        }
        mark[r] = tag;
      }
    }
    mark.fill(0);
  }
}

/** The shape of a dataset's categorical `fit` column, read without depending on lib/data. */
interface FitColumnSource {
  has(name: string): boolean;
  column(name: string): { type: string; codes?: ArrayLike<number>; categories?: readonly string[] };
}

/**
 * When the training data are a dataset with a categorical `fit` column, the labels must be its codes: some of the
 * library's fit models learn the labels given to `fit`, others their dataset's own column, so labels that differ
 * would have half the models learn one task and all be scored on another.
 * @param rows - the data row of each training row (`x` and `y` are the fold's training subset).
 * @throws InvalidArgumentError naming the fold and the first row that differs, by its data row.
 */
function checkLabelsAreFitColumn(
  x: unknown,
  y: Int32Array,
  rows: Int32Array,
  fold: number,
  classNames: readonly string[],
): void {
  const ds = x as Partial<FitColumnSource> | null;
  if (ds === null || typeof ds !== 'object' || typeof ds.has !== 'function' || typeof ds.column !== 'function') return;
  if (!ds.has('fit')) return;
  const col = ds.column!('fit');
  if (col.type !== 'category' || col.codes === undefined || col.categories === undefined) return;
  // the column's categories as class codes, by the names the labels' codes stand for (small/fit/large by default)
  const codeOf = col.categories.map((c) => classNames.indexOf(c));
  for (let i = 0; i < y.length; i++) {
    const c = col.codes[i];
    const own = c < 0 ? -1 : (codeOf[c] ?? -1);
    if (own !== y[i]) {
      throw new InvalidArgumentError(
        `crossValidate: fold ${fold}: training row ${i} (data row ${rows[i]}) has label ${y[i]} but its dataset's ` +
          'fit column says ' +
          `${own === -1 ? 'nothing' : `${own} ('${classNames[own]}')`}: the library's fit models do not all learn ` +
          "labels given apart from the dataset, so put the task's labels in the fit column (named as classNames)",
      );
    }
  }
}

function takeLabels(labels: Int32Array, idx: Int32Array): Int32Array {
  const out = new Int32Array(idx.length);
  for (let i = 0; i < idx.length; i++) out[i] = labels[idx[i]];
  return out;
}

/** Places a model's probability columns into the k class columns. */
function toColumns(
  raw: Float64Array,
  classes: ArrayLike<string | number>,
  rows: number,
  k: number,
  classNames: readonly string[],
  fold: number,
): Float64Array {
  const width = classes.length;
  if (raw.length !== rows * width) {
    throw new InvalidArgumentError(
      `crossValidate: fold ${fold}: predictProba returned ${raw.length} values for ${rows} rows x ${width} classes`,
    );
  }
  const target = new Int32Array(width);
  const columnOf = new Int32Array(k).fill(-1);
  for (let j = 0; j < width; j++) {
    const c = classes[j];
    const code = typeof c === 'number' ? c : classNames.indexOf(c);
    if (!Number.isInteger(code) || code < 0 || code >= k) {
      throw new InvalidArgumentError(
        `crossValidate: fold ${fold}: model class ${String(c)} is not one of ${k} classes`,
      );
    }
    // A class listed twice would have its second column overwrite the first.
    if (columnOf[code] !== -1) {
      const name = classNames[code] === undefined ? `class ${code}` : `class ${code} ('${classNames[code]}')`;
      throw new InvalidArgumentError(
        `crossValidate: fold ${fold}: the model's classes list ${name} twice (columns ${columnOf[code]} and ${j})`,
      );
    }
    columnOf[code] = j;
    target[j] = code;
  }
  if (width === k && target.every((t, j) => t === j)) return raw;
  const P = new Float64Array(rows * k);
  for (let i = 0; i < rows; i++) for (let j = 0; j < width; j++) P[i * k + target[j]] = raw[i * width + j];
  return P;
}
