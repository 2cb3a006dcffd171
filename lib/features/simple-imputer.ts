import { InvalidArgumentError, ModelFormatError } from '../core/errors.js';
import {
  checkEstimatorJSON,
  checkFiniteValues,
  decodeNumbers,
  encodeNumbers,
  registerEstimator,
  type EstimatorJSON,
} from '../core/estimator.js';
import { BaseMatrixTransformer, restoreShape, type FittedShape } from './base-transformer.js';
import { badCellError, type FeatureMatrix } from './feature-matrix.js';
import { quantileSelect } from './quantile.js';
import { scaledColumnMoments } from './column-moments.js';

/** How {@link SimpleImputer} fills a missing value. */
export type ImputeStrategy = 'median' | 'mean' | 'constant';

/** Options of {@link SimpleImputer}. */
export interface SimpleImputerOptions {
  /** `median` (default), `mean`, or `constant` (= `fillValue`). */
  strategy?: ImputeStrategy;
  /** The value for `constant`, and for a column with no observed value at fit time (default 0). */
  fillValue?: number;
  /**
   * Append one 0/1 column `<name>_missing` for every input column that had a missing value at fit
   * time (default false). Columns complete at fit time get no indicator, as in scikit-learn.
   */
  addIndicator?: boolean;
}

const KIND = 'simple-imputer';

/** Missing-value imputation: replaces NaN per column by the fitted median, mean or a constant. */
export class SimpleImputer extends BaseMatrixTransformer {
  readonly kind = KIND;
  protected readonly allowsNaN = true;
  protected override readonly scansValues = true;
  readonly strategy: ImputeStrategy;
  readonly fillValue: number;
  readonly addIndicator: boolean;
  private fill: Float64Array = new Float64Array(0);
  private indicatorCols = new Int32Array(0);

  /** @throws InvalidArgumentError on an unknown strategy or a non-finite fillValue. */
  constructor(options: SimpleImputerOptions = {}) {
    super();
    this.strategy = options.strategy ?? 'median';
    this.fillValue = options.fillValue ?? 0;
    this.addIndicator = options.addIndicator ?? false;
    if (!['median', 'mean', 'constant'].includes(this.strategy)) {
      throw new InvalidArgumentError(`SimpleImputer: unknown strategy '${this.strategy}'`);
    }
    if (!Number.isFinite(this.fillValue)) throw new InvalidArgumentError('SimpleImputer: fillValue must be finite');
  }

  /** The fitted fill value of each input column. @throws NotFittedError before fit. */
  get statistics(): Float64Array {
    this.fitted();
    return this.fill.slice();
  }

  protected fitState(X: FeatureMatrix): FittedShape {
    const { n, p, data } = X;
    const stats = columnStats(X, this.constructor.name);
    this.fill = new Float64Array(p);
    const ind: number[] = [];
    // Columns whose median needs a selection: not 0/1-valued (those have a closed form), with values.
    const select: number[] = [];
    for (let j = 0; j < p; j++) {
      const m = n - stats.missing[j];
      if (m < n) ind.push(j);
      if (this.strategy === 'constant' || m === 0) this.fill[j] = this.fillValue;
      else if (this.strategy === 'mean') {
        this.fill[j] = stats.sum[j] / m;
        // A sum beyond the float range (values near 1.7e308): the mean of the values divided by their largest |value|.
        if (!Number.isFinite(this.fill[j])) this.fill[j] = scaledColumnMoments(data, n, p, j, 0).mean;
      } else if (stats.binary[j]) this.fill[j] = binaryQuantile(m - stats.ones[j], m, 0.5);
      else select.push(j);
    }
    if (select.length > 0) {
      const cols = finiteColumns(data, n, p, select, stats.missing);
      for (let k = 0; k < select.length; k++) this.fill[select[k]] = quantileSelect(cols[k], 0.5);
    }
    this.indicatorCols = Int32Array.from(this.addIndicator ? ind : []);
    const names = X.names.slice();
    return { inputNames: names, outputNames: this.outputNamesFor(names) };
  }

  private outputNamesFor(names: string[]): string[] {
    return [...names, ...Array.from(this.indicatorCols, (j) => `${names[j]}_missing`)];
  }

  protected transformInto(X: FeatureMatrix, out: Float64Array, q: number): void {
    const { n, p, data } = X;
    const ind = this.indicatorCols;
    const nInd = ind.length;
    const fill = this.fill;
    for (let i = 0; i < n; i++) {
      const src = i * p;
      const dst = i * q;
      for (let j = 0; j < p; j++) {
        const v = data[src + j];
        if (v - v === 0) out[dst + j] = v;
        else if (v !== v) out[dst + j] = fill[j];
        else throw badCellError(X, this.constructor.name, src + j);
      }
      for (let k = 0; k < nInd; k++) {
        const v = data[src + ind[k]];
        out[dst + p + k] = v === v ? 0 : 1;
      }
    }
  }

  /** `{kind, version: 1, options, names, fill, indicatorColumns}`. @throws NotFittedError before fit. */
  toJSON(): EstimatorJSON {
    const s = this.fitted();
    return {
      kind: KIND,
      version: 1,
      strategy: this.strategy,
      fillValue: this.fillValue,
      addIndicator: this.addIndicator,
      names: s.inputNames,
      fill: encodeNumbers(this.fill),
      indicatorColumns: Array.from(this.indicatorCols),
    };
  }

  /**
   * Rebuilds a fitted imputer.
   * @throws ModelFormatError on a wrong kind, version or shape, a fill value that is not finite (naming its index),
   *   or `indicatorColumns` that `fit` never writes: not strictly increasing column indices, or
   *   any when `addIndicator` is false (naming the index).
   */
  static fromJSON(json: unknown): SimpleImputer {
    const o = checkEstimatorJSON<{
      strategy: ImputeStrategy;
      fillValue: number;
      addIndicator: boolean;
      names: unknown;
      fill: unknown;
      indicatorColumns: unknown;
    }>(json, KIND, [1]);
    const t = new SimpleImputer(o);
    t.fill = decodeNumbers(o.fill, 'fill');
    checkFiniteValues(t.fill, `${KIND}: fill`);
    const p = t.fill.length;
    const ic = o.indicatorColumns;
    if (!Array.isArray(ic) || ic.some((j) => !Number.isInteger(j) || j < 0 || j >= p)) {
      throw new ModelFormatError(`${KIND}: indicatorColumns must be column indices below ${p}`);
    }
    // As fit writes them: each column with a missing value once, in column order, and none without addIndicator
    // (a reordered or repeated list put each `_missing` column under another column's name).
    if (!t.addIndicator && ic.length > 0) {
      throw new ModelFormatError(`${KIND}: indicatorColumns must be empty when addIndicator is false`);
    }
    for (let k = 1; k < ic.length; k++) {
      if ((ic[k] as number) <= (ic[k - 1] as number)) {
        throw new ModelFormatError(
          `${KIND}: indicatorColumns[${k}] is ${ic[k]} after ${ic[k - 1]}: the indices must be strictly increasing`,
        );
      }
    }
    t.indicatorCols = Int32Array.from(ic as number[]);
    const shape = restoreShape(o.names, p, KIND);
    t.shape = { inputNames: shape.inputNames, outputNames: t.outputNamesFor(shape.inputNames) };
    return t;
  }
}

registerEstimator(KIND, SimpleImputer.fromJSON, ['transformer', 'handles-nan']);

/** Per-column counts of a row-major n x p array, from one pass over the rows. */
interface ColumnStats {
  /** NaN count. */
  missing: Int32Array;
  /** Sum of the non-NaN values, added in row order. */
  sum: Float64Array;
  /** Count of values equal to 1. */
  ones: Int32Array;
  /** 1 when every non-NaN value is +0 or 1. */
  binary: Uint8Array;
}

/** {@link ColumnStats} of X from one pass over its rows. @throws InvalidArgumentError on ±Infinity. */
function columnStats(X: FeatureMatrix, who: string): ColumnStats {
  const { n, p, data } = X;
  const missing = new Int32Array(p);
  const sum = new Float64Array(p);
  const ones = new Int32Array(p);
  const binary = new Uint8Array(p).fill(1);
  for (let i = 0; i < n; i++) {
    const o = i * p;
    for (let j = 0; j < p; j++) {
      const v = data[o + j];
      if (v !== v) missing[j]++;
      else {
        if (v - v !== 0) throw badCellError(X, who, o + j);
        sum[j] += v;
        if (v === 1) ones[j]++;
        else if (v !== 0 || 1 / v < 0) binary[j] = 0;
      }
    }
  }
  return { missing, sum, ones, binary };
}

/**
 * The type-7 quantile (as quantileSelect computes it) of m values of which `zeros` are 0 and the rest
 * 1, with the same arithmetic, so the result is bit-identical.
 */
function binaryQuantile(zeros: number, m: number, q: number): number {
  const h = (m - 1) * Math.min(1, Math.max(0, q));
  const lo = Math.floor(h);
  const a = lo < zeros ? 0 : 1;
  if (h === lo || lo + 1 >= m) return a;
  const b = lo + 1 < zeros ? 0 : 1;
  return a + (h - lo) * (b - a);
}

/** The non-NaN values of the columns `cols` of a row-major n x p array, in row order, from one pass. */
function finiteColumns(data: Float64Array, n: number, p: number, cols: number[], missing: Int32Array): Float64Array[] {
  const out = cols.map((j) => new Float64Array(n - missing[j]));
  const at = new Int32Array(cols.length);
  const c = Int32Array.from(cols);
  for (let i = 0; i < n; i++) {
    const o = i * p;
    for (let k = 0; k < c.length; k++) {
      const v = data[o + c[k]];
      if (v === v) out[k][at[k]++] = v;
    }
  }
  return out;
}
