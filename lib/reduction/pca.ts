import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { PCA as MlPCA } from 'ml-pca';
import { InvalidArgumentError, ModelFormatError } from '../core/errors.js';
import {
  checkEstimatorJSON,
  checkFiniteValues,
  decodeNumbers,
  encodeNumbers,
  registerEstimator,
  type EstimatorJSON,
} from '../core/estimator.js';
import { BaseMatrixTransformer, restoreShape, type FittedShape } from '../features/base-transformer.js';
import {
  badCellError,
  checkInputMatrix,
  featureMatrix,
  hasDefaultNames,
  type FeatureMatrix,
} from '../features/feature-matrix.js';
import { scatterMatrix } from './scatter-matrix.js';
import { hasSpread } from '../features/has-spread.js';
import { needsScaledMoments, scaledColumnMoments } from '../features/column-moments.js';

/** Options of {@link PCA}. */
export interface PCAOptions {
  /**
   * Components kept (default all: min(n - 1, p)). More than p features is an error; more than n - 1 (the fit's n
   * rows less one) is cut to n - 1: centred, n rows span at most n - 1 directions, and a further component would
   * be an arbitrary direction of zero variance.
   */
  nComponents?: number;
  /**
   * Divide each centred column by its standard deviation (n - 1; default false). Constant columns (sd
   * at most 1e-12 times |mean|, i.e. zero up to rounding) are left unscaled.
   */
  scale?: boolean;
  /**
   * `svd`: ml-pca's SVD of the centred data; `covariance`: the p x p covariance accumulated over the
   * rows in typed arrays, then its symmetric eigendecomposition (fast for many rows); `auto`
   * (default): covariance when n >= 1,000 and n >= 5p, else SVD, and SVD after all when the covariance
   * route leaves a kept component whose variance is below 1e-8 of the largest (see below) and the data
   * vary along it. Both agree to 1e-6 wherever every kept variance is at least 1e-8 of the largest.
   * Forming the covariance squares the data's condition number: the covariance route's component of variance
   * r times the largest is accurate to about 1e-16 / r only, so an explicit `covariance` gets components of
   * variance ratio 1e-12 to about 1e-5 and those of 1e-16 or less not at all (columns whose sds differ by 1e8
   * without `scale`); `svd` and `auto` get them to about 1e-15. `auto` measures the variance along each such
   * component on the data themselves (no squaring): a direction the data do not vary along (features that are
   * linear combinations of others; rounding leaves about 1e-30 of the largest variance there), below 1e-20 of
   * the largest, is one the data leave open on either route, and keeps the covariance route.
   */
  method?: 'auto' | 'svd' | 'covariance';
}

const KIND = 'pca';

/**
 * Principal component analysis (Pearson 1901; Hotelling 1933): the data are centred (and optionally
 * scaled), and projected on the eigenvectors of their covariance matrix, in decreasing order of
 * eigenvalue. Each component's sign is fixed so that its largest-magnitude coefficient is positive, so
 * the SVD and covariance paths (and refits) give identical components, up to rounding (the covariance path's is
 * larger for components of tiny variance: see {@link PCAOptions.method}), wherever the data determine them: at
 * most n - 1 components are kept, and a component of zero variance that remains (features that are linear
 * combinations of others) or components of equal variance are directions the data leave open, which the two paths
 * may choose differently. NaN is refused: impute first. Columns of
 * huge or tiny values (about 1e200 or 1e-200) are centred and scaled without overflow, and the eigenproblem of
 * centred values beyond about 1e100 (or below 1e-100) is solved on the values divided by the largest of them, so
 * the fitted state is finite and loads; a column whose variance is beyond the float range (unscaled values about
 * 1e154 and beyond) is refused at fit with an InvalidArgumentError naming the column.
 */
export class PCA extends BaseMatrixTransformer {
  readonly kind = KIND;
  protected readonly allowsNaN = false;
  protected override readonly scansValues = true;
  readonly nComponents: number | undefined;
  readonly scale: boolean;
  readonly method: 'auto' | 'svd' | 'covariance';
  private mean: Float64Array = new Float64Array(0);
  private sd: Float64Array = new Float64Array(0);
  /** k x p, row-major: component c is row c. */
  private comp: Float64Array = new Float64Array(0);
  private eig: Float64Array = new Float64Array(0);
  private total = 0;
  private used: 'svd' | 'covariance' = 'svd';

  /** @throws InvalidArgumentError on nComponents < 1 or an unknown method. */
  constructor(options: PCAOptions = {}) {
    super();
    this.nComponents = options.nComponents;
    this.scale = options.scale ?? false;
    this.method = options.method ?? 'auto';
    if (this.nComponents !== undefined && !(Number.isInteger(this.nComponents) && this.nComponents >= 1)) {
      throw new InvalidArgumentError(`PCA: nComponents must be an integer >= 1, got ${this.nComponents}`);
    }
    if (!['auto', 'svd', 'covariance'].includes(this.method))
      throw new InvalidArgumentError(`PCA: unknown method '${this.method}'`);
  }

  /** The method the last fit used. @throws NotFittedError before fit. */
  get fittedMethod(): 'svd' | 'covariance' {
    this.fitted();
    return this.used;
  }

  /** Column means of the training data. @throws NotFittedError before fit. */
  get means(): Float64Array {
    this.fitted();
    return this.mean.slice();
  }

  /**
   * Column scales (standard deviations when `scale`; 1 for a constant column or without `scale`).
   * @throws NotFittedError before fit.
   */
  get scales(): Float64Array {
    this.fitted();
    return this.sd.slice();
  }

  /** Components as a k x p matrix (rows = components, columns = input features). @throws NotFittedError. */
  get components(): FeatureMatrix {
    const s = this.fitted();
    return featureMatrix(this.comp.slice(), this.eig.length, s.inputNames.length, s.inputNames.slice());
  }

  /** Variance along each kept component (the covariance eigenvalues). @throws NotFittedError before fit. */
  get explainedVariance(): Float64Array {
    this.fitted();
    return this.eig.slice();
  }

  /** Share of the total variance along each kept component. @throws NotFittedError before fit. */
  get explainedVarianceRatio(): Float64Array {
    this.fitted();
    return this.eig.map((v) => (this.total > 0 ? v / this.total : 0));
  }

  /**
   * Loadings, k x p: component c times sqrt(its variance), i.e. the covariance of each (scaled) input
   * feature with the standardised component score (score / sqrt(variance)); with `scale`, the
   * correlation with the score. @throws NotFittedError before fit.
   */
  get loadings(): FeatureMatrix {
    const C = this.components;
    for (let c = 0; c < C.n; c++) {
      const f = Math.sqrt(Math.max(0, this.eig[c]));
      for (let j = 0; j < C.p; j++) C.data[c * C.p + j] *= f;
    }
    return C;
  }

  protected fitState(X: FeatureMatrix): FittedShape {
    const { n, p, data } = X;
    // Means and (sample) standard deviations in two passes; the first also refuses NaN and
    // infinities (the base class checks only the shape), before any other check as it would.
    const mean = new Float64Array(p);
    for (let i = 0; i < n; i++) {
      const o = i * p;
      for (let j = 0; j < p; j++) {
        const v = data[o + j];
        if (v - v !== 0) throw badCellError(X, this.constructor.name, o + j);
        mean[j] += v;
      }
    }
    if (n < 2) throw new InvalidArgumentError('PCA: needs at least 2 rows');
    if (p < 1) throw new InvalidArgumentError('PCA: needs at least 1 feature column');
    const k = Math.min(this.nComponents ?? p, p, n - 1);
    if (this.nComponents !== undefined && this.nComponents > p) {
      throw new InvalidArgumentError(`PCA: nComponents ${this.nComponents} exceeds the ${p} features`);
    }
    for (let j = 0; j < p; j++) {
      mean[j] /= n;
      // A sum beyond the float range (values near 1.7e308): the mean of the values divided by their largest |value|.
      if (!Number.isFinite(mean[j])) mean[j] = scaledColumnMoments(data, n, p, j, 1).mean;
    }
    const sd = new Float64Array(p).fill(1);
    if (this.scale) {
      const ss = new Float64Array(p);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < p; j++) {
          const d = data[i * p + j] - mean[j];
          ss[j] += d * d;
        }
      }
      for (let j = 0; j < p; j++) {
        let s = Math.sqrt(ss[j] / (n - 1));
        // Squares that overflow (values about 1e154 and beyond) or underflow (about 1e-154 and below).
        if (needsScaledMoments(ss[j])) s = scaledColumnMoments(data, n, p, j, 1, mean[j]).sd;
        if (s === Infinity) {
          throw new InvalidArgumentError(
            `PCA: column '${X.names[j]}' varies too widely: its standard deviation is beyond the float range ` +
              `(about 1.8e308); rescale the column`,
          );
        }
        if (hasSpread(s, mean[j])) sd[j] = s;
      }
    }
    const factor = extremeFactor(X, mean, sd, this.constructor.name);
    let used = this.method === 'auto' ? (n >= 1000 && n >= 5 * p ? 'covariance' : 'svd') : this.method;
    // With centred values about 1e154 and beyond (or 1e-154 and below), their squares leave the float range: the
    // eigenproblem is solved for the values divided by `factor` (the components are the same), and the variances
    // are multiplied back by factor^2.
    const divisor = factor === 1 ? sd : sd.map((s) => s * factor);
    let eigen = used === 'covariance' ? covarianceEigen(X, mean, divisor) : svdEigen(X, mean, divisor);
    if (this.method === 'auto' && used === 'covariance' && illConditioned(X, mean, divisor, eigen, k)) {
      used = 'svd';
      eigen = svdEigen(X, mean, divisor);
    }
    const { vectors } = eigen;
    const values = factor === 1 ? eigen.values : eigen.values.map((v) => v * factor * factor);
    const total = factor === 1 ? eigen.total : eigen.total * factor * factor;
    if (
      !Number.isFinite(total) ||
      values.some((v) => !Number.isFinite(v)) ||
      vectors.some((v) => !Number.isFinite(v))
    ) {
      const j = widestColumn(X, mean, sd);
      throw new InvalidArgumentError(
        `PCA: column '${X.names[j]}' varies too widely: values as far as ${farthest(X, mean, sd, j)} from its mean ` +
          `have a variance beyond the float range (about 1.8e308); rescale the column${this.scale ? '' : ' or use scale: true'}`,
      );
    }
    this.mean = mean;
    this.sd = sd;
    this.used = used;
    // Keep k components, sign-normalised: the largest |coefficient| is positive.
    const comp = new Float64Array(k * p);
    for (let c = 0; c < k; c++) {
      let best = 0;
      for (let j = 1; j < p; j++) if (Math.abs(vectors[c * p + j]) > Math.abs(vectors[c * p + best]) + 1e-12) best = j;
      const sign = vectors[c * p + best] < 0 ? -1 : 1;
      for (let j = 0; j < p; j++) comp[c * p + j] = sign * vectors[c * p + j];
    }
    this.comp = comp;
    this.eig = values.slice(0, k).map((v) => Math.max(0, v));
    this.total = total;
    return { inputNames: X.names.slice(), outputNames: Array.from({ length: k }, (_, c) => `PC${c + 1}`) };
  }

  protected transformInto(X: FeatureMatrix, out: Float64Array, k: number): void {
    const { n, p, data } = X;
    const z = new Float64Array(p);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < p; j++) {
        const v = data[i * p + j];
        if (v - v !== 0) throw badCellError(X, this.constructor.name, i * p + j);
        z[j] = (v - this.mean[j]) / this.sd[j];
      }
      for (let c = 0; c < k; c++) {
        let s = 0;
        for (let j = 0; j < p; j++) s += z[j] * this.comp[c * p + j];
        out[i * k + c] = s;
      }
    }
  }

  /**
   * Maps component scores (n x k) back to the input space: `Z · components`, unscaled and uncentred.
   * Exact when all components are kept. Z's columns must be the components in order, named as
   * `transform` names them (`PC1..PCk`), so that scores are never multiplied by another component.
   * @throws NotFittedError before fit; InvalidArgumentError if Z does not have k columns, or a column
   * name is not the output name at its index ("column 0 of Z is 'PC2'; the PCA's column 0 is 'PC1'").
   */
  inverseTransform(Z: FeatureMatrix): FeatureMatrix {
    const s = this.fitted();
    const k = this.eig.length;
    const p = s.inputNames.length;
    checkInputMatrix(Z, 'PCA.inverseTransform', { expectedP: k });
    // a Z built without names (x0, x1...) is read by position, as BaseMatrixTransformer.transform reads X
    if (Z.names !== undefined && !hasDefaultNames(Z.names)) {
      for (let c = 0; c < k; c++) {
        if (Z.names[c] !== s.outputNames[c]) {
          throw new InvalidArgumentError(
            `PCA.inverseTransform: column ${c} of Z is '${Z.names[c]}'; the PCA's column ${c} is '${s.outputNames[c]}'`,
          );
        }
      }
    }
    const out = new Float64Array(Z.n * p);
    for (let i = 0; i < Z.n; i++) {
      for (let j = 0; j < p; j++) {
        let v = 0;
        for (let c = 0; c < k; c++) v += Z.data[i * k + c] * this.comp[c * p + j];
        out[i * p + j] = v * this.sd[j] + this.mean[j];
      }
    }
    return featureMatrix(out, Z.n, p, s.inputNames.slice());
  }

  /** Options and fitted state as JSON (format version 1). @throws NotFittedError before fit. */
  toJSON(): EstimatorJSON {
    const s = this.fitted();
    return {
      kind: KIND,
      version: 1,
      nComponents: this.nComponents ?? null,
      scale: this.scale,
      method: this.method,
      fittedMethod: this.used,
      names: s.inputNames,
      mean: encodeNumbers(this.mean),
      scales: encodeNumbers(this.sd),
      components: encodeNumbers(this.comp),
      variances: encodeNumbers(this.eig),
      totalVariance: this.total,
    };
  }

  /**
   * Rebuilds a fitted PCA.
   * @throws ModelFormatError on a wrong kind, version or shape, or on fitted values no fit gives, naming the field
   * and index: a mean or component coefficient that is not finite, a scale that is not a finite number > 0 (fit
   * stores 1 for a constant column or without `scale`), a variance that is not a finite number >= 0.
   */
  static fromJSON(json: unknown): PCA {
    const o = checkEstimatorJSON<{
      nComponents: number | null;
      scale: boolean;
      method: 'auto' | 'svd' | 'covariance';
      fittedMethod: 'svd' | 'covariance';
      names: unknown;
      mean: unknown;
      scales: unknown;
      components: unknown;
      variances: unknown;
      totalVariance: number;
    }>(json, KIND, [1]);
    const t = new PCA({ nComponents: o.nComponents ?? undefined, scale: o.scale, method: o.method });
    t.mean = decodeNumbers(o.mean, 'mean');
    t.sd = decodeNumbers(o.scales, 'scales');
    t.comp = decodeNumbers(o.components, 'components');
    t.eig = decodeNumbers(o.variances, 'variances');
    const p = t.mean.length;
    const k = t.eig.length;
    if (t.sd.length !== p || t.comp.length !== k * p)
      throw new ModelFormatError(`${KIND}: shapes of mean, scales, components differ`);
    checkFiniteValues(t.mean, `${KIND}: mean`);
    checkFiniteValues(t.sd, `${KIND}: scales`, 'positive');
    checkFiniteValues(t.comp, `${KIND}: components`);
    checkFiniteValues(t.eig, `${KIND}: variances`, 'non-negative');
    if (!(typeof o.totalVariance === 'number' && o.totalVariance >= 0 && Number.isFinite(o.totalVariance))) {
      throw new ModelFormatError(`${KIND}: totalVariance must be a finite number >= 0`);
    }
    if (o.fittedMethod !== 'svd' && o.fittedMethod !== 'covariance') {
      throw new ModelFormatError(`${KIND}: fittedMethod must be 'svd' or 'covariance'`);
    }
    t.total = o.totalVariance;
    t.used = o.fittedMethod;
    t.shape = restoreShape(
      o.names,
      p,
      KIND,
      Array.from({ length: k }, (_, c) => `PC${c + 1}`),
    );
    return t;
  }
}

interface Eigen {
  /** Eigenvectors as rows (m x p), decreasing eigenvalue. */
  vectors: Float64Array;
  values: Float64Array;
  /** Total variance (trace of the covariance). */
  total: number;
}

/** Covariance of the centred, scaled rows (blocked, see {@link scatterMatrix}), then its EVD. */
function covarianceEigen(X: FeatureMatrix, mean: Float64Array, sd: Float64Array): Eigen {
  const { n, p } = X;
  const C = scatterMatrix(X, mean, sd);
  const rows: number[][] = [];
  for (let a = 0; a < p; a++) {
    const r = new Array<number>(p);
    for (let b = 0; b < p; b++) r[b] = C[a * p + b] / (n - 1);
    rows.push(r);
  }
  let total = 0;
  for (let a = 0; a < p; a++) total += rows[a][a];
  const evd = new EigenvalueDecomposition(new Matrix(rows), { assumeSymmetric: true });
  const vals = evd.realEigenvalues;
  const V = evd.eigenvectorMatrix;
  const order = vals.map((_, c) => c).sort((a, b) => vals[b] - vals[a]);
  const vectors = new Float64Array(p * p);
  const values = new Float64Array(p);
  order.forEach((c, r) => {
    values[r] = vals[c];
    for (let j = 0; j < p; j++) vectors[r * p + j] = V.get(j, c);
  });
  return { vectors, values, total };
}

/** ml-pca's SVD of the centred, scaled data. */
function svdEigen(X: FeatureMatrix, mean: Float64Array, sd: Float64Array): Eigen {
  const { n, p, data } = X;
  const rows: number[][] = [];
  let total = 0;
  for (let i = 0; i < n; i++) {
    const r = new Array<number>(p);
    for (let j = 0; j < p; j++) {
      r[j] = (data[i * p + j] - mean[j]) / sd[j];
      total += r[j] * r[j];
    }
    rows.push(r);
  }
  const m = new MlPCA(rows, { center: false, scale: false, method: 'SVD' });
  const U = m.getEigenvectors();
  const S = m.getEigenvalues();
  const q = S.length;
  const vectors = new Float64Array(q * p);
  for (let c = 0; c < q; c++) for (let j = 0; j < p; j++) vectors[c * p + j] = U.get(j, c);
  return { vectors, values: Float64Array.from(S), total: total / (n - 1) };
}

/**
 * A kept component whose covariance-route variance is below this share of the largest is computed on the SVD route
 * by `auto` (when the data vary along it): the covariance route's variances and components are accurate to about
 * 1e-16 / share, i.e. to 1e-8 and better above it.
 */
const SMALL_VARIANCE = 1e-8;

/**
 * A direction whose variance, measured on the data, is below this share of the largest is one the data do not vary
 * along (rounding leaves about 1e-30 there; a true variance this small is a column 1e10 times narrower than another).
 */
const NULL_VARIANCE = 1e-20;

/**
 * Whether the covariance route's result is too inaccurate for `auto`: one of the k kept components has a variance
 * below {@link SMALL_VARIANCE} of the largest, and the data, projected on it (no squaring of the condition number),
 * vary along it by more than {@link NULL_VARIANCE} of the largest. Ordinary data have no such component and are not
 * read again.
 */
function illConditioned(X: FeatureMatrix, mean: Float64Array, divisor: Float64Array, eigen: Eigen, k: number): boolean {
  const { n, p, data } = X;
  const { values, vectors } = eigen;
  const small: number[] = [];
  for (let c = 0; c < k; c++) if (values[c] < SMALL_VARIANCE * values[0]) small.push(c);
  if (small.length === 0) return false;
  const ss = new Float64Array(small.length);
  const z = new Float64Array(p);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) z[j] = (data[i * p + j] - mean[j]) / divisor[j];
    for (let t = 0; t < small.length; t++) {
      const o = small[t] * p;
      let s = 0;
      for (let j = 0; j < p; j++) s += z[j] * vectors[o + j];
      ss[t] += s * s;
    }
  }
  return ss.some((v) => v / (n - 1) > NULL_VARIANCE * values[0]);
}

/** Centred, scaled values beyond this magnitude (or below its inverse) have squares near the float limits. */
const EXTREME = 1e100;

/**
 * 1 when every centred, scaled value |x - mean| / sd is within [1e-100, 1e100] or 0 (every ordinary fit: its
 * arithmetic is unchanged), else the largest such value, by which the eigenproblem's input is divided so that its
 * squares and sums stay in the float range.
 * @throws InvalidArgumentError naming the column when a value and its mean are further apart than the float range.
 */
function extremeFactor(X: FeatureMatrix, mean: Float64Array, sd: Float64Array, who: string): number {
  const { n, p, data } = X;
  let big = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) {
      const z = Math.abs(data[i * p + j] - mean[j]) / sd[j];
      if (z === Infinity) {
        throw new InvalidArgumentError(
          `${who}: column '${X.names[j]}': row ${i}'s value ${data[i * p + j]} is further from the column mean ` +
            `${mean[j]} than the float range allows; rescale the column`,
        );
      }
      if (z > big) big = z;
    }
  }
  return big > EXTREME || (big > 0 && big < 1 / EXTREME) ? big : 1;
}

/** The column with the largest centred, scaled value |x - mean| / sd (the one whose variance overflows first). */
function widestColumn(X: FeatureMatrix, mean: Float64Array, sd: Float64Array): number {
  let best = 0;
  let top = -1;
  for (let j = 0; j < X.p; j++) {
    const z = farthest(X, mean, sd, j);
    if (z > top) {
      top = z;
      best = j;
    }
  }
  return best;
}

/** The largest |x - mean| / sd of column j. */
function farthest(X: FeatureMatrix, mean: Float64Array, sd: Float64Array, j: number): number {
  let top = 0;
  for (let i = 0; i < X.n; i++) top = Math.max(top, Math.abs(X.data[i * X.p + j] - mean[j]) / sd[j]);
  return top;
}

registerEstimator(KIND, PCA.fromJSON, ['transformer']);
