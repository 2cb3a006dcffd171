import { InvalidArgumentError, ModelFormatError } from '../core/errors.js';
import { checkEstimatorJSON, registerEstimator, type EstimatorJSON } from '../core/estimator.js';
import { BaseMatrixTransformer, restoreShape, type FittedShape } from '../features/base-transformer.js';
import type { FeatureMatrix } from '../features/feature-matrix.js';
import { calibrationLabels, logProbabilities, softmaxInPlace } from './calibration-log-proba.js';

const KIND = 'temperature-scaling';
const VERSION = 1;
/** Search range of log(1/T): T in [e^-7, e^7]. */
const LOG_BETA_RANGE = 7;
/** Smallest search tolerance on log(1/T): well above the float spacing at |u| = 7 (about 9e-16). */
const MIN_TOLERANCE = 1e-12;
/**
 * Tolerances must be below this: a bracket of width 1 on log(1/T) leaves T uncertain by a factor e^0.5, and from
 * 14 (the whole range) on the search does not run at all.
 */
const MAX_TOLERANCE = 1;

/** Options of {@link TemperatureScaling}. */
export interface TemperatureScalingOptions {
  /**
   * Stop the golden-section search when the bracket of log(1/T) is narrower than this: a number in
   * [1e-12, 1) (default 1e-9). Below 1e-12 the bracket stops shrinking in floating point; at 1 or more the
   * search over log(1/T) in [-7, 7] stops after a few steps or none (T = 1 without searching).
   */
  tolerance?: number;
}

/**
 * Temperature scaling (Guo, Pleiss, Sun & Weinberger 2017, "On Calibration of Modern Neural Networks",
 * ICML): calibrated probabilities softmax(log p / T) with one temperature T > 0 fitted to minimise the
 * mean log-loss of labelled rows. T > 1 softens an over-confident model, T < 1 sharpens an under-confident
 * one. It keeps the order of the classes within each row (the predicted class, hence accuracy) and,
 * with two classes, the AUC; with three or more classes a one-vs-rest AUC can move slightly, because a
 * class's probability depends on T through the other classes' scores. Deviation from the paper: it scales the logs of probabilities (any model's output) rather
 * than a network's logits (the same up to a per-row constant). The log-loss is convex in 1/T; the
 * minimum is found by golden-section search on log(1/T) in [-7, 7].
 *
 * Input and output: a FeatureMatrix of probabilities (n x k, values in [0, 1]; zeros are clipped to
 * 1e-15), column names kept. `fit(P, y)` needs class codes 0..k-1.
 */
export class TemperatureScaling extends BaseMatrixTransformer {
  readonly kind = KIND;
  protected readonly allowsNaN = false;
  private readonly opts: TemperatureScalingOptions;
  private temp = 1;
  private loss = { before: NaN, after: NaN };

  /** Stores the options (checked at `fit`). */
  constructor(options: TemperatureScalingOptions = {}) {
    super();
    this.opts = { ...options };
  }

  /** The fitted temperature T. @throws NotFittedError. */
  get temperature(): number {
    this.fitted();
    return this.temp;
  }

  /** Mean log-loss of the training rows before and after scaling. @throws NotFittedError. */
  get trainingLogLoss(): { before: number; after: number } {
    this.fitted();
    return { ...this.loss };
  }

  protected fitState(X: FeatureMatrix, y: ArrayLike<number> | undefined): FittedShape {
    const tol = this.opts.tolerance ?? 1e-9;
    // Below ~1e-15 the search interval around |u| <= 7 stops shrinking in floating point: the loop would not end.
    if (!(tol >= MIN_TOLERANCE && tol < MAX_TOLERANCE)) {
      throw new InvalidArgumentError(
        `TemperatureScaling: tolerance must be in [${MIN_TOLERANCE}, ${MAX_TOLERANCE}), got ${tol}`,
      );
    }
    const k = X.p;
    const L = logProbabilities(X, 'TemperatureScaling');
    const labels = calibrationLabels(y, X.n, k, 'TemperatureScaling');
    const f = (u: number): number => scaledLogLoss(L, labels, k, Math.exp(u));
    // Golden-section search on u = log(1/T).
    const g = (Math.sqrt(5) - 1) / 2;
    let a = -LOG_BETA_RANGE;
    let b = LOG_BETA_RANGE;
    let c = b - g * (b - a);
    let d = a + g * (b - a);
    let fc = f(c);
    let fd = f(d);
    while (b - a > tol) {
      if (fc <= fd) {
        b = d;
        d = c;
        fd = fc;
        c = b - g * (b - a);
        fc = f(c);
      } else {
        a = c;
        c = d;
        fc = fd;
        d = a + g * (b - a);
        fd = f(d);
      }
    }
    let u = (a + b) / 2;
    // Prefer exactly T = 1 when it is as good (e.g. input already calibrated in this sense).
    if (f(0) <= f(u)) u = 0;
    this.temp = Math.exp(-u);
    this.loss = { before: f(0), after: f(u) };
    return { inputNames: X.names.slice(), outputNames: X.names.slice() };
  }

  protected transformInto(X: FeatureMatrix, out: Float64Array, q: number): void {
    const L = logProbabilities(X, 'TemperatureScaling');
    const beta = 1 / this.temp;
    for (let t = 0; t < L.length; t++) out[t] = L[t] * beta;
    softmaxInPlace(out, q);
  }

  /** `{kind: 'temperature-scaling', version: 1, options, names, temperature, trainingLogLoss}`. @throws NotFittedError. */
  toJSON(): EstimatorJSON {
    const s = this.fitted();
    return {
      kind: KIND,
      version: VERSION,
      options: { ...this.opts },
      names: s.inputNames.slice(),
      temperature: this.temp,
      trainingLogLoss: { before: finiteOrNull(this.loss.before), after: finiteOrNull(this.loss.after) },
    };
  }

  /**
   * Rebuilds a fitted calibrator; whatever `fit` writes loads (names that repeat included, as fit takes them).
   * @throws ModelFormatError on a wrong kind, version, names (not an array of strings) or temperature.
   */
  static fromJSON(json: unknown): TemperatureScaling {
    const o = checkEstimatorJSON<{ options: unknown; names: unknown; temperature: unknown; trainingLogLoss: unknown }>(
      json,
      KIND,
      [VERSION],
    );
    if (typeof o.temperature !== 'number' || !(o.temperature > 0) || !Number.isFinite(o.temperature))
      throw new ModelFormatError(`${KIND}: temperature must be a positive number`);
    if (!Array.isArray(o.names)) throw new ModelFormatError(`${KIND}: names must be an array`);
    // Repeated names load, as fit takes them: the columns are scaled by position, and transform checks the names
    // position by position (an ensemble checks that its calibrators' names are the classes in order).
    const t = new TemperatureScaling((o.options ?? {}) as TemperatureScalingOptions);
    t.temp = o.temperature;
    const ll = (o.trainingLogLoss ?? {}) as { before?: number | null; after?: number | null };
    t.loss = { before: ll.before ?? NaN, after: ll.after ?? NaN };
    t.shape = restoreShape(o.names as string[], o.names.length, KIND);
    return t;
  }
}

registerEstimator(KIND, TemperatureScaling.fromJSON, ['transformer', 'supervised']);

/** Mean of −log softmax(beta · L_i)[y_i]. */
function scaledLogLoss(L: Float64Array, y: Int32Array, k: number, beta: number): number {
  let total = 0;
  const n = y.length;
  for (let i = 0; i < n; i++) {
    const o = i * k;
    let m = -Infinity;
    for (let c = 0; c < k; c++) if (L[o + c] * beta > m) m = L[o + c] * beta;
    let s = 0;
    for (let c = 0; c < k; c++) s += Math.exp(L[o + c] * beta - m);
    total += m + Math.log(s) - L[o + y[i]] * beta;
  }
  return total / n;
}

function finiteOrNull(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}
