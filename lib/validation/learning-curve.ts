import { InvalidArgumentError } from '../core/errors.js';
import { FIT_CLASSES } from '../core/labels.js';
import { Rng, seedOption } from '../core/rng.js';
import { checkClassLabels, checkLabelsAndProba } from './check-inputs.js';
import type { Metric } from './metric.js';
import { avgOvrAuc } from './multiclass-auc.js';
import type { HoldoutModel } from './repeated-holdout.js';
import { inSplit } from './split-context.js';

/** Options of {@link learningCurve}. */
export interface LearningCurveOptions {
  /** Shares of the training rows to train on, each in (0, 1], e.g. [0.25, 0.5, 1]. */
  fractions: readonly number[];
  /** Seed of the subsampling; also passed to the model factory (default 0). */
  seed?: number;
  /** The score of each point (default the average one-vs-rest AUC). */
  metric?: Metric;
  /** Number of classes, the width of predictProba (default 3). */
  numClasses?: number;
  /** Class names in code order, for error messages (default FIT_CLASSES when numClasses is 3, else none). */
  classNames?: readonly string[];
  /** Progress messages (one line per point). */
  log?: (message: string) => void;
}

/** One point of a learning curve. */
export interface LearningCurvePoint {
  fraction: number;
  /** Training rows used. */
  nTrain: number;
  /** The metric on the (fixed) test rows. */
  score: number;
  /** Wall time of fit, in milliseconds. */
  fitMs: number;
}

/** The result of {@link learningCurve}. */
export interface LearningCurveResult {
  /** One point per fraction, in ascending order of fraction. */
  points: LearningCurvePoint[];
  /**
   * Least-squares line score = intercept + slope * log2(nTrain) through the points (NaN with fewer
   * than two distinct sizes): `slope` is the gain per doubling of the training rows.
   */
  fit: { intercept: number; slope: number };
  /** The line's score at `nTrain` rows (an extrapolation beyond the largest point: read it as such). */
  project(nTrain: number): number;
}

/**
 * A learning curve: the same test rows scored by models trained on nested random subsets of the
 * training rows (each smaller subset is contained in the larger ones: one seeded permutation, its
 * first `round(fraction * n)` rows), each model FRESH from `factory(seed)`. The fitted log-linear line
 * says how much the score gains per doubling of the data, and projects it to another size.
 *
 * @param factory - returns a new, unfitted model. @param train - the training rows: their number and
 * a way to take a subset. @param test - the test data and the class codes of its rows.
 * @throws InvalidArgumentError on no fractions, a fraction outside (0, 1], a subset of no rows, or
 * predictions of the wrong shape or not finite; an InvalidArgumentError of the metric is rethrown prefixed with the
 * fraction and the metric (by its function name; 'avgAuc' for the default), its message kept, except that a
 * `MetricInputError` says its row as the test row and its class by name; errors
 * of the model pass through.
 */
export async function learningCurve<D>(
  factory: (seed: number) => HoldoutModel<D>,
  train: { n: number; take(indices: Int32Array): D },
  test: { data: D; labels: ArrayLike<number> },
  options: LearningCurveOptions,
): Promise<LearningCurveResult> {
  const fractions = [...(options.fractions ?? [])].sort((a, b) => a - b);
  if (fractions.length === 0) throw new InvalidArgumentError('learningCurve: needs at least one fraction');
  for (const f of fractions) {
    if (!(f > 0 && f <= 1)) throw new InvalidArgumentError(`learningCurve: fraction ${f} is not in (0, 1]`);
  }
  const seed = seedOption(options.seed, 'learningCurve');
  const k = options.numClasses ?? 3;
  const metric = options.metric ?? avgOvrAuc;
  const metricName = metric === avgOvrAuc ? 'avgAuc' : metric.name || 'metric';
  const classNames = options.classNames ?? (k === FIT_CLASSES.length ? FIT_CLASSES : undefined);
  const perm = new Rng(seed).permutation(train.n);
  checkClassLabels('learningCurve', test.labels, k, false);
  const y = Int32Array.from(test.labels);
  const points: LearningCurvePoint[] = [];
  for (const fraction of fractions) {
    const m = Math.round(fraction * train.n);
    if (m < 1) throw new InvalidArgumentError(`learningCurve: fraction ${fraction} of ${train.n} rows is no row`);
    const rows = perm.slice(0, m).sort();
    const model = factory(seed);
    const t0 = performance.now();
    await model.fit(train.take(rows));
    const fitMs = performance.now() - t0;
    const proba = model.predictProba(test.data);
    if (proba.length !== y.length * k) {
      throw new InvalidArgumentError(
        `learningCurve: predictProba returned ${proba.length} values for ${y.length} rows x ${k} classes`,
      );
    }
    const context = { where: `learningCurve: fraction ${fraction} (${m} training rows)`, classNames };
    inSplit(context, () => checkLabelsAndProba('predictProba', y, proba));
    const score = inSplit(context, () => metric(y, proba), metricName);
    points.push({ fraction, nTrain: m, score, fitMs });
    options.log?.(`${m} training rows: ${score.toFixed(4)} (fit ${(fitMs / 1000).toFixed(1)} s)`);
  }
  const fit = logLinearFit(points);
  return { points, fit, project: (n) => fit.intercept + fit.slope * Math.log2(n) };
}

/** Least squares score ~ intercept + slope * log2(nTrain); NaN without two distinct sizes. */
function logLinearFit(points: LearningCurvePoint[]): { intercept: number; slope: number } {
  const xs = points.map((p) => Math.log2(p.nTrain));
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = points.reduce((a, p) => a + p.score, 0) / points.length;
  let sxx = 0;
  let sxy = 0;
  points.forEach((p, i) => {
    sxx += (xs[i] - mx) ** 2;
    sxy += (xs[i] - mx) * (p.score - my);
  });
  if (!(sxx > 0)) return { intercept: NaN, slope: NaN };
  const slope = sxy / sxx;
  return { intercept: my - slope * mx, slope };
}
