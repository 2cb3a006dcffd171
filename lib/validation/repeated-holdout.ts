import { InvalidArgumentError } from '../core/errors.js';
import { FIT_CLASSES } from '../core/labels.js';
import { checkClassLabels, checkLabelsAndProba } from './check-inputs.js';
import { DEFAULT_VALIDATION_METRICS } from './cross-validate.js';
import { HoldoutSplit } from './holdout-split.js';
import { meanInterval, type MeanInterval } from './mean-interval.js';
import type { Metric } from './metric.js';
import { inSplit, scoreSplit } from './split-context.js';

/**
 * A model that learns from a whole dataset (labels inside it, as a FitModel reads its `fit` column)
 * and predicts class probabilities, n x k row-major in class-code order. `fit` may return a promise.
 */
export interface HoldoutModel<D> {
  fit(data: D): unknown;
  predictProba(data: D): Float64Array;
}

/**
 * The rows to split: n rows, a way to take a subset in the model's own data type, and the class code
 * of each row (-1 for an unlabelled row). For a ColumnarDataset `ds`:
 * `{ n: ds.length, take: (idx) => ds.take(idx), labels: fitLabelCodes(ds, 'notebook') }`.
 */
export interface RepeatedHoldoutData<D> {
  n: number;
  take(indices: Int32Array): D;
  labels: ArrayLike<number>;
  /** Group of each row, for `strategy: 'group'`. */
  groups?: ArrayLike<number>;
}

/** Options of {@link repeatedHoldout}. */
export interface RepeatedHoldoutOptions {
  /** One split per seed, each seed once (a repeated seed repeats its split); also passed to the model factory. */
  seeds: readonly number[];
  /** Share of rows in each test set (default 0.2). */
  testFraction?: number;
  /**
   * HoldoutSplit strategy (default 'random'). With 'stratified', each class and the unlabelled rows (-1) are
   * strata of their own: every test set holds round(n_c x testFraction) labelled rows of each class c.
   */
  strategy?: 'random' | 'stratified' | 'group';
  /** Metrics of each test set (default: avgAuc, accuracy, macroF1, logLoss, brier). */
  metrics?: Record<string, Metric>;
  /** Number of classes, the width of predictProba (default 3: small, fit, large). */
  numClasses?: number;
  /** Class names in code order, for error messages (default FIT_CLASSES when numClasses is 3, else none). */
  classNames?: readonly string[];
  /** Coverage of the summary intervals (default 0.95). */
  level?: number;
  /** 'nadeau-bengio' (default): corrected resampled t interval; 'none': plain t interval of the mean. */
  correction?: 'nadeau-bengio' | 'none';
  /** Keep each split's fitted model in its outcome (default false: models are dropped after predicting). */
  keepModels?: boolean;
  /** Progress messages (one line per split). */
  log?: (message: string) => void;
}

/** One split's outcome. @typeParam M - the model type. */
export interface HoldoutSplitOutcome<M = unknown> {
  seed: number;
  /** The fitted model, with `keepModels: true`. */
  model?: M;
  /** Training rows (labelled and unlabelled), ascending. */
  train: Int32Array;
  /** Labelled test rows, ascending: the rows scored. */
  test: Int32Array;
  /** Class codes of the test rows. */
  y: Int32Array;
  /** Probabilities of the test rows, test.length x numClasses row-major. */
  proba: Float64Array;
  /** Each metric on the test rows. */
  metrics: Record<string, number>;
  /** Wall time of fit, in milliseconds. */
  fitMs: number;
  /** Wall time of predictProba on the test rows, in milliseconds. */
  predictMs: number;
}

/** The result of {@link repeatedHoldout}. @typeParam M - the model type. */
export interface RepeatedHoldoutResult<M = unknown> {
  splits: HoldoutSplitOutcome<M>[];
  /**
   * Mean and interval of each metric over the splits. A metric that is not finite on some split (NaN, e.g.
   * `multiclassAuc` with `allowUndefined` on a test set that lacks a class) gets, as in {@link crossValidate}, the
   * plain mean over all splits (NaN when a value is NaN) and NaN sd, low and high; the split's own value stays in
   * `splits`.
   */
  summary: Record<string, MeanInterval>;
}

/**
 * Repeated holdout (Monte Carlo cross-validation): for each seed, a seeded {@link HoldoutSplit} of the
 * rows, a FRESH model from `factory(seed)` fitted on the training rows (unlabelled ones included: they
 * carry customer and article information) and scored on the labelled test rows. Returns each split's
 * test probabilities and metrics, and each metric's mean over the splits with a Student-t interval,
 * by default with Nadeau & Bengio's correction for overlapping training sets (see {@link meanInterval}).
 *
 * @param factory - returns a new, unfitted model for a split seed. @param data - see {@link RepeatedHoldoutData}.
 * A metric that is NaN on a split does not stop the run: the split keeps its NaN and the metric's summary is NaN
 * (see {@link RepeatedHoldoutResult.summary}), as {@link crossValidate} does.
 *
 * @param options - `seeds` (required), `testFraction` (0.2), `strategy`, `metrics`, `numClasses` (3),
 * `classNames`, `level` (0.95), `correction` ('nadeau-bengio'), `keepModels` (false), `log`.
 * @throws InvalidArgumentError on no seeds, a repeated seed, labels of the wrong length, a level outside (0, 1), a
 * `correction` other than 'nadeau-bengio' or 'none', a test set without
 * labelled rows, or predictions of the wrong shape or not finite; a metric's InvalidArgumentError is rethrown
 * prefixed with the split (by its seed) and the metric, its message kept, except that a `MetricInputError` says
 * its row as the test row and its data row and its class by name; other errors of the model and metrics
 * pass through.
 */
export async function repeatedHoldout<D, M extends HoldoutModel<D>>(
  factory: (seed: number) => M,
  data: RepeatedHoldoutData<D>,
  options: RepeatedHoldoutOptions,
): Promise<RepeatedHoldoutResult<M>> {
  const { n, labels } = data;
  const seeds = options.seeds ?? [];
  if (seeds.length === 0) throw new InvalidArgumentError('repeatedHoldout: needs at least one seed');
  // A repeated seed repeats its split exactly: the splits would not be independent and the interval would shrink.
  const distinct = new Set<number>();
  for (const seed of seeds) {
    if (distinct.has(seed)) {
      throw new InvalidArgumentError(`repeatedHoldout: seed ${seed} is given twice: each seed's split must be its own`);
    }
    distinct.add(seed);
  }
  if (labels.length !== n) throw new InvalidArgumentError(`repeatedHoldout: ${labels.length} labels for ${n} rows`);
  const k = options.numClasses ?? 3;
  const metrics = options.metrics ?? DEFAULT_VALIDATION_METRICS;
  const testFraction = options.testFraction ?? 0.2;
  const classNames = options.classNames ?? (k === FIT_CLASSES.length ? FIT_CLASSES : undefined);
  // Checked before any model is fitted (meanInterval would refuse it only after the last one).
  const level = options.level ?? 0.95;
  if (!(level > 0 && level < 1)) throw new InvalidArgumentError(`repeatedHoldout: level ${level} must be in (0, 1)`);
  const correction = options.correction ?? 'nadeau-bengio';
  if (correction !== 'nadeau-bengio' && correction !== 'none') {
    throw new InvalidArgumentError(
      `repeatedHoldout: correction ${JSON.stringify(correction)} must be 'nadeau-bengio' or 'none'`,
    );
  }
  checkClassLabels('repeatedHoldout', labels, k, true);
  const splits: HoldoutSplitOutcome<M>[] = [];
  const trainLabelled: number[] = [];
  for (const seed of seeds) {
    const splitter = new HoldoutSplit({ testFraction, strategy: options.strategy ?? 'random', seed });
    // A stratified split holds out each class, and the unlabelled rows (-1, never scored), as strata of their own.
    const fold = splitter.split(n, labels, data.groups)[0];
    const test = fold.test.filter((i) => labels[i] >= 0);
    if (test.length === 0) throw new InvalidArgumentError(`repeatedHoldout: split ${seed} has no labelled test row`);
    const y = Int32Array.from(test, (i) => labels[i]);
    trainLabelled.push(fold.train.reduce((s, i) => s + (labels[i] >= 0 ? 1 : 0), 0));
    const model = factory(seed);
    let t0 = performance.now();
    await model.fit(data.take(fold.train));
    const fitMs = performance.now() - t0;
    t0 = performance.now();
    const proba = model.predictProba(data.take(test));
    const predictMs = performance.now() - t0;
    if (proba.length !== test.length * k) {
      throw new InvalidArgumentError(
        `repeatedHoldout: split ${seed}: predictProba returned ${proba.length} values for ${test.length} rows x ${k} classes`,
      );
    }
    const context = { where: `repeatedHoldout: split ${seed} (${test.length} test rows)`, classNames, testRows: test };
    inSplit(context, () => checkLabelsAndProba('predictProba', y, proba));
    const scores = scoreSplit(context, metrics, y, proba);
    const outcome: HoldoutSplitOutcome<M> = {
      seed,
      train: fold.train,
      test,
      y,
      proba,
      metrics: scores,
      fitMs,
      predictMs,
    };
    if (options.keepModels === true) outcome.model = model;
    splits.push(outcome);
    options.log?.(
      `split ${seed}: ${Object.entries(scores)
        .map(([m, v]) => `${m} ${v.toFixed(4)}`)
        .join(', ')}; fit ${(fitMs / 1000).toFixed(1)} s`,
    );
  }
  // Nadeau & Bengio's n_test / n_train, both counted in labelled rows (the test rows scored, the training rows
  // the models learn from), averaged over the splits (group splits vary in size).
  const ratio = splits.reduce((s, sp, j) => s + sp.test.length / Math.max(1, trainLabelled[j]), 0) / splits.length;
  const testTrainRatio = correction === 'none' ? undefined : ratio;
  const summary: Record<string, MeanInterval> = {};
  for (const name of Object.keys(metrics)) {
    summary[name] = summarize(
      splits.map((s) => s.metrics[name]),
      level,
      testTrainRatio,
    );
  }
  return { splits, summary };
}

/**
 * {@link meanInterval} of one metric over the splits; when a value is not finite, as {@link crossValidate} does: the
 * plain mean (NaN when a value is NaN) with NaN sd, low and high.
 */
function summarize(values: number[], level: number, testTrainRatio: number | undefined): MeanInterval {
  if (values.every((v) => Number.isFinite(v))) return meanInterval(values, { level, testTrainRatio });
  const mean = values.reduce((a, v) => a + v, 0) / values.length;
  return { mean, sd: NaN, low: NaN, high: NaN, n: values.length, level };
}
