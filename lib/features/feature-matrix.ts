import { InvalidArgumentError } from '../core/errors.js';

/**
 * A named numeric matrix: `n` rows by `p` columns, row-major in one Float64Array (`data[i * p + j]`).
 * NaN marks a missing value. Every transformer takes and returns this shape.
 */
export interface FeatureMatrix {
  /** Column names, length `p`. */
  names: string[];
  /** Row-major values, length `n * p`. */
  data: Float64Array;
  /** Number of rows. */
  n: number;
  /** Number of columns. */
  p: number;
}

/** Whether `names` are the default names `x0..x{p-1}` that {@link featureMatrix} gives a matrix built without names. */
export function hasDefaultNames(names: readonly string[]): boolean {
  return names.every((nm, j) => nm === `x${j}`);
}

/**
 * Checks that a matrix's column names are the ones a model was fitted on, in the same order, so that no column
 * is read as another (the matrix transformers of lib/features and the classifiers of lib/models check X with
 * it). A matrix without names, or with the default names `x0..x{p-1}` of `featureMatrix`, and a model fitted on
 * one, are matched by position: such names say nothing about what a column holds. Call after the feature count
 * has been checked.
 *
 * @param names - the matrix's names. @param fitted - the names the model was fitted on.
 * @param who - the model and matrix, as the message starts ("StandardScaler", "GradientBoostedTrees: validation X").
 * @param against - what `fitted` is, as the message says it (default "it was fitted on").
 * @throws InvalidArgumentError naming the first mismatching column, its name and the fitted one
 * ("GradientBoostedTrees: column 0 is 'weight_kg'; it was fitted on 'height_cm'").
 */
export function checkColumnNames(
  names: readonly string[] | undefined,
  fitted: readonly string[] | undefined,
  who: string,
  against = 'it was fitted on',
): void {
  if (names == null || fitted == null || hasDefaultNames(names) || hasDefaultNames(fitted)) return;
  for (let j = 0; j < fitted.length; j++) {
    if (names[j] !== fitted[j]) {
      throw new InvalidArgumentError(`${who}: column ${j} is '${names[j]}'; ${against} '${fitted[j]}'`);
    }
  }
}

/**
 * Builds a FeatureMatrix and checks its shape.
 *
 * @param names - column names (default `x0..x{p-1}`).
 * @throws InvalidArgumentError if `data.length !== n * p` or `names.length !== p`.
 */
export function featureMatrix(data: Float64Array, n: number, p: number, names?: string[]): FeatureMatrix {
  if (!Number.isInteger(n) || !Number.isInteger(p) || n < 0 || p < 0) {
    throw new InvalidArgumentError(`matrix shape must be non-negative integers, got ${n} x ${p}`);
  }
  if (data.length !== n * p)
    throw new InvalidArgumentError(`matrix data has ${data.length} values, expected ${n} x ${p}`);
  const nm = names ?? Array.from({ length: p }, (_, j) => `x${j}`);
  if (nm.length !== p) throw new InvalidArgumentError(`matrix has ${p} columns but ${nm.length} names`);
  return { names: nm, data, n, p };
}

/**
 * A FeatureMatrix from an array of rows (for tests, notebooks and small inputs).
 * @throws InvalidArgumentError if rows have different lengths.
 */
export function matrixFromRows(rows: ArrayLike<number>[], names?: string[]): FeatureMatrix {
  const n = rows.length;
  const p = n > 0 ? rows[0].length : (names?.length ?? 0);
  const data = new Float64Array(n * p);
  for (let i = 0; i < n; i++) {
    const r = rows[i];
    if (r.length !== p) throw new InvalidArgumentError(`row ${i} has ${r.length} values, expected ${p}`);
    for (let j = 0; j < p; j++) data[i * p + j] = r[j];
  }
  return featureMatrix(data, n, p, names);
}

/** The rows of a FeatureMatrix as plain arrays (for display and tests). */
export function matrixToRows(X: FeatureMatrix): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < X.n; i++) out.push(Array.from(X.data.subarray(i * X.p, (i + 1) * X.p)));
  return out;
}

/** Column `j` (or the column named `j`) as a new Float64Array. @throws InvalidArgumentError if absent. */
export function matrixColumn(X: FeatureMatrix, j: number | string): Float64Array {
  const k = typeof j === 'number' ? j : X.names.indexOf(j);
  if (k < 0 || k >= X.p) throw new InvalidArgumentError(`matrix has no column ${JSON.stringify(j)}`);
  const out = new Float64Array(X.n);
  for (let i = 0; i < X.n; i++) out[i] = X.data[i * X.p + k];
  return out;
}

/**
 * A new matrix with the rows at `indices`, in that order.
 * @throws InvalidArgumentError when an index is not an integer in 0..n-1.
 */
export function takeMatrixRows(X: FeatureMatrix, indices: ArrayLike<number>): FeatureMatrix {
  const { p } = X;
  const out = new Float64Array(indices.length * p);
  for (let r = 0; r < indices.length; r++) {
    const i = indices[r];
    if (!(Number.isInteger(i) && i >= 0 && i < X.n))
      throw new InvalidArgumentError(`row index ${i} is not an integer in 0..${X.n - 1}`);
    out.set(X.data.subarray(i * p, (i + 1) * p), r * p);
  }
  return featureMatrix(out, indices.length, p, X.names.slice());
}

/**
 * Joins matrices side by side (same rows).
 * @throws InvalidArgumentError if row counts differ.
 */
export function hstackMatrices(blocks: FeatureMatrix[]): FeatureMatrix {
  if (blocks.length === 0) return featureMatrix(new Float64Array(0), 0, 0, []);
  const n = blocks[0].n;
  let p = 0;
  for (const b of blocks) {
    if (b.n !== n) throw new InvalidArgumentError(`cannot join matrices of ${n} and ${b.n} rows`);
    p += b.p;
  }
  const data = new Float64Array(n * p);
  let off = 0;
  for (const b of blocks) {
    const bp = b.p;
    for (let i = 0; i < n; i++) {
      const src = i * bp;
      const dst = i * p + off;
      for (let j = 0; j < bp; j++) data[dst + j] = b.data[src + j];
    }
    off += bp;
  }
  return featureMatrix(
    data,
    n,
    p,
    blocks.flatMap((b) => b.names),
  );
}

/**
 * Checks a transformer's input: a FeatureMatrix with rows, the expected column count and, unless
 * `allowNaN`, no NaN. Infinity is always refused.
 *
 * @param who - the class name used in messages.
 * @param expectedP - the column count seen at fit time (omit at fit time).
 * @param shapeOnly - check the shape but not the values (for a caller that scans the values itself
 * and reports the first bad one with {@link badCellError}).
 * @throws InvalidArgumentError "StandardScaler: X has 3 features; it was fitted on 4", or names the
 * first bad cell ("row 12, column 'age' is NaN").
 */
export function checkInputMatrix(
  X: FeatureMatrix,
  who: string,
  opts: { expectedP?: number; allowNaN?: boolean; allowEmpty?: boolean; shapeOnly?: boolean } = {},
): void {
  if (!X || !(X.data instanceof Float64Array)) throw new InvalidArgumentError(`${who}: X must be a FeatureMatrix`);
  if (X.data.length !== X.n * X.p)
    throw new InvalidArgumentError(`${who}: X data length does not match ${X.n} x ${X.p}`);
  if (X.n === 0 && !(opts.allowEmpty ?? false)) throw new InvalidArgumentError(`${who}: X has no rows`);
  if (opts.expectedP !== undefined && X.p !== opts.expectedP) {
    throw new InvalidArgumentError(`${who}: X has ${X.p} features; it was fitted on ${opts.expectedP}`);
  }
  if (opts.shapeOnly ?? false) return;
  const allowNaN = opts.allowNaN ?? false;
  const d = X.data;
  for (let k = 0; k < d.length; k++) {
    const v = d[k];
    if (v - v !== 0 && (!allowNaN || !Number.isNaN(v))) throw badCellError(X, who, k);
  }
}

/** The error {@link checkInputMatrix} throws for the bad value at flat (row-major) index k of X. */
export function badCellError(X: FeatureMatrix, who: string, k: number): InvalidArgumentError {
  const i = Math.floor(k / X.p);
  const j = k - i * X.p;
  return new InvalidArgumentError(`${who}: row ${i}, column '${X.names[j]}' is ${X.data[k]}`);
}

/**
 * Checks labels or targets for `n` rows: finite numbers (class codes or values).
 * @throws InvalidArgumentError on a length mismatch or a non-finite value.
 */
export function checkTargets(y: ArrayLike<number> | undefined, n: number, who: string): ArrayLike<number> {
  if (y === undefined) throw new InvalidArgumentError(`${who}: fit needs targets y`);
  if (y.length !== n) throw new InvalidArgumentError(`${who}: y has ${y.length} values; X has ${n} rows`);
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(y[i])) throw new InvalidArgumentError(`${who}: y[${i}] is ${y[i]}`);
  }
  return y;
}
