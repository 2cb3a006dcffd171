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
import type { FeatureMatrix } from './feature-matrix.js';
import { finiteValues, quantileSelect, toColumnMajor } from './quantile.js';

/** Options of {@link RobustScaler}. */
export interface RobustScalerOptions {
  /** Subtract the column median (default true). */
  withCentering?: boolean;
  /** Divide by the inter-quantile range (default true). */
  withScaling?: boolean;
  /** The quantile range in percent, default [25, 75] (the IQR). */
  quantileRange?: [number, number];
}

const KIND = 'robust-scaler';

/**
 * Robust scaling: `(x - median) / (q_hi - q_lo)` per column, quantiles by linear interpolation
 * (type 7). NaN is ignored when fitting and passed through. A zero range leaves the column unscaled; a range
 * beyond the float range (quantiles of opposite signs near 1.7e308) is refused at fit, naming the column.
 */
export class RobustScaler extends BaseMatrixTransformer {
  readonly kind = KIND;
  protected readonly allowsNaN = true;
  readonly withCentering: boolean;
  readonly withScaling: boolean;
  readonly quantileRange: [number, number];
  private center: Float64Array = new Float64Array(0);
  private scale: Float64Array = new Float64Array(0);

  /** @throws InvalidArgumentError unless 0 <= lo < hi <= 100. */
  constructor(options: RobustScalerOptions = {}) {
    super();
    this.withCentering = options.withCentering ?? true;
    this.withScaling = options.withScaling ?? true;
    this.quantileRange = options.quantileRange ?? [25, 75];
    const [lo, hi] = this.quantileRange;
    if (!(lo >= 0 && lo < hi && hi <= 100)) {
      throw new InvalidArgumentError(
        `RobustScaler: quantileRange must satisfy 0 <= lo < hi <= 100, got [${lo}, ${hi}]`,
      );
    }
  }

  /** Fitted medians (0 without centering). @throws NotFittedError before fit. */
  get centers(): Float64Array {
    this.fitted();
    return this.center.slice();
  }

  /** Fitted ranges (1 without scaling or for a zero range). @throws NotFittedError before fit. */
  get scales(): Float64Array {
    this.fitted();
    return this.scale.slice();
  }

  protected fitState(X: FeatureMatrix): FittedShape {
    const { n, p, data } = X;
    const cols = toColumnMajor(data, n, p);
    // Made in locals and assigned at the end: a fit that throws leaves an earlier fit as it was.
    const center = new Float64Array(p);
    const scale = new Float64Array(p).fill(1);
    for (let j = 0; j < p; j++) {
      const s = finiteValues(cols.subarray(j * n, (j + 1) * n));
      if (s.length === 0) continue;
      if (this.withCentering) center[j] = quantileSelect(s, 0.5);
      if (this.withScaling) {
        const hi = quantileSelect(s, this.quantileRange[1] / 100);
        const lo = quantileSelect(s, this.quantileRange[0] / 100);
        const r = hi - lo;
        if (r === Infinity) {
          const [qlo, qhi] = this.quantileRange;
          throw new InvalidArgumentError(
            `RobustScaler: column '${X.names[j]}': the range from its ${qlo}% quantile ${lo} to its ${qhi}% quantile ` +
              `${hi} is beyond the float range (about 1.8e308), so it cannot scale the column; rescale the column`,
          );
        }
        if (r > 0) scale[j] = r;
      }
    }
    this.center = center;
    this.scale = scale;
    return { inputNames: X.names.slice(), outputNames: X.names.slice() };
  }

  protected transformInto(X: FeatureMatrix, out: Float64Array, q: number): void {
    for (let i = 0; i < X.n; i++) {
      for (let j = 0; j < q; j++) out[i * q + j] = (X.data[i * q + j] - this.center[j]) / this.scale[j];
    }
  }

  /** `{kind, version: 1, options, names, center, scale}`. @throws NotFittedError before fit. */
  toJSON(): EstimatorJSON {
    const s = this.fitted();
    return {
      kind: KIND,
      version: 1,
      withCentering: this.withCentering,
      withScaling: this.withScaling,
      quantileRange: this.quantileRange,
      names: s.inputNames,
      center: encodeNumbers(this.center),
      scale: encodeNumbers(this.scale),
    };
  }

  /**
   * Rebuilds a fitted scaler.
   * @throws ModelFormatError on a wrong kind, version or shape, a center that is not finite, or a scale that is not a
   * finite number > 0 (fit stores 1 for a zero range), naming the field and index.
   */
  static fromJSON(json: unknown): RobustScaler {
    const o = checkEstimatorJSON<{
      withCentering: boolean;
      withScaling: boolean;
      quantileRange: [number, number];
      names: unknown;
      center: unknown;
      scale: unknown;
    }>(json, KIND, [1]);
    const t = new RobustScaler(o);
    t.center = decodeNumbers(o.center, 'center');
    t.scale = decodeNumbers(o.scale, 'scale');
    if (t.scale.length !== t.center.length) throw new ModelFormatError(`${KIND}: center and scale lengths differ`);
    checkFiniteValues(t.center, `${KIND}: center`);
    checkFiniteValues(t.scale, `${KIND}: scale`, 'positive');
    t.shape = restoreShape(o.names, t.center.length, KIND);
    return t;
  }
}

registerEstimator(KIND, RobustScaler.fromJSON, ['transformer', 'handles-nan']);
