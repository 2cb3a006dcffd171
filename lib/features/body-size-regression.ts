/**
 * The body-size regression of {@link RelativeSizeFeatures} (internal to lib/features): least squares
 * of size on an intercept, weight_kg, height_cm and bust_band, solved from accumulated normal
 * equations so that a fold's rows can be left out by summing the other folds' equations.
 */

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
 * @returns the D coefficients, all NaN when the system is singular (fewer rows than coefficients,
 * or collinear inputs).
 */
export function solveNormalEquations(acc: ArrayLike<number>): Float64Array {
  const D = BODY_SIZE_DIM;
  const m: number[][] = [];
  let scale = 0;
  for (let a = 0; a < D; a++) {
    m.push([]);
    for (let b = 0; b < D; b++) m[a].push(acc[a * D + b]);
    m[a].push(acc[D * D + a]);
    scale = Math.max(scale, Math.abs(acc[a * D + a]));
  }
  const singular = new Float64Array(D).fill(NaN);
  if (!(scale > 0)) return singular;
  for (let c = 0; c < D; c++) {
    let p = c;
    for (let r = c + 1; r < D; r++) if (Math.abs(m[r][c]) > Math.abs(m[p][c])) p = r;
    if (!(Math.abs(m[p][c]) > 1e-12 * scale)) return singular;
    [m[c], m[p]] = [m[p], m[c]];
    for (let r = 0; r < D; r++) {
      if (r === c) continue;
      const f = m[r][c] / m[c][c];
      for (let k = c; k <= D; k++) m[r][k] -= f * m[c][k];
    }
  }
  return Float64Array.from(m, (row, a) => row[D] / row[a]);
}
