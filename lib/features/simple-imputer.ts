import { InvalidArgumentError, ModelFormatError } from '../core/errors.js';
import {
  checkEstimatorJSON,
  decodeNumbers,
  encodeNumbers,
  registerEstimator,
  type EstimatorJSON,
} from '../core/estimator.js';
import { BaseMatrixTransformer, restoreShape, type FittedShape } from './base-transformer.js';
import type { FeatureMatrix } from './feature-matrix.js';
import { finiteValues, quantileSelect, toColumnMajor } from './quantile.js';

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
    const cols = toColumnMajor(data, n, p);
    this.fill = new Float64Array(p);
    const ind: number[] = [];
    for (let j = 0; j < p; j++) {
      const s = finiteValues(cols.subarray(j * n, (j + 1) * n));
      if (s.length < n) ind.push(j);
      if (this.strategy === 'constant' || s.length === 0) this.fill[j] = this.fillValue;
      else if (this.strategy === 'median') this.fill[j] = quantileSelect(s, 0.5);
      else {
        let t = 0;
        for (let k = 0; k < s.length; k++) t += s[k];
        this.fill[j] = t / s.length;
      }
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
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < p; j++) {
        const v = data[i * p + j];
        out[i * q + j] = v === v ? v : this.fill[j];
      }
      for (let k = 0; k < ind.length; k++) out[i * q + p + k] = Number.isNaN(data[i * p + ind[k]]) ? 1 : 0;
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

  /** Rebuilds a fitted imputer. @throws ModelFormatError on a wrong kind, version or shape. */
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
    const p = t.fill.length;
    const ic = o.indicatorColumns;
    if (!Array.isArray(ic) || ic.some((j) => !Number.isInteger(j) || j < 0 || j >= p)) {
      throw new ModelFormatError(`${KIND}: indicatorColumns must be column indices below ${p}`);
    }
    t.indicatorCols = Int32Array.from(ic as number[]);
    const shape = restoreShape(o.names, p, KIND);
    t.shape = { inputNames: shape.inputNames, outputNames: t.outputNamesFor(shape.inputNames) };
    return t;
  }
}

registerEstimator(KIND, SimpleImputer.fromJSON, ['transformer', 'handles-nan']);
