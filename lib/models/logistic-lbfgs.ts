import { InvalidArgumentError } from '../core/errors.js';

/** A smooth objective: writes the gradient at `x` into `grad` and returns the value at `x`. */
export type LbfgsObjective = (x: Float64Array, grad: Float64Array) => number;

/** Options of {@link minimizeLbfgs}. */
export interface LbfgsOptions {
  /** Number of correction pairs kept (default 10). */
  memory?: number;
  /** Maximum number of iterations (default 500). */
  maxIterations?: number;
  /** Stop when the largest absolute gradient component is below this (default 1e-8). */
  gradientTolerance?: number;
  /**
   * Stop when an iteration lowers the value by less than `valueTolerance * max(1, |f|)` (default 0:
   * off, so that only the gradient test stops a converging run).
   */
  valueTolerance?: number;
}

/** What {@link minimizeLbfgs} returns. */
export interface LbfgsResult {
  /** The minimiser found (a new array). */
  x: Float64Array;
  /** The value at `x`. */
  value: number;
  /** Euclidean norm of the gradient at `x`. */
  gradientNorm: number;
  /** Iterations run. */
  iterations: number;
  /** Function and gradient evaluations made. */
  evaluations: number;
  /** True when a tolerance was met (not stopped by `maxIterations` or a failed line search). */
  converged: boolean;
}

/**
 * Minimises a smooth function with limited-memory BFGS (Liu & Nocedal 1989, "On the limited memory
 * BFGS method for large scale optimization", Math. Programming 45) and a backtracking Armijo line
 * search. Deviation: no Wolfe curvature test; a correction pair is kept only when `s·y > 0`, which always
 * holds for the strictly convex objectives it is used on (L2-penalised log-losses).
 *
 * @param f - the objective with its gradient.
 * @param x0 - the start (not modified).
 * @returns the minimiser and a convergence report.
 * @throws InvalidArgumentError when an option is out of range or the value at `x0` is not finite.
 */
export function minimizeLbfgs(f: LbfgsObjective, x0: Float64Array, options: LbfgsOptions = {}): LbfgsResult {
  const m = options.memory ?? 10;
  const maxIter = options.maxIterations ?? 500;
  const gtol = options.gradientTolerance ?? 1e-8;
  const ftol = options.valueTolerance ?? 0;
  if (!(Number.isInteger(m) && m >= 1))
    throw new InvalidArgumentError(`L-BFGS: memory must be an integer >= 1, got ${m}`);
  if (!(Number.isInteger(maxIter) && maxIter >= 0))
    throw new InvalidArgumentError(`L-BFGS: maxIterations must be an integer >= 0, got ${maxIter}`);
  if (!(gtol >= 0)) throw new InvalidArgumentError(`L-BFGS: gradientTolerance must be >= 0, got ${gtol}`);
  if (!(ftol >= 0)) throw new InvalidArgumentError(`L-BFGS: valueTolerance must be >= 0, got ${ftol}`);
  const d = x0.length;
  const x = Float64Array.from(x0);
  const g = new Float64Array(d);
  let fx = f(x, g);
  let evaluations = 1;
  if (!Number.isFinite(fx)) throw new InvalidArgumentError(`L-BFGS: the objective at the start is ${fx}`);
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const rho: number[] = [];
  const alpha = new Float64Array(m);
  const dir = new Float64Array(d);
  const xNew = new Float64Array(d);
  const gNew = new Float64Array(d);
  let iterations = 0;
  let converged = maxAbs(g) <= gtol;
  while (!converged && iterations < maxIter) {
    // Two-loop recursion: dir = -H g.
    for (let j = 0; j < d; j++) dir[j] = -g[j];
    const h = S.length;
    for (let t = h - 1; t >= 0; t--) {
      alpha[t] = rho[t] * dot(S[t], dir);
      axpy(-alpha[t], Y[t], dir);
    }
    const gamma = h > 0 ? dot(S[h - 1], Y[h - 1]) / dot(Y[h - 1], Y[h - 1]) : 1 / Math.max(1, norm(g));
    for (let j = 0; j < d; j++) dir[j] *= gamma;
    for (let t = 0; t < h; t++) {
      const beta = rho[t] * dot(Y[t], dir);
      axpy(alpha[t] - beta, S[t], dir);
    }
    let slope = dot(g, dir);
    if (!(slope < 0)) {
      // Not a descent direction (numerical trouble): restart from steepest descent.
      S.length = Y.length = rho.length = 0;
      for (let j = 0; j < d; j++) dir[j] = -g[j] / Math.max(1, norm(g));
      slope = dot(g, dir);
    }
    let step = 1;
    let fNew = NaN;
    let accepted = false;
    for (let ls = 0; ls < 60; ls++) {
      for (let j = 0; j < d; j++) xNew[j] = x[j] + step * dir[j];
      fNew = f(xNew, gNew);
      evaluations++;
      if (Number.isFinite(fNew) && fNew <= fx + 1e-4 * step * slope) {
        accepted = true;
        break;
      }
      step *= 0.5;
    }
    iterations++;
    if (!accepted) break;
    const s = new Float64Array(d);
    const y = new Float64Array(d);
    for (let j = 0; j < d; j++) {
      s[j] = xNew[j] - x[j];
      y[j] = gNew[j] - g[j];
    }
    const sy = dot(s, y);
    if (sy > 1e-300) {
      if (S.length === m) {
        S.shift();
        Y.shift();
        rho.shift();
      }
      S.push(s);
      Y.push(y);
      rho.push(1 / sy);
    }
    const decrease = fx - fNew;
    x.set(xNew);
    g.set(gNew);
    fx = fNew;
    if (maxAbs(g) <= gtol || (ftol > 0 && decrease <= ftol * Math.max(1, Math.abs(fx)))) converged = true;
  }
  return { x, value: fx, gradientNorm: norm(g), iterations, evaluations, converged };
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += a[j] * b[j];
  return s;
}

function axpy(a: number, x: Float64Array, y: Float64Array): void {
  for (let j = 0; j < x.length; j++) y[j] += a * x[j];
}

function norm(a: Float64Array): number {
  return Math.sqrt(dot(a, a));
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (let j = 0; j < a.length; j++) if (Math.abs(a[j]) > m) m = Math.abs(a[j]);
  return m;
}
