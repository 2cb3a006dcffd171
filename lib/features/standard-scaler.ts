import { ModelFormatError } from '../core/errors.js';
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
import { hasSpread } from './has-spread.js';
import { needsScaledMoments, scaledColumnMoments } from './column-moments.js';

/** Options of {@link StandardScaler}. */
export interface StandardScalerOptions {
  /** Subtract the column mean (default true). */
  withMean?: boolean;
  /** Divide by the column standard deviation (population, ddof 0; default true). */
  withStd?: boolean;
}

const KIND = 'standard-scaler';

/**
 * Standard scaling: `(x - mean) / sd` per column. NaN is ignored when fitting and passed through
 * (missing stays missing). A constant column (sd at most 1e-12 times |mean|, i.e. zero up to
 * rounding) is only centred (its scale is 1). A column of huge or tiny values (about 1e200 or 1e-200, whose
 * squares overflow or underflow) gets its mean and sd from the values divided by its largest |value|, so they are
 * finite and the fitted scaler saves and loads.
 */
export class StandardScaler extends BaseMatrixTransformer {
  readonly kind = KIND;
  protected readonly allowsNaN = true;
  readonly withMean: boolean;
  readonly withStd: boolean;
  private mean: Float64Array = new Float64Array(0);
  private scale: Float64Array = new Float64Array(0);

  constructor(options: StandardScalerOptions = {}) {
    super();
    this.withMean = options.withMean ?? true;
    this.withStd = options.withStd ?? true;
  }

  /** Fitted column means (0 where `withMean` is false). @throws NotFittedError before fit. */
  get means(): Float64Array {
    this.fitted();
    return this.mean.slice();
  }

  /** Fitted column scales (1 where `withStd` is false or the column is constant). @throws NotFittedError. */
  get scales(): Float64Array {
    this.fitted();
    return this.scale.slice();
  }

  protected fitState(X: FeatureMatrix): FittedShape {
    const { n, p, data } = X;
    // Row-wise passes (sequential memory): counts and sums, then squared deviations.
    const cnt = new Float64Array(p);
    const mu = new Float64Array(p);
    for (let i = 0; i < n; i++) {
      const o = i * p;
      for (let j = 0; j < p; j++) {
        const v = data[o + j];
        if (v === v) {
          mu[j] += v;
          cnt[j]++;
        }
      }
    }
    for (let j = 0; j < p; j++) mu[j] = cnt[j] > 0 ? mu[j] / cnt[j] : 0;
    const ss = new Float64Array(p);
    for (let i = 0; i < n; i++) {
      const o = i * p;
      for (let j = 0; j < p; j++) {
        const v = data[o + j];
        if (v === v) ss[j] += (v - mu[j]) * (v - mu[j]);
      }
    }
    const mean = new Float64Array(p);
    const scale = new Float64Array(p).fill(1);
    for (let j = 0; j < p; j++) {
      let sd = cnt[j] > 0 ? Math.sqrt(ss[j] / cnt[j]) : 0;
      if (cnt[j] > 0 && needsScaledMoments(ss[j])) {
        // Values whose sum or squares overflow (about 1e154 and beyond) or whose squares underflow: the same
        // moments computed on the column divided by its largest |value|, both finite.
        const m = scaledColumnMoments(data, n, p, j, 0, Number.isFinite(mu[j]) ? mu[j] : undefined);
        mu[j] = m.mean;
        sd = m.sd;
      }
      mean[j] = this.withMean ? mu[j] : 0;
      scale[j] = this.withStd && hasSpread(sd, mu[j]) ? sd : 1;
    }
    this.mean = mean;
    this.scale = scale;
    return { inputNames: X.names.slice(), outputNames: X.names.slice() };
  }

  protected transformInto(X: FeatureMatrix, out: Float64Array, q: number): void {
    const { n, data } = X;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < q; j++) out[i * q + j] = (data[i * q + j] - this.mean[j]) / this.scale[j];
    }
  }

  /** `{kind, version: 1, withMean, withStd, names, mean, scale}`. @throws NotFittedError before fit. */
  toJSON(): EstimatorJSON {
    const s = this.fitted();
    return {
      kind: KIND,
      version: 1,
      withMean: this.withMean,
      withStd: this.withStd,
      names: s.inputNames,
      mean: encodeNumbers(this.mean),
      scale: encodeNumbers(this.scale),
    };
  }

  /**
   * Rebuilds a fitted scaler.
   * @throws ModelFormatError on a wrong kind, version or shape, a mean that is not finite, or a scale that is not a
   * finite number > 0 (fit stores 1 for a constant column), naming the field and index.
   */
  static fromJSON(json: unknown): StandardScaler {
    const o = checkEstimatorJSON<{
      withMean: boolean;
      withStd: boolean;
      names: string[];
      mean: unknown;
      scale: unknown;
    }>(json, KIND, [1]);
    const t = new StandardScaler({ withMean: o.withMean, withStd: o.withStd });
    t.mean = decodeNumbers(o.mean, 'mean');
    t.scale = decodeNumbers(o.scale, 'scale');
    if (t.scale.length !== t.mean.length) throw new ModelFormatError(`${KIND}: mean and scale lengths differ`);
    checkFiniteValues(t.mean, `${KIND}: mean`);
    checkFiniteValues(t.scale, `${KIND}: scale`, 'positive');
    t.shape = restoreShape(o.names, t.mean.length, KIND);
    return t;
  }
}

registerEstimator(KIND, StandardScaler.fromJSON, ['transformer', 'handles-nan']);
