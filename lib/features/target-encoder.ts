import { InvalidArgumentError, ModelFormatError } from '../core/errors.js';
import {
  checkEstimatorJSON,
  checkFiniteValues,
  decodeNumbers,
  encodeNumbers,
  registerEstimator,
  type EstimatorJSON,
} from '../core/estimator.js';
import { seedOption } from '../core/rng.js';
import { BaseMatrixTransformer, restoreShape, type FittedShape } from './base-transformer.js';
import { learnLevels, levelMaps, readLevels } from './category-levels.js';
import { crossFitFolds } from './cross-fit-folds.js';
import { checkTargets, featureMatrix, type FeatureMatrix } from './feature-matrix.js';
import { FoldSums } from './fold-sums.js';
import { fromSavedOptions } from './saved-options.js';

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
  /** Seed of the fold assignment (default 0; a safe integer). */
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
 * rows. NaN is refused: encode missing as its own code. Numeric targets so large that an encoding is not finite
 * (sums beyond the float range, about 1.8e308) are refused at fit, naming the column and the level.
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

  /** @throws InvalidArgumentError on nClasses < 2, smoothing < 0, nFolds < 2 or a seed that is not a safe integer. */
  constructor(options: TargetEncoderOptions = {}) {
    super();
    this.nClasses = options.nClasses;
    this.smoothing = options.smoothing ?? 10;
    this.nFolds = options.nFolds ?? 5;
    this.seed = seedOption(options.seed, 'TargetEncoder');
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

  /** Learns into locals and assigns at the end, so a fit that throws leaves an earlier fit as it was. */
  protected fitState(X: FeatureMatrix, y: ArrayLike<number> | undefined): FittedShape {
    const { n, p, data } = X;
    const yy = this.checkY(y, n);
    const w = this.width;
    const m = this.smoothing;
    const levels = learnLevels(X, undefined, 'TargetEncoder');
    const maps = levelMaps(levels);
    const prior = new Float64Array(w);
    for (let i = 0; i < n; i++) this.addY(prior, 0, yy[i], 1);
    for (let c = 0; c < w; c++) prior[c] /= n;
    const enc: Float64Array[] = [];
    for (let j = 0; j < p; j++) {
      const L = levels[j].length;
      const count = new Float64Array(L);
      const sum = new Float64Array(L * w);
      for (let i = 0; i < n; i++) {
        const k = maps[j].get(data[i * p + j])!;
        count[k]++;
        this.addY(sum, k * w, yy[i], 1);
      }
      const e = new Float64Array(L * w);
      for (let k = 0; k < L; k++) {
        for (let c = 0; c < w; c++) e[k * w + c] = (sum[k * w + c] + m * prior[c]) / (count[k] + m);
        // A prior beyond the float range makes every encoding Infinity or NaN (0 * Infinity with smoothing 0).
        if (!Number.isFinite(e[k * w])) tooLarge(X.names[j], levels[j][k], e[k * w], 'all rows');
      }
      enc.push(e);
    }
    this.levels = levels;
    this.maps = maps;
    this.prior = prior;
    this.enc = enc;
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

  /** Adds row i's target (w sums, or a count per class) and the row itself (value w) to group g, fold f. */
  private addRow(sums: FoldSums, g: number, f: number, yi: number): void {
    if (this.nClasses === undefined) sums.add(g, f, 0, yi);
    else sums.add(g, f, yi, 1);
    sums.add(g, f, this.width, 1);
  }

  /**
   * Fits on all rows (for later `transform`), and returns the out-of-fold encoding of the training
   * rows: row i's value uses only rows in other folds (their counts, sums and prior). The other folds'
   * sums are added up, not subtracted from the totals, so a large target in a row's own fold cannot
   * cancel the others' in rounding (see {@link FoldSums}).
   * @throws InvalidArgumentError on bad X or y, or numeric targets so large that an encoding, over all rows or over
   *   the rows out of one fold, is not finite (naming the column and the level); an earlier fit is then kept.
   */
  override fitTransform(X: FeatureMatrix, y?: ArrayLike<number>): FeatureMatrix {
    const earlier = { shape: this.shape, levels: this.levels, maps: this.maps, enc: this.enc, prior: this.prior };
    this.fit(X, y);
    try {
      return this.outOfFold(X, y!);
    } catch (e) {
      ({ shape: this.shape, levels: this.levels, maps: this.maps, enc: this.enc, prior: this.prior } = earlier);
      throw e;
    }
  }

  /** The out-of-fold encoding of the rows just fitted. */
  private outOfFold(X: FeatureMatrix, yy: ArrayLike<number>): FeatureMatrix {
    const { n, p, data } = X;
    const w = this.width;
    const m = this.smoothing;
    const K = this.nFolds;
    const fold = crossFitFolds(n, K, this.seed);
    const q = p * w;
    const out = new Float64Array(n * q);
    // Each group holds w target sums (class counts) and, at index w, its row count.
    const rest = new Float64Array(w + 1);
    // One group of all rows: each fold's prior from the other folds.
    const all = new FoldSums(1, w + 1, K);
    for (let i = 0; i < n; i++) this.addRow(all, 0, fold[i], yy[i]);
    const oofPrior = new Float64Array(K * w);
    for (let f = 0; f < K; f++) {
      all.excluding(0, f, -1, rest);
      for (let c = 0; c < w; c++) oofPrior[f * w + c] = rest[w] > 0 ? rest[c] / rest[w] : this.prior[c];
    }
    for (let j = 0; j < p; j++) {
      const L = this.levels[j].length;
      const code = new Int32Array(n);
      const sums = new FoldSums(L, w + 1, K);
      for (let i = 0; i < n; i++) {
        const k = this.maps[j].get(data[i * p + j])!;
        code[i] = k;
        this.addRow(sums, k, fold[i], yy[i]);
      }
      // The encoding of level k for the rows of fold f, from the other folds only.
      const oof = new Float64Array(L * K * w);
      for (let k = 0; k < L; k++) {
        for (let f = 0; f < K; f++) {
          sums.excluding(k, f, -1, rest);
          const cnt = rest[w];
          for (let c = 0; c < w; c++) {
            const prior = oofPrior[f * w + c];
            // With smoothing 0 a category seen only in fold f has no other-fold rows: it is unseen there.
            oof[(k * K + f) * w + c] = cnt + m > 0 ? (rest[c] + m * prior) / (cnt + m) : prior;
          }
          const v = oof[(k * K + f) * w];
          if (!Number.isFinite(v)) tooLarge(X.names[j], this.levels[j][k], v, `the rows out of fold ${f}`);
        }
      }
      for (let i = 0; i < n; i++) {
        const at = (code[i] * K + fold[i]) * w;
        for (let c = 0; c < w; c++) out[i * q + j * w + c] = oof[at + c];
      }
    }
    return featureMatrix(out, n, q, this.outputNames);
  }

  /**
   * Checks loaded encoded values (a prior or a column's encodings): finite, and class rates in [0, 1] with
   * `nClasses`, as fit gives them (the smoothed mean of 0/1 indicators, which rounding keeps in [0, 1]).
   * @throws ModelFormatError naming `what` and the index.
   */
  private checkEncoded(values: Float64Array, what: string): void {
    checkFiniteValues(values, what);
    if (this.nClasses === undefined) return;
    for (let i = 0; i < values.length; i++) {
      if (!(values[i] >= 0 && values[i] <= 1))
        throw new ModelFormatError(`${what}[${i}] is ${values[i]}, not a class rate in [0, 1]`);
    }
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

  /**
   * Rebuilds a fitted encoder.
   * @throws ModelFormatError on a wrong kind, version or shape, a saved option the constructor refuses, repeated
   * levels, or fitted values no fit gives,
   * naming the field and index: a prior or encoding that is not finite, or with `nClasses`, not a class rate in
   * [0, 1] (`encodings[j]` holds level k, class c at k * nClasses + c).
   */
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
    const t = fromSavedOptions(
      KIND,
      () =>
        new TargetEncoder({
          nClasses: o.nClasses ?? undefined,
          smoothing: o.smoothing,
          nFolds: o.nFolds,
          seed: o.seed,
        }),
    );
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
      t.checkEncoded(d, `${KIND}: encodings[${j}]`);
      return d;
    });
    if (t.prior.length !== t.width) throw new ModelFormatError(`${KIND}: prior has the wrong length`);
    t.checkEncoded(t.prior, `${KIND}: prior`);
    const shape = restoreShape(o.names, t.levels.length, KIND);
    t.shape = { inputNames: shape.inputNames, outputNames: t.namesFor(shape.inputNames) };
    return t;
  }
}

/**
 * Refuses an encoding that is not finite: numeric targets whose sum leaves the float range (1e308 + 1e308) gave
 * Infinity encodings, and a saved encoder that its own fromJSON refused.
 * @throws InvalidArgumentError naming the column and the level.
 */
function tooLarge(column: string, level: number, value: number, rows: string): never {
  throw new InvalidArgumentError(
    `TargetEncoder: column '${column}', level ${level}: the encoding over ${rows} is ${value}: y is too large, ` +
      `the sum of its values is beyond the float range (about 1.8e308)`,
  );
}

registerEstimator(KIND, TargetEncoder.fromJSON, ['transformer', 'supervised', 'stochastic', 'cross-fitted']);
