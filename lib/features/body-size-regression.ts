/**
 * The body-size regression of {@link RelativeSizeFeatures} (internal to lib/features): least squares
 * of size on an intercept, weight_kg, height_cm and bust_band, solved from accumulated normal
 * equations so that a fold's rows can be left out by summing the other folds' equations.
 */
import { InvalidArgumentError } from '../core/errors.js';

/** Body columns the regression reads, in coefficient order after the intercept. */
export const BODY_SIZE_INPUTS = ['weight_kg', 'height_cm', 'bust_band'] as const;

/** Number of coefficients (intercept + inputs). */
export const BODY_SIZE_DIM = BODY_SIZE_INPUTS.length + 1;

/** Width of one accumulated system: the D x D matrix X'X then the vector X'y. */
export const NORMAL_EQUATIONS_WIDTH = BODY_SIZE_DIM * BODY_SIZE_DIM + BODY_SIZE_DIM;

/**
 * Adds row x (with x[0] = 1) and target y to normal equations `acc` (length NORMAL_EQUATIONS_WIDTH)
 * through `add(j, value)`.
 */
export function addNormalEquation(x: ArrayLike<number>, y: number, add: (j: number, v: number) => void): void {
  const D = BODY_SIZE_DIM;
  for (let a = 0; a < D; a++) {
    for (let b = 0; b < D; b++) add(a * D + b, x[a] * x[b]);
    add(D * D + a, x[a] * y);
  }
}

/**
 * Solves accumulated normal equations by Gaussian elimination with partial pivoting.
 * @returns the D coefficients, or null when the system is singular (a pivot relatively zero: fewer rows than
 * coefficients, or collinear inputs).
 */
function eliminate(acc: ArrayLike<number>): Float64Array | null {
  const D = BODY_SIZE_DIM;
  const m: number[][] = [];
  let scale = 0;
  for (let a = 0; a < D; a++) {
    m.push([]);
    for (let b = 0; b < D; b++) m[a].push(acc[a * D + b]);
    m[a].push(acc[D * D + a]);
    scale = Math.max(scale, Math.abs(acc[a * D + a]));
  }
  if (!(scale > 0)) return null;
  for (let c = 0; c < D; c++) {
    let p = c;
    for (let r = c + 1; r < D; r++) if (Math.abs(m[r][c]) > Math.abs(m[p][c])) p = r;
    if (!(Math.abs(m[p][c]) > 1e-12 * scale)) return null;
    [m[c], m[p]] = [m[p], m[c]];
    for (let r = 0; r < D; r++) {
      if (r === c) continue;
      const f = m[r][c] / m[c][c];
      for (let k = c; k <= D; k++) m[r][k] -= f * m[c][k];
    }
  }
  return Float64Array.from(m, (row, a) => row[D] / row[a]);
}

/**
 * Normal equations of the regression on scaled values: each input divided by `scale[j]` (j = 1..D-1, the largest
 * magnitude of input j) and the target by `scale[0]` (its largest magnitude), so that no sum of products leaves the
 * float range.
 */
export interface ScaledNormalEquations {
  acc: ArrayLike<number>;
  scale: ArrayLike<number>;
}

/**
 * The body regression's coefficients from normal equations `plain`, solved as they are when they and their
 * solution are finite (ordinary data: the plain solve, bit for bit). Otherwise (body values or sizes of about 1e154
 * and beyond, whose squares overflow, or whose pivots make those of ordinary values look like zero) from the
 * equations of the scaled values that `scaled` makes on demand, the coefficients multiplied back: c_0 = c'_0 s_0 and
 * c_j = c'_j s_0 / s_j. This is the same least-squares problem, so its answer is the plain one's where both exist.
 * @param what - names the regression in the error (`RelativeSizeFeatures: the body regression without fold 3`).
 * @returns the D coefficients; all NaN when the system is singular (fewer rows than coefficients, collinear inputs).
 * @throws InvalidArgumentError when even the scaled solution is not finite.
 */
export function solveBodySizeRegression(
  plain: ArrayLike<number>,
  scaled: () => ScaledNormalEquations,
  what: string,
): Float64Array {
  let finite = true;
  for (let k = 0; k < NORMAL_EQUATIONS_WIDTH; k++) if (!Number.isFinite(plain[k])) finite = false;
  const direct = finite ? eliminate(plain) : null;
  if (direct && direct.every(Number.isFinite)) return direct;
  const { acc, scale } = scaled();
  const c = eliminate(acc);
  if (!c) return new Float64Array(BODY_SIZE_DIM).fill(NaN);
  for (let j = 0; j < BODY_SIZE_DIM; j++) c[j] = j === 0 ? c[j] * scale[0] : (c[j] * scale[0]) / scale[j];
  if (!c.every(Number.isFinite)) {
    throw new InvalidArgumentError(
      `${what}: size ~ 1 + ${BODY_SIZE_INPUTS.join(' + ')} has no finite solution (coefficients ${Array.from(c).join(', ')})`,
    );
  }
  return c;
}
