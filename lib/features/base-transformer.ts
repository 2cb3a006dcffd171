import { ModelFormatError, NotFittedError } from '../core/errors.js';
import type { EstimatorJSON } from '../core/estimator.js';
import { checkColumnNames, checkInputMatrix, featureMatrix, type FeatureMatrix } from './feature-matrix.js';
import type { MatrixTransformer } from './transformer.js';

/** The fitted shape every matrix transformer keeps: input names, and output names. */
export interface FittedShape {
  inputNames: string[];
  outputNames: string[];
}

/**
 * Shared plumbing of the matrix transformers: input checks, the fitted flag, `fitTransform` as
 * `fit` then `transform`, and an output buffer of the right shape. Subclasses implement
 * `fitState`, `transformInto` and `toJSON`.
 */
export abstract class BaseMatrixTransformer implements MatrixTransformer {
  abstract readonly kind: string;
  /** Whether NaN is accepted as "missing" in X. */
  protected abstract readonly allowsNaN: boolean;
  protected shape: FittedShape | undefined;
  /**
   * True when `fitState` and `transformInto` check X's values themselves (in their own pass over X,
   * throwing badCellError for the first bad cell in row-major order), so fit and transform check
   * only the shape.
   */
  protected readonly scansValues: boolean = false;

  /** True once fitted (or loaded). */
  get isFitted(): boolean {
    return this.shape !== undefined;
  }

  /** Output column names. @throws NotFittedError before fit. */
  get outputNames(): string[] {
    return this.fitted().outputNames.slice();
  }

  /** Number of input columns seen at fit. @throws NotFittedError before fit. */
  get nFeaturesIn(): number {
    return this.fitted().inputNames.length;
  }

  /**
   * Learns the state from X (and y for supervised transformers); replaces any earlier fit.
   * @returns this
   * @throws InvalidArgumentError on an empty X, NaN where not allowed, or bad y.
   */
  fit(X: FeatureMatrix, y?: ArrayLike<number>): this {
    checkInputMatrix(X, this.constructor.name, { allowNaN: this.allowsNaN, shapeOnly: this.scansValues });
    this.shape = this.fitState(X, y);
    return this;
  }

  /**
   * Maps X with the fitted state. X's columns must carry the fitted names in the fitted order, so that
   * no column is mapped with another's statistics and then labelled with the fitted name. An unnamed
   * matrix (the default names `x0..x{p-1}` of {@link featureMatrix}), or a transformer fitted on one,
   * is matched by position: such names say nothing about what a column holds.
   * @throws NotFittedError before fit; InvalidArgumentError on a wrong column count, a column name that
   * differs from the fitted one ("StandardScaler: column 0 is 'weight_kg'; it was fitted on
   * 'height_cm'"), NaN where not allowed, or an empty X.
   */
  transform(X: FeatureMatrix): FeatureMatrix {
    const shape = this.fitted();
    checkInputMatrix(X, this.constructor.name, {
      expectedP: shape.inputNames.length,
      allowNaN: this.allowsNaN,
      shapeOnly: this.scansValues,
    });
    checkColumnNames(X.names, shape.inputNames, this.constructor.name);
    return this.transformValid(X, shape);
  }

  /** `fit(X, y)` then `transform(X)` (X is checked once, by `fit`). */
  fitTransform(X: FeatureMatrix, y?: ArrayLike<number>): FeatureMatrix {
    this.fit(X, y);
    return this.transformValid(X, this.fitted());
  }

  private transformValid(X: FeatureMatrix, shape: FittedShape): FeatureMatrix {
    const q = shape.outputNames.length;
    const out = new Float64Array(X.n * q);
    this.transformInto(X, out, q);
    return featureMatrix(out, X.n, q, shape.outputNames.slice());
  }

  abstract toJSON(): EstimatorJSON;

  /** The fitted shape. @throws NotFittedError before fit. */
  protected fitted(): FittedShape {
    if (!this.shape) throw new NotFittedError(this.constructor.name);
    return this.shape;
  }

  /** Learns the state; returns the input and output names. */
  protected abstract fitState(X: FeatureMatrix, y: ArrayLike<number> | undefined): FittedShape;

  /** Writes the transformed rows of X into `out` (row-major, `q` columns). */
  protected abstract transformInto(X: FeatureMatrix, out: Float64Array, q: number): void;
}

/**
 * Rebuilds a fitted shape from JSON fields (used by `fromJSON` implementations).
 * @param outputNames - output names when they differ from the input names.
 * @throws ModelFormatError if `names` is not an array of `p` strings.
 */
export function restoreShape(names: unknown, p: number, kind: string, outputNames?: unknown): FittedShape {
  const ok = (a: unknown): a is string[] => Array.isArray(a) && a.every((s) => typeof s === 'string');
  if (!ok(names) || names.length !== p) throw new ModelFormatError(`${kind}: names must be ${p} strings`);
  if (outputNames !== undefined && !ok(outputNames)) throw new ModelFormatError(`${kind}: outputNames must be strings`);
  return { inputNames: names.slice(), outputNames: (outputNames as string[] | undefined)?.slice() ?? names.slice() };
}
