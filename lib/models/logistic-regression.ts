import { InvalidArgumentError, ModelFormatError, NotFittedError } from '../core/errors.js';
import {
  checkEstimatorJSON,
  decodeNumbers,
  encodeNumbers,
  registerEstimator,
  type EstimatorJSON,
} from '../core/estimator.js';
import { checkColumnNames, checkInputMatrix, type FeatureMatrix } from '../features/feature-matrix.js';
import { minimizeLbfgs } from './logistic-lbfgs.js';
import { logisticObjective } from './logistic-objective.js';
import { argmaxRows } from './prior-fit-labels.js';
import { hasSpread } from '../features/has-spread.js';
import { needsScaledMoments, scaledColumnMoments } from '../features/column-moments.js';

const KIND = 'logistic-regression';
const VERSION = 1;
/** Class shares are at least this before their log is taken (a class absent from training). */
const EPS = 1e-15;

/** Options of {@link LogisticRegression}. Every option has a default; `0` is a settable value. */
export interface LogisticRegressionOptions {
  /**
   * L2 penalty λ on the coefficients of the standardized features (not on the intercepts): the model
   * minimises mean log-loss + λ/2 · Σ w². Default 1e-4. With λ = 0 and separable data there is no optimum.
   */
  l2?: number;
  /**
   * Standardize each feature internally (subtract the training mean, divide by the training standard
   * deviation; a constant feature is only centred) so that the penalty treats features alike and
   * L-BFGS converges fast. Default true. Coefficients are reported on the original scale either way.
   */
  standardize?: boolean;
  /** Maximum L-BFGS iterations (default 500). */
  maxIterations?: number;
  /** Stop when every component of the gradient of the objective is below this (default 1e-4, as scikit-learn). */
  tolerance?: number;
  /** Names of the classes in code order, all different (e.g. FIT_CLASSES); default the codes 0..k-1. */
  classNames?: string[];
}

/** {@link LogisticRegressionOptions} with defaults filled in. */
export type ResolvedLogisticRegressionOptions = Required<Omit<LogisticRegressionOptions, 'classNames'>> & {
  classNames: string[] | undefined;
};

/** How the last fit ended (see {@link LogisticRegression.fitReport}). */
export interface LogisticFitReport {
  /** L-BFGS iterations run. */
  iterations: number;
  /** Objective (mean log-loss + penalty) at the solution. */
  objective: number;
  /** Euclidean norm of the objective's gradient at the solution (standardized parameters). */
  gradientNorm: number;
  /** True when the gradient tolerance was met. */
  converged: boolean;
}

interface FittedLogistic {
  p: number;
  k: number;
  /** k x p coefficients of the standardized features, row c = class c. */
  weights: Float64Array;
  /** k intercepts of the standardized model, shifted so that their log-sum-exp is 0. */
  intercepts: Float64Array;
  mean: Float64Array;
  scale: Float64Array;
  featureNames: string[];
  report: LogisticFitReport;
}

/** Options accepted by a matrix classifier's `fit` (LogisticRegression ignores a validation set). */
export interface LogisticFitOptions {
  /** Ignored: the penalised optimum does not need early stopping. */
  validation?: { X: FeatureMatrix; y: ArrayLike<number> };
}

/**
 * Multinomial (softmax) logistic regression with an L2 penalty, fitted by L-BFGS on typed arrays
 * (one pass over the rows per function-and-gradient evaluation).
 *
 * Model: P(class c | x) = softmax_c(b_c + Σ_j w_cj z_j), z_j = (x_j - mean_j) / sd_j the internally
 * standardized features. It minimises the mean log-loss plus λ/2 Σ w² (intercepts unpenalised), starting
 * from w = 0 and b = log class shares. Standardization is implicit (the input is never copied).
 * The intercepts are identified only up to a common constant: they are stored shifted so that
 * log Σ exp(b) = 0, i.e. softmax(b) are the probabilities of the mean row; without features they are the
 * log class shares. NaN or ±Infinity in the input throws (impute first; the feature pipeline does).
 */
export class LogisticRegression {
  readonly kind = KIND;
  private readonly opts: LogisticRegressionOptions;
  private state: FittedLogistic | undefined;

  /** Stores the options (checked at `fit`). See {@link LogisticRegressionOptions}. */
  constructor(options: LogisticRegressionOptions = {}) {
    this.opts = { ...options, classNames: options.classNames?.slice() };
  }

  /** The options with defaults filled in. @throws InvalidArgumentError on a bad option. */
  get options(): ResolvedLogisticRegressionOptions {
    return resolveOptions(this.opts);
  }

  /** True once `fit` has run or the model was loaded with `fromJSON`. */
  get isFitted(): boolean {
    return this.state !== undefined;
  }

  /** Classes in `predictProba` column order: `classNames`, or the codes 0..k-1. @throws NotFittedError. */
  get classes(): (string | number)[] {
    const st = this.fitted();
    return this.opts.classNames?.slice() ?? Array.from({ length: st.k }, (_, c) => c);
  }

  /** Number of features seen at fit. @throws NotFittedError. */
  get numFeatures(): number {
    return this.fitted().p;
  }

  /**
   * Coefficients on the original feature scale, k x p row-major (row c = class c): the change in the
   * class-c log-odds score per unit of feature j. @throws NotFittedError.
   */
  get coefficients(): Float64Array {
    const st = this.fitted();
    const out = new Float64Array(st.k * st.p);
    for (let c = 0; c < st.k; c++)
      for (let j = 0; j < st.p; j++) out[c * st.p + j] = st.weights[c * st.p + j] / st.scale[j];
    return out;
  }

  /** Intercepts on the original feature scale (scores of the all-zero row), length k. @throws NotFittedError. */
  get intercepts(): Float64Array {
    const st = this.fitted();
    return rawIntercepts(st);
  }

  /** Convergence report of the last fit (iterations, objective, gradient norm). @throws NotFittedError. */
  get fitReport(): LogisticFitReport {
    return { ...this.fitted().report };
  }

  /**
   * Learns the coefficients; replaces any earlier fit.
   *
   * @param X - training features, no NaN. @param y - class codes 0..k-1 (k = `classNames.length` if
   * given, else max(y) + 1, at least 2).
   * @returns this
   * @throws InvalidArgumentError on a bad option, an empty X, a non-finite value (naming row and column),
   * or a label that is not a class code.
   */
  fit(X: FeatureMatrix, y: ArrayLike<number>, fitOptions: LogisticFitOptions = {}): this {
    void fitOptions;
    const o = resolveOptions(this.opts);
    checkInputMatrix(X, 'LogisticRegression');
    const { n, p, data } = X;
    let k = o.classNames?.length ?? 0;
    if (y === undefined || y === null) throw new InvalidArgumentError('LogisticRegression: fit needs class codes y');
    if (o.classNames === undefined) {
      // Only whole codes count: a label 1.5 is then reported against the classes 0..1, not 0..1.5.
      for (let i = 0; i < y.length; i++) if (Number.isSafeInteger(y[i]) && y[i] + 1 > k) k = y[i] + 1;
      k = Math.max(k, 2);
    }
    const labels = checkLabels(y, n, k);
    const { mean, scale } = columnStats(data, n, p, o.standardize);
    const counts = new Float64Array(k);
    for (let i = 0; i < n; i++) counts[labels[i]]++;
    const theta = new Float64Array(k * p + k);
    for (let c = 0; c < k; c++) theta[k * p + c] = Math.log(Math.max(counts[c] / n, EPS));
    const objective = logisticObjective(data, labels, n, p, k, mean, scale, o.l2);
    const r = minimizeLbfgs(objective, theta, { maxIterations: o.maxIterations, gradientTolerance: o.tolerance });
    const weights = r.x.slice(0, k * p);
    const intercepts = r.x.slice(k * p);
    const lse = logSumExp(intercepts);
    for (let c = 0; c < k; c++) intercepts[c] -= lse;
    this.state = {
      p,
      k,
      weights,
      intercepts,
      mean,
      scale,
      featureNames: X.names.slice(),
      report: { iterations: r.iterations, objective: r.value, gradientNorm: r.gradientNorm, converged: r.converged },
    };
    return this;
  }

  /**
   * Class probabilities, n x k row-major in the order of `classes`; rows sum to 1. X's columns must carry
   * the fitted names in the fitted order, so that no column is weighted with another's coefficients; a
   * matrix with the default names `x0..x{p-1}` (or a model fitted on one) is read by position.
   * @throws NotFittedError; InvalidArgumentError on an empty X, a wrong feature count, a column name that
   *   differs from the fitted one ("LogisticRegression: column 0 is 'weight_kg'; it was fitted on
   *   'height_cm'"), a non-finite value, or values so large that a class score overflows (naming the row).
   */
  predictProba(X: FeatureMatrix): Float64Array {
    const st = this.fitted();
    checkInputMatrix(X, 'LogisticRegression', { expectedP: st.p });
    checkColumnNames(X.names, st.featureNames, 'LogisticRegression');
    const { n, p, data } = X;
    const k = st.k;
    const V = this.coefficients;
    const b = rawIntercepts(st);
    const out = new Float64Array(n * k);
    for (let i = 0; i < n; i++) {
      const off = i * p;
      const o = i * k;
      let mx = -Infinity;
      for (let c = 0; c < k; c++) {
        let z = b[c];
        const w = c * p;
        for (let j = 0; j < p; j++) z += V[w + j] * data[off + j];
        if (!Number.isFinite(z)) {
          throw new InvalidArgumentError(
            `LogisticRegression: row ${i}: the score of class ${c} overflows (${z}): feature values too large ` +
              `for the fitted weights`,
          );
        }
        out[o + c] = z;
        if (z > mx) mx = z;
      }
      let s = 0;
      for (let c = 0; c < k; c++) {
        const e = Math.exp(out[o + c] - mx);
        out[o + c] = e;
        s += e;
      }
      for (let c = 0; c < k; c++) out[o + c] /= s;
    }
    return out;
  }

  /** Most probable class code per row (ties go to the lower code). @throws as {@link predictProba}. */
  predict(X: FeatureMatrix): Int32Array {
    return argmaxRows(this.predictProba(X), this.fitted().k);
  }

  /**
   * `{kind: 'logistic-regression', version: 1, options, numFeatures, numClasses, featureNames, mean,
   * scale, weights (standardized, k x p), intercepts (standardized, log-sum-exp 0), fitReport}`.
   * @throws NotFittedError.
   */
  toJSON(): EstimatorJSON {
    const st = this.fitted();
    const { classNames, ...options } = resolveOptions(this.opts);
    return {
      kind: KIND,
      version: VERSION,
      options: { ...options, ...(classNames === undefined ? {} : { classNames }) },
      numFeatures: st.p,
      numClasses: st.k,
      featureNames: st.featureNames.slice(),
      mean: encodeNumbers(st.mean),
      scale: encodeNumbers(st.scale),
      weights: encodeNumbers(st.weights),
      intercepts: encodeNumbers(st.intercepts),
      fitReport: { ...st.report },
    };
  }

  /**
   * Rebuilds a fitted model from `toJSON()` output.
   * @throws ModelFormatError naming the wrong field (kind, version, options, shapes, non-finite values).
   */
  static fromJSON(json: unknown): LogisticRegression {
    const o = checkEstimatorJSON<{
      options: unknown;
      numFeatures: unknown;
      numClasses: unknown;
      featureNames: unknown;
      mean: unknown;
      scale: unknown;
      weights: unknown;
      intercepts: unknown;
      fitReport: unknown;
    }>(json, KIND, [VERSION]);
    if (typeof o.options !== 'object' || o.options === null || Array.isArray(o.options)) {
      throw new ModelFormatError(`${KIND}: options must be an object`);
    }
    try {
      resolveOptions(o.options as LogisticRegressionOptions);
    } catch (e) {
      throw new ModelFormatError(`${KIND}: invalid options: ${(e as Error).message}`);
    }
    const p = o.numFeatures;
    const k = o.numClasses;
    if (typeof p !== 'number' || !Number.isInteger(p) || p < 0)
      throw new ModelFormatError(`${KIND}: numFeatures must be an integer >= 0, got ${JSON.stringify(p)}`);
    if (typeof k !== 'number' || !Number.isInteger(k) || k < 2)
      throw new ModelFormatError(`${KIND}: numClasses must be an integer >= 2, got ${JSON.stringify(k)}`);
    const names = (o.options as LogisticRegressionOptions).classNames;
    if (names !== undefined && names.length !== k)
      throw new ModelFormatError(`${KIND}: options.classNames has ${names.length} names for ${k} classes`);
    if (
      !Array.isArray(o.featureNames) ||
      o.featureNames.length !== p ||
      o.featureNames.some((s) => typeof s !== 'string')
    )
      throw new ModelFormatError(`${KIND}: featureNames must be ${p} strings`);
    const vec = (v: unknown, what: string, len: number): Float64Array => {
      const a = decodeNumbers(v, `${KIND}: ${what}`);
      if (a.length !== len || a.some((x) => !Number.isFinite(x)))
        throw new ModelFormatError(`${KIND}: ${what} must be ${len} finite numbers`);
      return a;
    };
    const mean = vec(o.mean, 'mean', p);
    const scale = vec(o.scale, 'scale', p);
    if (scale.some((s) => !(s > 0))) throw new ModelFormatError(`${KIND}: scale must be positive`);
    const rep = (o.fitReport ?? {}) as Partial<LogisticFitReport>;
    const model = new LogisticRegression(o.options as LogisticRegressionOptions);
    model.state = {
      p,
      k,
      weights: vec(o.weights, 'weights', k * p),
      intercepts: vec(o.intercepts, 'intercepts', k),
      mean,
      scale,
      featureNames: (o.featureNames as string[]).slice(),
      report: {
        iterations: Number(rep.iterations ?? 0),
        objective: Number(rep.objective ?? NaN),
        gradientNorm: Number(rep.gradientNorm ?? NaN),
        converged: rep.converged === true,
      },
    };
    return model;
  }

  private fitted(): FittedLogistic {
    if (this.state === undefined) throw new NotFittedError('LogisticRegression');
    return this.state;
  }
}

registerEstimator(KIND, LogisticRegression.fromJSON, ['classifier', 'supervised']);

function resolveOptions(o: LogisticRegressionOptions): ResolvedLogisticRegressionOptions {
  const r: ResolvedLogisticRegressionOptions = {
    l2: o.l2 ?? 1e-4,
    standardize: o.standardize ?? true,
    maxIterations: o.maxIterations ?? 500,
    tolerance: o.tolerance ?? 1e-4,
    classNames: o.classNames?.slice(),
  };
  if (!(r.l2 >= 0) || !Number.isFinite(r.l2))
    throw new InvalidArgumentError(`LogisticRegression: l2 must be a finite number >= 0, got ${r.l2}`);
  if (typeof r.standardize !== 'boolean')
    throw new InvalidArgumentError(`LogisticRegression: standardize must be a boolean`);
  if (!(Number.isInteger(r.maxIterations) && r.maxIterations >= 0))
    throw new InvalidArgumentError(`LogisticRegression: maxIterations must be an integer >= 0, got ${r.maxIterations}`);
  if (!(r.tolerance >= 0) || !Number.isFinite(r.tolerance))
    throw new InvalidArgumentError(`LogisticRegression: tolerance must be a finite number >= 0, got ${r.tolerance}`);
  if (r.classNames !== undefined && (r.classNames.length < 2 || r.classNames.some((s) => typeof s !== 'string')))
    throw new InvalidArgumentError('LogisticRegression: classNames must be at least 2 strings');
  // a repeated name would make two probability columns one class for whoever reads them by name
  if (r.classNames !== undefined && new Set(r.classNames).size !== r.classNames.length)
    throw new InvalidArgumentError(`LogisticRegression: classNames has duplicates: ${r.classNames.join(', ')}`);
  return r;
}

function checkLabels(y: ArrayLike<number>, n: number, k: number): Int32Array {
  if (y.length !== n) throw new InvalidArgumentError(`LogisticRegression: y has ${y.length} labels for ${n} rows`);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const v = y[i];
    if (!Number.isInteger(v) || v < 0 || v >= k)
      throw new InvalidArgumentError(`LogisticRegression: y[${i}] = ${v} is not a class code in 0..${k - 1}`);
    out[i] = v;
  }
  return out;
}

/** Column means and standard deviations (1 for a constant column; mean 0, sd 1 without standardizing). */
function columnStats(
  data: Float64Array,
  n: number,
  p: number,
  standardize: boolean,
): { mean: Float64Array; scale: Float64Array } {
  const mean = new Float64Array(p);
  const scale = new Float64Array(p).fill(1);
  if (!standardize) return { mean, scale };
  for (let i = 0; i < n; i++) for (let j = 0, off = i * p; j < p; j++) mean[j] += data[off + j];
  for (let j = 0; j < p; j++) mean[j] /= n;
  const ss = new Float64Array(p);
  for (let i = 0; i < n; i++)
    for (let j = 0, off = i * p; j < p; j++) {
      const d = data[off + j] - mean[j];
      ss[j] += d * d;
    }
  for (let j = 0; j < p; j++) {
    let sd = Math.sqrt(ss[j] / n);
    if (needsScaledMoments(ss[j])) {
      // Values whose sum or squares overflow (about 1e154 and beyond) or whose squares underflow: the moments of
      // the column divided by its largest |value|, both finite, so that the fitted model saves and loads.
      const m = scaledColumnMoments(data, n, p, j, 0, Number.isFinite(mean[j]) ? mean[j] : undefined);
      mean[j] = m.mean;
      sd = m.sd;
    }
    scale[j] = hasSpread(sd, mean[j]) ? sd : 1;
  }
  return { mean, scale };
}

function rawIntercepts(st: FittedLogistic): Float64Array {
  const b = Float64Array.from(st.intercepts);
  for (let c = 0; c < st.k; c++)
    for (let j = 0; j < st.p; j++) b[c] -= (st.weights[c * st.p + j] / st.scale[j]) * st.mean[j];
  return b;
}

function logSumExp(a: Float64Array): number {
  let m = -Infinity;
  for (const v of a) if (v > m) m = v;
  let s = 0;
  for (const v of a) s += Math.exp(v - m);
  return m + Math.log(s);
}
