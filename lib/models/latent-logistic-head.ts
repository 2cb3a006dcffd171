import { checkFiniteValues, decodeNumbers, encodeNumbers } from '../core/estimator.js';
import { InvalidArgumentError, ModelFormatError, NotFittedError } from '../core/errors.js';
import { checkFitInput, checkRows } from './latent-head-input.js';

/** The JSON form of a {@link LatentLogisticHead}. */
export interface LatentLogisticHeadJSON {
  dim: number;
  numClasses: number;
  mean: (number | string | null)[];
  scale: (number | string | null)[];
  coef: (number | string | null)[];
}

/**
 * Multinomial logistic regression on a small dense representation (the "-LR" head of Misra, Wan &
 * McAuley, RecSys 2018): features are standardised, then the softmax weights (k x (d + 1), intercept
 * last) are fitted by Newton's method with an L2 penalty on the slopes (1e-8 on the intercepts for
 * identifiability) and step halving; it stops when the penalised log-loss improves by < 1e-10 per row.
 */
export class LatentLogisticHead {
  private state: { dim: number; k: number; mean: Float64Array; scale: Float64Array; coef: Float64Array } | undefined;

  /**
   * Stores the options.
   * @param l2 - L2 penalty (per row, on standardised features), a finite number >= 0.
   * @param maxIterations - Newton steps at most, an integer >= 0 (0 keeps the start: the log class priors).
   * @throws InvalidArgumentError naming the option out of its range.
   */
  constructor(
    readonly l2 = 1e-4,
    readonly maxIterations = 25,
  ) {
    // A negative penalty rewards large weights (Newton then runs to one-hot rows), NaN makes every step fail.
    if (!(l2 >= 0) || !Number.isFinite(l2)) {
      throw new InvalidArgumentError(`LatentLogisticHead: option l2 must be a finite number >= 0, got ${l2}`);
    }
    if (!Number.isInteger(maxIterations) || maxIterations < 0) {
      throw new InvalidArgumentError(
        `LatentLogisticHead: option maxIterations must be an integer >= 0, got ${String(maxIterations)}`,
      );
    }
  }

  /** Number of input features. @throws NotFittedError. */
  get dim(): number {
    return this.fitted().dim;
  }

  /** True once fitted or loaded. */
  get isFitted(): boolean {
    return this.state !== undefined;
  }

  /**
   * Fits the head on `X` (n x dim row-major) and class codes `y` in 0..k-1.
   * @returns this
   * @throws InvalidArgumentError when dim is not an integer >= 1, k not an integer >= 2, y is empty, X does not hold
   *   y.length x dim values, a label is outside [0, k) or a value of X is NaN or infinite (naming the row and column).
   */
  fit(X: Float64Array, dim: number, y: Int32Array, k: number): this {
    checkFitInput('LatentLogisticHead', X, dim, y, k);
    const n = y.length;
    const mean = new Float64Array(dim);
    const scale = new Float64Array(dim);
    for (let i = 0; i < n; i++) for (let d = 0; d < dim; d++) mean[d] += X[i * dim + d];
    for (let d = 0; d < dim; d++) mean[d] /= Math.max(n, 1);
    for (let i = 0; i < n; i++) for (let d = 0; d < dim; d++) scale[d] += (X[i * dim + d] - mean[d]) ** 2;
    for (let d = 0; d < dim; d++) {
      const sd = Math.sqrt(scale[d] / Math.max(n, 1));
      scale[d] = sd > 1e-12 ? sd : 1;
    }
    const q = dim + 1;
    const P = k * q;
    const Z = new Float64Array(n * q);
    for (let i = 0; i < n; i++) {
      for (let d = 0; d < dim; d++) Z[i * q + d] = (X[i * dim + d] - mean[d]) / scale[d];
      Z[i * q + dim] = 1;
    }
    // Start from the log class priors.
    const coef = new Float64Array(P);
    const counts = new Float64Array(k);
    for (let i = 0; i < n; i++) counts[y[i]]++;
    for (let c = 0; c < k; c++) coef[c * q + dim] = Math.log((counts[c] + 1) / (n + k));
    const pen = new Float64Array(P);
    for (let c = 0; c < k; c++) for (let d = 0; d < q; d++) pen[c * q + d] = d === dim ? 1e-8 : this.l2;
    const prob = new Float64Array(k);
    let loss = objective(Z, y, n, q, k, coef, pen, prob);
    for (let it = 0; it < this.maxIterations; it++) {
      const G = new Float64Array(P);
      const H = new Float64Array(P * P);
      for (let i = 0; i < n; i++) {
        const zo = i * q;
        softmaxRow(Z, zo, q, k, coef, prob);
        for (let c = 0; c < k; c++) {
          const r = prob[c] - (y[i] === c ? 1 : 0);
          for (let d = 0; d < q; d++) G[c * q + d] += r * Z[zo + d];
          for (let e = c; e < k; e++) {
            const h = (c === e ? prob[c] : 0) - prob[c] * prob[e];
            if (h === 0) continue;
            for (let d = 0; d < q; d++) {
              const hz = h * Z[zo + d];
              const row = (c * q + d) * P + e * q;
              for (let f = c === e ? d : 0; f < q; f++) H[row + f] += hz * Z[zo + f];
            }
          }
        }
      }
      // Symmetrise, scale by 1/n, add the penalty.
      for (let a = 0; a < P; a++) {
        G[a] = G[a] / n + pen[a] * coef[a];
        for (let b = a; b < P; b++) {
          const v = H[a * P + b] / n;
          H[a * P + b] = v;
          H[b * P + a] = v;
        }
        H[a * P + a] += pen[a];
      }
      const step = choleskySolve(H, G, P);
      let t = 1;
      let improved = false;
      const trial = new Float64Array(P);
      for (let half = 0; half < 30; half++) {
        for (let a = 0; a < P; a++) trial[a] = coef[a] - t * step[a];
        const l = objective(Z, y, n, q, k, trial, pen, prob);
        if (l <= loss) {
          const gain = loss - l;
          coef.set(trial);
          loss = l;
          improved = gain > 1e-10;
          break;
        }
        t /= 2;
      }
      if (!improved) break;
    }
    this.state = { dim, k, mean, scale, coef };
    return this;
  }

  /**
   * Class probabilities, n x k row-major.
   * @throws NotFittedError; InvalidArgumentError when X is not rows of `dim` values or holds a NaN or infinite value
   *   (naming the row and column).
   */
  predictProba(X: Float64Array): Float64Array {
    const st = this.fitted();
    const { dim, k, mean, scale, coef } = st;
    checkRows('LatentLogisticHead', X, dim);
    const q = dim + 1;
    const n = X.length / dim;
    const out = new Float64Array(n * k);
    const z = new Float64Array(q);
    const prob = new Float64Array(k);
    for (let i = 0; i < n; i++) {
      for (let d = 0; d < dim; d++) z[d] = (X[i * dim + d] - mean[d]) / scale[d];
      z[dim] = 1;
      softmaxRow(z, 0, q, k, coef, prob);
      out.set(prob, i * k);
    }
    return out;
  }

  /** The fitted head as JSON. @throws NotFittedError. */
  toJSON(): LatentLogisticHeadJSON {
    const st = this.fitted();
    return {
      dim: st.dim,
      numClasses: st.k,
      mean: encodeNumbers(st.mean),
      scale: encodeNumbers(st.scale),
      coef: encodeNumbers(st.coef),
    };
  }

  /** Rebuilds a fitted head. @throws ModelFormatError on bad shapes, a NaN or infinite value or a scale <= 0. */
  static fromJSON(json: unknown, what = 'head'): LatentLogisticHead {
    const o = json as Partial<LatentLogisticHeadJSON> | null;
    if (typeof o !== 'object' || o === null) throw new ModelFormatError(`${what}: must be an object`);
    const { dim, numClasses: k } = o;
    if (
      typeof dim !== 'number' ||
      !Number.isInteger(dim) ||
      dim < 1 ||
      typeof k !== 'number' ||
      !Number.isInteger(k) ||
      k < 2
    ) {
      throw new ModelFormatError(`${what}: dim must be >= 1 and numClasses >= 2`);
    }
    const mean = decodeNumbers(o.mean, `${what}.mean`);
    const scale = decodeNumbers(o.scale, `${what}.scale`);
    const coef = decodeNumbers(o.coef, `${what}.coef`);
    if (mean.length !== dim || scale.length !== dim || coef.length !== k * (dim + 1)) {
      throw new ModelFormatError(`${what}: mean/scale need ${dim} values and coef ${k * (dim + 1)}`);
    }
    // NaN or infinite values would make every probability NaN (a zero scale too): refused, naming the value.
    checkFiniteValues(mean, `${what}.mean`);
    checkFiniteValues(scale, `${what}.scale`, 'positive');
    checkFiniteValues(coef, `${what}.coef`);
    const h = new LatentLogisticHead();
    h.state = { dim, k, mean, scale, coef };
    return h;
  }

  private fitted() {
    if (this.state === undefined) throw new NotFittedError('LatentLogisticHead');
    return this.state;
  }
}

function softmaxRow(Z: Float64Array, zo: number, q: number, k: number, coef: Float64Array, out: Float64Array): void {
  let m = -Infinity;
  for (let c = 0; c < k; c++) {
    let s = 0;
    for (let d = 0; d < q; d++) s += coef[c * q + d] * Z[zo + d];
    out[c] = s;
    if (s > m) m = s;
  }
  let tot = 0;
  for (let c = 0; c < k; c++) {
    out[c] = Math.exp(out[c] - m);
    tot += out[c];
  }
  for (let c = 0; c < k; c++) out[c] /= tot;
}

function objective(
  Z: Float64Array,
  y: Int32Array,
  n: number,
  q: number,
  k: number,
  coef: Float64Array,
  pen: Float64Array,
  prob: Float64Array,
): number {
  let l = 0;
  for (let i = 0; i < n; i++) {
    softmaxRow(Z, i * q, q, k, coef, prob);
    l -= Math.log(Math.max(prob[y[i]], 1e-300));
  }
  l /= Math.max(n, 1);
  for (let a = 0; a < coef.length; a++) l += 0.5 * pen[a] * coef[a] * coef[a];
  return l;
}

/** Solves H x = g for a symmetric positive-definite H (P x P), adding jitter if a pivot fails. */
function choleskySolve(H: Float64Array, g: Float64Array, P: number): Float64Array {
  for (let jitter = 0; ; jitter = jitter === 0 ? 1e-10 : jitter * 10) {
    const L = new Float64Array(P * P);
    let ok = true;
    for (let i = 0; i < P && ok; i++) {
      for (let j = 0; j <= i; j++) {
        let s = H[i * P + j] + (i === j ? jitter : 0);
        for (let t = 0; t < j; t++) s -= L[i * P + t] * L[j * P + t];
        if (i === j) {
          if (!(s > 0)) {
            ok = false;
            break;
          }
          L[i * P + i] = Math.sqrt(s);
        } else L[i * P + j] = s / L[j * P + j];
      }
    }
    if (!ok && jitter < 1e6) continue;
    const z = new Float64Array(P);
    for (let i = 0; i < P; i++) {
      let s = g[i];
      for (let t = 0; t < i; t++) s -= L[i * P + t] * z[t];
      z[i] = s / L[i * P + i];
    }
    const x = new Float64Array(P);
    for (let i = P - 1; i >= 0; i--) {
      let s = z[i];
      for (let t = i + 1; t < P; t++) s -= L[t * P + i] * x[t];
      x[i] = s / L[i * P + i];
    }
    return x;
  }
}
