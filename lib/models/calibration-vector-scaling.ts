import { InvalidArgumentError, ModelFormatError } from '../core/errors.js';
import {
  checkEstimatorJSON,
  decodeNumbers,
  encodeNumbers,
  registerEstimator,
  type EstimatorJSON,
} from '../core/estimator.js';
import { BaseMatrixTransformer, restoreShape, type FittedShape } from '../features/base-transformer.js';
import type { FeatureMatrix } from '../features/feature-matrix.js';
import { calibrationLabels, logProbabilities, softmaxInPlace } from './calibration-log-proba.js';
import { minimizeLbfgs } from './logistic-lbfgs.js';

const KIND = 'vector-scaling';
const VERSION = 1;

/** Options of {@link VectorScaling}. */
export interface VectorScalingOptions {
  /** L2 penalty on (scale_c − 1) (keeps the scales finite on separable data; default 1e-6). */
  l2?: number;
  /** Maximum L-BFGS iterations: an integer >= 0 (default 200; 0 keeps a = 1, b = 0). */
  maxIterations?: number;
}

/**
 * Vector scaling (Guo et al. 2017, ICML, "On Calibration of Modern Neural Networks"): calibrated
 * probabilities softmax(a ⊙ log p + b), a per-class scale a_c and bias b_c fitted to minimise the mean
 * log-loss (plus l2/2 Σ (a_c − 1)²) by L-BFGS from a = 1, b = 0. More flexible than
 * {@link TemperatureScaling} (it can shift class frequencies), so it needs more calibration rows; unlike
 * temperature scaling it can change one-vs-rest rankings. Input and output as TemperatureScaling.
 */
export class VectorScaling extends BaseMatrixTransformer {
  readonly kind = KIND;
  protected readonly allowsNaN = false;
  private readonly opts: VectorScalingOptions;
  private a: Float64Array = new Float64Array(0);
  private b: Float64Array = new Float64Array(0);

  /** Stores the options (checked at `fit`). */
  constructor(options: VectorScalingOptions = {}) {
    super();
    this.opts = { ...options };
  }

  /** Fitted per-class scales a. @throws NotFittedError. */
  get scales(): Float64Array {
    this.fitted();
    return this.a.slice();
  }

  /** Fitted per-class biases b (shifted to sum to 0). @throws NotFittedError. */
  get biases(): Float64Array {
    this.fitted();
    return this.b.slice();
  }

  protected fitState(X: FeatureMatrix, y: ArrayLike<number> | undefined): FittedShape {
    const l2 = this.opts.l2 ?? 1e-6;
    const maxIterations = this.opts.maxIterations ?? 200;
    if (!(l2 >= 0) || !Number.isFinite(l2)) throw new InvalidArgumentError(`VectorScaling: l2 must be >= 0, got ${l2}`);
    if (!(Number.isInteger(maxIterations) && maxIterations >= 0)) {
      throw new InvalidArgumentError(`VectorScaling: maxIterations must be an integer >= 0, got ${maxIterations}`);
    }
    const k = X.p;
    const n = X.n;
    const L = logProbabilities(X, 'VectorScaling');
    const labels = calibrationLabels(y, n, k, 'VectorScaling');
    const z = new Float64Array(k);
    const objective = (theta: Float64Array, grad: Float64Array): number => {
      grad.fill(0);
      let loss = 0;
      for (let i = 0; i < n; i++) {
        const o = i * k;
        let m = -Infinity;
        for (let c = 0; c < k; c++) {
          z[c] = theta[c] * L[o + c] + theta[k + c];
          if (z[c] > m) m = z[c];
        }
        let s = 0;
        for (let c = 0; c < k; c++) {
          z[c] = Math.exp(z[c] - m);
          s += z[c];
        }
        const yi = labels[i];
        loss -= Math.log(z[yi] / s);
        for (let c = 0; c < k; c++) {
          const r = z[c] / s - (c === yi ? 1 : 0);
          grad[c] += r * L[o + c];
          grad[k + c] += r;
        }
      }
      let pen = 0;
      for (let c = 0; c < k; c++) {
        grad[c] = grad[c] / n + l2 * (theta[c] - 1);
        grad[k + c] /= n;
        pen += (theta[c] - 1) ** 2;
      }
      return loss / n + 0.5 * l2 * pen;
    };
    const start = new Float64Array(2 * k);
    start.fill(1, 0, k);
    const r = minimizeLbfgs(objective, start, { maxIterations, gradientTolerance: 1e-9 });
    this.a = r.x.slice(0, k);
    this.b = r.x.slice(k);
    const mean = this.b.reduce((s, v) => s + v, 0) / k;
    for (let c = 0; c < k; c++) this.b[c] -= mean;
    return { inputNames: X.names.slice(), outputNames: X.names.slice() };
  }

  protected transformInto(X: FeatureMatrix, out: Float64Array, q: number): void {
    const L = logProbabilities(X, 'VectorScaling');
    for (let t = 0; t < L.length; t++) {
      const c = t % q;
      out[t] = this.a[c] * L[t] + this.b[c];
    }
    softmaxInPlace(out, q);
  }

  /** `{kind: 'vector-scaling', version: 1, options, names, scales, biases}`. @throws NotFittedError. */
  toJSON(): EstimatorJSON {
    const s = this.fitted();
    return {
      kind: KIND,
      version: VERSION,
      options: { ...this.opts },
      names: s.inputNames.slice(),
      scales: encodeNumbers(this.a),
      biases: encodeNumbers(this.b),
    };
  }

  /** Rebuilds a fitted calibrator. @throws ModelFormatError on a wrong kind, version or shape. */
  static fromJSON(json: unknown): VectorScaling {
    const o = checkEstimatorJSON<{ options: unknown; names: unknown; scales: unknown; biases: unknown }>(json, KIND, [
      VERSION,
    ]);
    const t = new VectorScaling((o.options ?? {}) as VectorScalingOptions);
    t.a = decodeNumbers(o.scales, `${KIND}: scales`);
    t.b = decodeNumbers(o.biases, `${KIND}: biases`);
    if (t.a.length !== t.b.length || [...t.a, ...t.b].some((v) => !Number.isFinite(v)))
      throw new ModelFormatError(`${KIND}: scales and biases must be finite and of equal length`);
    t.shape = restoreShape(o.names, t.a.length, KIND);
    return t;
  }
}

registerEstimator(KIND, VectorScaling.fromJSON, ['transformer', 'supervised']);
