import { InvalidArgumentError } from '../core/errors.js';
import { checkColumnNames } from '../features/feature-matrix.js';

/**
 * The numeric input of {@link GradientBoostedTrees}: `n` rows by `p` features, row-major
 * (`data[i * p + j]`), NaN for a missing value. A `FeatureMatrix` of lib/features has this shape.
 */
export interface GbdtMatrix {
  data: Float64Array;
  n: number;
  p: number;
  /** Optional feature names, length `p`. */
  names?: string[];
}

/**
 * Checks the shape of a matrix given to the model.
 *
 * @param expectedP - the feature count the model was fitted on, if fitted.
 * @throws InvalidArgumentError on a malformed shape, `names` that are not `p` strings, an empty matrix,
 * or a wrong feature count ("X has 3 features; the model was fitted on 4").
 */
export function checkGbdtMatrix(X: GbdtMatrix, what: string, expectedP?: number): void {
  if (typeof X !== 'object' || X === null || !(X.data instanceof Float64Array)) {
    throw new InvalidArgumentError(`${what} must be {data: Float64Array, n, p}`);
  }
  const { n, p, data } = X;
  if (!Number.isInteger(n) || !Number.isInteger(p) || n < 0 || p < 0) {
    throw new InvalidArgumentError(`${what} shape must be non-negative integers, got ${n} x ${p}`);
  }
  if (data.length !== n * p) {
    throw new InvalidArgumentError(`${what} data has ${data.length} values, expected ${n} x ${p} = ${n * p}`);
  }
  const names: unknown = X.names;
  if (names != null && !(Array.isArray(names) && names.length === p && names.every((s) => typeof s === 'string'))) {
    throw new InvalidArgumentError(`${what} names must be ${p} strings (one per feature)`);
  }
  if (expectedP !== undefined && p !== expectedP) {
    throw new InvalidArgumentError(`${what} has ${p} features; the model was fitted on ${expectedP}`);
  }
  if (n === 0) throw new InvalidArgumentError(`${what} is empty (0 rows)`);
  if (p === 0) throw new InvalidArgumentError(`${what} has no features`);
}

/**
 * Checks class codes: one per row, integers in 0..k-1.
 * @throws InvalidArgumentError naming the first bad row ("y[12] = 5 is not a class code in 0..2").
 */
export function checkGbdtLabels(y: ArrayLike<number>, n: number, k: number, what: string): Int32Array {
  checkLabelArray(y, what);
  if (y.length !== n) throw new InvalidArgumentError(`${what} has ${y.length} labels for ${n} rows`);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const v = y[i];
    if (!Number.isInteger(v) || v < 0 || v >= k) {
      throw new InvalidArgumentError(`${what}[${i}] = ${v} is not a class code in 0..${k - 1}`);
    }
    out[i] = v;
  }
  return out;
}

function checkLabelArray(y: unknown, what: string): asserts y is ArrayLike<number> {
  if (y === null || typeof y !== 'object' || typeof (y as { length?: unknown }).length !== 'number') {
    throw new InvalidArgumentError(`${what} must be an array of class codes`);
  }
}

/**
 * The most classes a fit infers from its labels when no `classNames` are given (k = max(y) + 1). A larger
 * label is most likely an ID, not a class code: it would grow that many trees per round and allocate rows x k
 * scores (2 ** 32 threw an untyped RangeError). Give `classNames` to fit more classes.
 */
const MAX_INFERRED_CLASSES = 1000;

/** The checked inputs of a {@link GradientBoostedTrees} fit (see {@link checkGbdtFitInput}). */
export interface GbdtFitInput {
  /** Number of classes. */
  k: number;
  /** The training class codes. */
  y: Int32Array;
  /** The validation class codes, when a validation set was given. */
  validationY: Int32Array | undefined;
}

/**
 * Checks what a forest's `fit` is given, in the order it reports problems: the matrix X, the labels y (k =
 * `classNames.length` if given, else max(y) + 1 over the whole codes, at least 2 and at most 1,000), then the
 * validation set's matrix (X's feature count; its column names X's, unless either is unnamed) and labels. GbdtBag
 * runs it in the main thread before any worker starts, so that bad input fails there at once, as it does in a
 * forest.
 * @throws InvalidArgumentError naming the input and the first bad row or field; without `classNames`, naming the
 * first label that would make more than 1,000 classes ("y[2] = 4294967296 would make 4294967297 classes ...").
 */
export function checkGbdtFitInput(
  X: GbdtMatrix,
  y: ArrayLike<number>,
  classNames: readonly string[] | undefined,
  validation: { X: GbdtMatrix; y: ArrayLike<number> } | undefined,
): GbdtFitInput {
  checkGbdtMatrix(X, 'X');
  checkLabelArray(y, 'y');
  let k = classNames?.length ?? 0;
  if (classNames === undefined) {
    // Only whole codes count: a label 1.5 is then reported against the classes 0..1, not 0..1.5.
    for (let i = 0; i < y.length; i++) {
      const v = y[i];
      if (!Number.isSafeInteger(v) || v + 1 <= k) continue;
      if (v + 1 > MAX_INFERRED_CLASSES) {
        throw new InvalidArgumentError(
          `y[${i}] = ${v} would make ${v + 1} classes (k = max(y) + 1; without classNames at most ` +
            `${MAX_INFERRED_CLASSES}): if it is an ID, recode the labels to class codes 0..k-1; else give classNames`,
        );
      }
      k = v + 1;
    }
    k = Math.max(k, 2);
  }
  const labels = checkGbdtLabels(y, X.n, k, 'y');
  if (validation === undefined) return { k, y: labels, validationY: undefined };
  if (validation === null || typeof validation !== 'object') {
    throw new InvalidArgumentError('validation must be {X, y}: labelled rows with the columns of X');
  }
  checkGbdtMatrix(validation.X, 'validation X', X.p);
  checkColumnNames(validation.X.names, X.names, 'GradientBoostedTrees: validation X', 'X has');
  return { k, y: labels, validationY: checkGbdtLabels(validation.y, validation.X.n, k, 'validation y') };
}
