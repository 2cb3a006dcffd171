// Internal: the weights of EnsembleFitModel's linear opinion pool (not exported from index.ts).

/** What {@link mixtureWeights} found. */
export interface MixtureWeights {
  /** The weights, on the simplex (>= 0, summing to 1); exactly 0 for a member the maximum leaves out. */
  weights: Float64Array;
  /**
   * max_m g_m - 1 at `weights` (g_m = mean_i q_mi / Σ_m' w_m' q_m'i, the gradient): by concavity an upper bound of
   * how far the mean log-likelihood is below its maximum. At most the tolerance when `converged`.
   */
  gap: number;
  /** Passes made over the rows. */
  passes: number;
  /** True when the gap fell to the tolerance within the passes allowed. */
  converged: boolean;
}

/** One pass over the rows at `w`: the mean log-likelihood, its gradient and its Hessian (M x M, row-major). */
function evaluate(q: readonly Float64Array[], w: Float64Array): { f: number; g: Float64Array; H: Float64Array } {
  const M = q.length;
  const n = q[0].length;
  const g = new Float64Array(M);
  const H = new Float64Array(M * M);
  let f = 0;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let m = 0; m < M; m++) s += w[m] * q[m][i];
    f += Math.log(s);
    const s2 = s * s;
    for (let a = 0; a < M; a++) {
      const qa = q[a][i];
      if (qa === 0) continue;
      g[a] += qa / s;
      for (let b = a; b < M; b++) H[a * M + b] -= (qa * q[b][i]) / s2;
    }
  }
  for (let a = 0; a < M; a++) {
    g[a] /= n;
    for (let b = a; b < M; b++) H[b * M + a] = H[a * M + b] /= n;
  }
  return { f: f / n, g, H };
}

/** Solves A x = b for a symmetric positive definite A (k x k, row-major) by Cholesky; null when A is not. */
function choleskySolve(A: Float64Array, b: Float64Array, k: number): Float64Array | null {
  const L = new Float64Array(k * k);
  for (let r = 0; r < k; r++) {
    for (let c = 0; c <= r; c++) {
      let s = A[r * k + c];
      for (let j = 0; j < c; j++) s -= L[r * k + j] * L[c * k + j];
      if (r === c) {
        if (!(s > 0)) return null;
        L[r * k + r] = Math.sqrt(s);
      } else L[r * k + c] = s / L[c * k + c];
    }
  }
  const y = new Float64Array(k);
  for (let r = 0; r < k; r++) {
    let s = b[r];
    for (let j = 0; j < r; j++) s -= L[r * k + j] * y[j];
    y[r] = s / L[r * k + r];
  }
  for (let r = k - 1; r >= 0; r--) {
    let s = y[r];
    for (let j = r + 1; j < k; j++) s -= L[j * k + r] * y[j];
    y[r] = s / L[r * k + r];
  }
  return y;
}

/**
 * Newton's step at `w` on the face of the members `free` (summing to 0), in coordinates relative to its largest
 * weight (a small ridge keeps alike members solvable); null when it is not an ascent direction.
 */
function newtonStep(w: Float64Array, g: Float64Array, H: Float64Array, free: number[]): Float64Array | null {
  const M = w.length;
  let ref = free[0];
  for (const m of free) if (w[m] > w[ref]) ref = m;
  const others = free.filter((m) => m !== ref);
  const k = others.length;
  // Reduced problem in d_j (j in others), d_ref = -Σ d_j: gradient g_j - g_ref, Hessian H_jl - H_jref - H_refl +
  // H_refref (negative semidefinite); Newton solves (-H~ + ridge) d = g~.
  const A = new Float64Array(k * k);
  const b = new Float64Array(k);
  let scale = 0;
  for (let x = 0; x < k; x++) {
    const j = others[x];
    b[x] = g[j] - g[ref];
    for (let y = 0; y < k; y++) {
      const l = others[y];
      A[x * k + y] = -(H[j * M + l] - H[j * M + ref] - H[ref * M + l] + H[ref * M + ref]);
    }
    scale = Math.max(scale, A[x * k + x]);
  }
  for (let x = 0; x < k; x++) A[x * k + x] += 1e-12 * scale + 1e-300;
  const step = choleskySolve(A, b, k);
  if (step === null) return null;
  let ascent = 0;
  for (let x = 0; x < k; x++) ascent += step[x] * b[x];
  if (!(ascent > 0) || !step.every(Number.isFinite)) return null;
  const d = new Float64Array(M);
  for (let x = 0; x < k; x++) {
    d[others[x]] = step[x];
    d[ref] -= step[x];
  }
  return d;
}

/**
 * The ascent direction at `w` (summing to 0): Newton's step on the face of the members that may move, those with a
 * weight and those whose gradient says a weight would raise the likelihood (g_m > 1), less any such member the step
 * would take below 0; the EM step w_m (g_m - 1) when Newton's step is not an ascent.
 */
function direction(w: Float64Array, g: Float64Array, H: Float64Array): Float64Array {
  const M = w.length;
  let free: number[] = [];
  for (let m = 0; m < M; m++) if (w[m] > 0 || g[m] > 1) free.push(m);
  while (free.length >= 2) {
    const d = newtonStep(w, g, H, free);
    if (d === null) break;
    const stuck = free.filter((m) => w[m] === 0 && d[m] < 0);
    if (stuck.length === 0) return d;
    free = free.filter((m) => !stuck.includes(m));
  }
  const em = new Float64Array(M);
  for (let m = 0; m < M; m++) em[m] = w[m] * (g[m] - 1);
  return em;
}

/**
 * Mixture weights on the simplex maximising the mean log-likelihood f(w) = mean_i log Σ_m w_m q_mi, with q_mi >= 0
 * the probability member m gives row i's true class. f is concave in w, and with its gradient g_m = mean_i q_mi /
 * Σ_m' w_m' q_m'i (whose w-weighted mean is 1) f(w*) - f(w) <= max_m g_m - 1. From uniform weights: Newton steps on
 * the face of the members that may move (a weight, or g_m > 1), relative to its largest weight, with a line search
 * that never lowers f, clipped at the simplex's boundary so that a member the maximum leaves out gets exactly 0 (the
 * EM step where Newton's is no ascent); until max_m g_m - 1 <= `tolerance`. (The EM fixed point w_m <- w_m g_m alone,
 * used before, crawls when members are alike: after 1,000 steps its weights could still be 0.03 from the maximum.)
 * Rows that every member gives probability 0 are left out (f is -Infinity there whatever the weights); with none
 * left, or one member, the weights are uniform.
 *
 * @param q - per member, the probability of each row's true class (all of one length).
 * @param maxPasses - most passes over the rows (each evaluation of f is one).
 * @param tolerance - the gap at which to stop (default 1e-10).
 */
export function mixtureWeights(q: readonly Float64Array[], maxPasses: number, tolerance = 1e-10): MixtureWeights {
  const M = q.length;
  const n0 = M === 0 ? 0 : q[0].length;
  const keep: number[] = [];
  for (let i = 0; i < n0; i++) if (q.some((col) => col[i] > 0)) keep.push(i);
  const rows = keep.length === n0 ? q : q.map((col) => Float64Array.from(keep, (i) => col[i]));
  let w: Float64Array = new Float64Array(M).fill(1 / M);
  if (M < 2 || keep.length === 0) return { weights: w, gap: 0, passes: 0, converged: true };
  let e = evaluate(rows, w);
  let passes = 1;
  let gap = Math.max(...e.g) - 1;
  while (gap > tolerance && passes < maxPasses) {
    const d = direction(w, e.g, e.H);
    let slope = 0;
    let tMax = 1;
    for (let m = 0; m < M; m++) {
      slope += e.g[m] * d[m];
      if (d[m] < 0) tMax = Math.min(tMax, -w[m] / d[m]);
    }
    if (!(slope > 0)) break;
    // Armijo backtracking from the longest feasible step: a step that lowers f (or makes it -Infinity) is halved.
    let t = tMax;
    let accepted: { w: Float64Array; e: ReturnType<typeof evaluate> } | null = null;
    while (passes < maxPasses && t > 0) {
      const next = new Float64Array(M);
      let sum = 0;
      for (let m = 0; m < M; m++) {
        // The member that bounds the step lands on 0 exactly, not on a rounding error either side of it.
        next[m] = t === tMax && d[m] < 0 && -w[m] / d[m] === tMax ? 0 : Math.max(0, w[m] + t * d[m]);
        sum += next[m];
      }
      for (let m = 0; m < M; m++) next[m] /= sum;
      const ne = evaluate(rows, next);
      passes++;
      if (ne.f >= e.f + 1e-4 * t * slope) {
        accepted = { w: next, e: ne };
        break;
      }
      t /= 2;
    }
    if (accepted === null) break;
    w = accepted.w;
    e = accepted.e;
    gap = Math.max(...e.g) - 1;
  }
  return { weights: w, gap, passes, converged: gap <= tolerance };
}
