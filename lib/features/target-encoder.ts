import { InvalidArgumentError, ModelFormatError } from '../core/errors.js';
import {
  checkEstimatorJSON,
  decodeNumbers,
  encodeNumbers,
  registerEstimator,
  type EstimatorJSON,
} from '../core/estimator.js';
import { BaseMatrixTransformer, restoreShape, type FittedShape } from './base-transformer.js';
import { learnLevels, levelMaps, readLevels } from './category-levels.js';
import { crossFitFolds } from './cross-fit-folds.js';
import { checkTargets, featureMatrix, type FeatureMatrix } from './feature-matrix.js';

/** Options of {@link TargetEncoder}. */
export interface TargetEncoderOptions {
  /**
   * When set, y holds class codes 0..nClasses-1 and each input column becomes nClasses columns
   * (the smoothed rate of each class, `<name>_rate<c>`); otherwise y is numeric and each column
   * becomes its smoothed mean (`<name>_mean`).
   */
  nClasses?: number;
  /** Prior weight m in pseudo-rows (default 10): value = (sum_y + m * prior) / (count + m). */
  smoothing?: number;
  /** Folds for the out-of-fold values of `fitTransform` (default 5). */
  nFolds?: number;
  /** Seed of the fold assignment (default 0). */
  seed?: number;
}

const KIND = 'target-encoder';

/**
 * Target (mean) encoding with smoothing towards the prior and out-of-fold fitting (Micci-Barreca 2001,
 * "A preprocessing scheme for high-cardinality categorical attributes", with the K-fold scheme of
 * scikit-learn's TargetEncoder).
 *
 * Each category value c of a column is encoded as `(sum of y over rows with c + m * prior) /
 * (count of c + m)`, the prior being the mean of y (per class rate for `nClasses`). Unseen categories
 * get the prior, also with smoothing 0. `fitTransform(X, y)` returns, for each training row, the
 * encoding fitted on the other folds only (prior included; a category absent from the other folds is
 * unseen there), so a row's own label never enters its own value; `transform` uses the fit on all
 * rows. NaN is refused: encode missing as its own code.
 */
export class TargetEncoder extends BaseMatrixTransformer {
  readonly kind = KIND;
  protected readonly allowsNaN = false;
  readonly nClasses: number | undefined;
  readonly smoothing: number;
  readonly nFolds: number;
  readonly seed: number;
  private levels: number[][] = [];
  private maps: Map<number, number>[] = [];
  /** Per column: encodings, levels x width (width = nClasses or 1). */
  private enc: Float64Array[] = [];
  private prior: Float64Array = new Float64Array(0);

  /** @throws InvalidArgumentError on nClasses < 2, smoothing < 0 or nFolds < 2. */
  constructor(options: TargetEncoderOptions = {}) {
    super();
    this.nClasses = options.nClasses;
    this.smoothing = options.smoothing ?? 10;
    this.nFolds = options.nFolds ?? 5;
    this.seed = options.seed ?? 0;
    if (this.nClasses !== undefined && !(Number.isInteger(this.nClasses) && this.nClasses >= 2)) {
      throw new InvalidArgumentError(`TargetEncoder: nClasses must be an integer >= 2, got ${this.nClasses}`);
    }
    if (!(this.smoothing >= 0)) throw new InvalidArgumentError(`TargetEncoder: smoothing must be >= 0`);
    if (!(Number.isInteger(this.nFolds) && this.nFolds >= 2)) {
      throw new InvalidArgumentError(`TargetEncoder: nFolds must be an integer >= 2, got ${this.nFolds}`);
    }
  }

  private get width(): number {
    return this.nClasses ?? 1;
  }

  /** The prior (mean of y, or class rates). @throws NotFittedError before fit. */
  get priorValues(): Float64Array {
    this.fitted();
    return this.prior.slice();
  }

  private checkY(y: ArrayLike<number> | undefined, n: number): ArrayLike<number> {
    const yy = checkTargets(y, n, 'TargetEncoder');
    if (this.nClasses !== undefined) {
      for (let i = 0; i < n; i++) {
        const c = yy[i];
        if (!Number.isInteger(c) || c < 0 || c >= this.nClasses) {
          throw new InvalidArgumentError(`TargetEncoder: y[${i}] = ${c} is not a class code 0..${this.nClasses - 1}`);
        }
      }
    }
    return yy;
  }

  /** Adds row i's target to sums at offset `at` (width entries). */
  private addY(sum: Float64Array, at: number, yi: number, sign: number): void {
    if (this.nClasses === undefined) sum[at] += sign * yi;
    else sum[at + yi] += sign;
  }

  protected fitState(X: FeatureMatrix, y: ArrayLike<number> | undefined): FittedShape {
    const { n, p, data } = X;
    const yy = this.checkY(y, n);
    const w = this.width;
    const m = this.smoothing;
    this.levels = learnLevels(X, undefined, 'TargetEncoder');
    this.maps = levelMaps(this.levels);
    this.prior = new Float64Array(w);
    for (let i = 0; i < n; i++) this.addY(this.prior, 0, yy[i], 1);
    for (let c = 0; c < w; c++) this.prior[c] /= n;
    this.enc = [];
    for (let j = 0; j < p; j++) {
      const L = this.levels[j].length;
      const count = new Float64Array(L);
      const sum = new Float64Array(L * w);
      for (let i = 0; i < n; i++) {
        const k = this.maps[j].get(data[i * p + j])!;
        count[k]++;
        this.addY(sum, k * w, yy[i], 1);
      }
      const e = new Float64Array(L * w);
      for (let k = 0; k < L; k++) {
        for (let c = 0; c < w; c++) e[k * w + c] = (sum[k * w + c] + m * this.prior[c]) / (count[k] + m);
      }
      this.enc.push(e);
    }
    return { inputNames: X.names.slice(), outputNames: this.namesFor(X.names) };
  }

  private namesFor(names: string[]): string[] {
    return names.flatMap((nm) =>
      this.nClasses === undefined ? [`${nm}_mean`] : Array.from({ length: this.nClasses }, (_, c) => `${nm}_rate${c}`),
    );
  }

  protected transformInto(X: FeatureMatrix, out: Float64Array, q: number): void {
    const { n, p, data } = X;
    const w = this.width;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < p; j++) {
        const k = this.maps[j].get(data[i * p + j]);
        for (let c = 0; c < w; c++) out[i * q + j * w + c] = k === undefined ? this.prior[c] : this.enc[j][k * w + c];
      }
    }
  }

  /**
   * Fits on all rows (for later `transform`), and returns the out-of-fold encoding of the training
   * rows: row i's value uses only rows in other folds (their counts, sums and prior).
   * @throws InvalidArgumentError on bad X or y.
   */
  override fitTransform(X: FeatureMatrix, y?: ArrayLike<number>): FeatureMatrix {
    this.fit(X, y);
    const yy = y!;
    const { n, p, data } = X;
    const w = this.width;
    const m = this.smoothing;
    const K = this.nFolds;
    const fold = crossFitFolds(n, K, this.seed);
    const q = p * w;
    const out = new Float64Array(n * q);
    // Per-fold totals give each fold's prior from the other folds.
    const foldN = new Float64Array(K);
    const foldSum = new Float64Array(K * w);
    for (let i = 0; i < n; i++) {
      foldN[fold[i]]++;
      this.addY(foldSum, fold[i] * w, yy[i], 1);
    }
    const oofPrior = new Float64Array(K * w);
    for (let f = 0; f < K; f++) {
      const rest = n - foldN[f];
      for (let c = 0; c < w; c++) {
        const s = this.prior[c] * n - foldSum[f * w + c];
        oofPrior[f * w + c] = rest > 0 ? s / rest : this.prior[c];
      }
    }
    for (let j = 0; j < p; j++) {
      const L = this.levels[j].length;
      const code = new Int32Array(n);
      const count = new Float64Array(L * K);
      const sum = new Float64Array(L * K * w);
      const totCount = new Float64Array(L);
      const totSum = new Float64Array(L * w);
      for (let i = 0; i < n; i++) {
        const k = this.maps[j].get(data[i * p + j])!;
        code[i] = k;
        count[k * K + fold[i]]++;
        totCount[k]++;
        this.addY(sum, (k * K + fold[i]) * w, yy[i], 1);
        this.addY(totSum, k * w, yy[i], 1);
      }
      for (let i = 0; i < n; i++) {
        const k = code[i];
        const f = fold[i];
        const cnt = totCount[k] - count[k * K + f];
        for (let c = 0; c < w; c++) {
          const s = totSum[k * w + c] - sum[(k * K + f) * w + c];
          // With smoothing 0 a category seen only in fold f has no other-fold rows: it is unseen there.
          out[i * q + j * w + c] = cnt + m > 0 ? (s + m * oofPrior[f * w + c]) / (cnt + m) : oofPrior[f * w + c];
        }
      }
    }
    return featureMatrix(out, n, q, this.outputNames);
  }

  /** `{kind, version: 1, options, names, levels, encodings, prior}`. @throws NotFittedError before fit. */
  toJSON(): EstimatorJSON {
    const s = this.fitted();
    return {
      kind: KIND,
      version: 1,
      nClasses: this.nClasses ?? null,
      smoothing: this.smoothing,
      nFolds: this.nFolds,
      seed: this.seed,
      names: s.inputNames,
      levels: this.levels,
      encodings: this.enc.map((e) => encodeNumbers(e)),
      prior: encodeNumbers(this.prior),
    };
  }

  /** Rebuilds a fitted encoder. @throws ModelFormatError on a wrong kind, version or shape. */
  static fromJSON(json: unknown): TargetEncoder {
    const o = checkEstimatorJSON<{
      nClasses: number | null;
      smoothing: number;
      nFolds: number;
      seed: number;
      names: unknown;
      levels: unknown;
      encodings: unknown;
      prior: unknown;
    }>(json, KIND, [1]);
    const t = new TargetEncoder({
      nClasses: o.nClasses ?? undefined,
      smoothing: o.smoothing,
      nFolds: o.nFolds,
      seed: o.seed,
    });
    t.levels = readLevels(o.levels, KIND);
    t.maps = levelMaps(t.levels);
    t.prior = decodeNumbers(o.prior, 'prior');
    if (!Array.isArray(o.encodings) || o.encodings.length !== t.levels.length) {
      throw new ModelFormatError(`${KIND}: encodings must have one array per column`);
    }
    t.enc = o.encodings.map((e, j) => {
      const d = decodeNumbers(e, `encodings[${j}]`);
      if (d.length !== t.levels[j].length * t.width)
        throw new ModelFormatError(`${KIND}: encodings[${j}] has the wrong length`);
      return d;
    });
    if (t.prior.length !== t.width) throw new ModelFormatError(`${KIND}: prior has the wrong length`);
    const shape = restoreShape(o.names, t.levels.length, KIND);
    t.shape = { inputNames: shape.inputNames, outputNames: t.namesFor(shape.inputNames) };
    return t;
  }
}

registerEstimator(KIND, TargetEncoder.fromJSON, ['transformer', 'supervised', 'stochastic', 'cross-fitted']);
