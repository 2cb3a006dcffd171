import { Rng } from '../core/rng.js';

/** Options of {@link learnLmnnMetric}. */
export interface LmnnOptions {
  /** Target neighbours per point: its nearest same-class points in the input space (default 3). */
  targets?: number;
  /** Impostor candidates per point: its nearest other-class points in the input space (default 10). */
  impostors?: number;
  /** Weight of the push (impostor) term against the pull term (default 0.5). */
  mu?: number;
  /** SGD epochs (default 30). */
  epochs?: number;
  /** SGD step (default 0.01), decayed by 0.95 per epoch. */
  learningRate?: number;
}

/**
 * Large Margin Nearest Neighbour metric learning (Weinberger & Saul, JMLR 2009): a linear map L (d x d,
 * row-major) such that each point's target neighbours are close and points of other classes stay at least
 * one unit farther, minimising `(1 - μ) Σ ||L(x_i - x_j)||² + μ Σ [1 + ||L(x_i - x_j)||² - ||L(x_i - x_l)||²]_+`
 * over targets j and impostors l.
 *
 * Small and fast by design (deviation from the paper's full solver): targets and impostor candidates are
 * fixed once from Euclidean distances in the input space (the k nearest of each kind), and L is learned
 * by seeded SGD over the points from the identity. Meant for a few thousand points of low dimension.
 *
 * Safeguards (deviation): a few points far from the others make fixed-step SGD diverge (L grows without
 * bound, then turns NaN). Each rank-one step `c (L v) vᵀ` is bounded so that `|c| ||v||² <= 2`, the
 * stability limit of gradient descent on the pull term of that pair (steps on ordinary, standardised data
 * stay below it and are unchanged); and if L still grows past 10⁶ times the identity's Frobenius norm or
 * turns non-finite, the SGD has diverged and the identity (the Euclidean metric) is returned.
 *
 * @param X - n x d points, row-major (standardise them first). @param y - class codes.
 * @returns L, d x d row-major; the identity when the SGD diverged.
 */
export function learnLmnnMetric(
  X: Float64Array,
  d: number,
  y: Int32Array,
  options: LmnnOptions,
  rng: Rng,
): Float64Array {
  const n = y.length;
  const kT = options.targets ?? 3;
  const kI = options.impostors ?? 10;
  const mu = options.mu ?? 0.5;
  const epochs = options.epochs ?? 30;
  let lr = options.learningRate ?? 0.01;
  const targets = new Int32Array(n * kT).fill(-1);
  const imps = new Int32Array(n * kI).fill(-1);
  const tD = new Float64Array(kT);
  const iD = new Float64Array(kI);
  for (let i = 0; i < n; i++) {
    tD.fill(Infinity);
    iD.fill(Infinity);
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      let s = 0;
      for (let e = 0; e < d; e++) {
        const t = X[i * d + e] - X[j * d + e];
        s += t * t;
      }
      if (y[j] === y[i]) insertNearest(targets, i * kT, tD, kT, j, s);
      else insertNearest(imps, i * kI, iD, kI, j, s);
    }
  }
  const L = identity(d);
  const maxSq = DIVERGENCE_BOUND * DIVERGENCE_BOUND * d;
  const dij = new Float64Array(d);
  const dil = new Float64Array(d);
  const Ldij = new Float64Array(d);
  const Ldil = new Float64Array(d);
  const order = rng.permutation(n);
  for (let epoch = 0; epoch < epochs; epoch++) {
    rng.shuffle(order);
    for (let q = 0; q < n; q++) {
      const i = order[q];
      for (let a = 0; a < kT; a++) {
        const j = targets[i * kT + a];
        if (j < 0) continue;
        for (let e = 0; e < d; e++) dij[e] = X[i * d + e] - X[j * d + e];
        const nij = mapSq(L, dij, Ldij, d);
        const sij = squaredNorm(dij, d);
        // Pull: (1 - mu) * 2 * L dij dij^T.
        addOuter(L, Ldij, dij, d, boundedStep(-lr * 2 * (1 - mu), sij));
        for (let b = 0; b < kI; b++) {
          const l = imps[i * kI + b];
          if (l < 0) continue;
          for (let e = 0; e < d; e++) dil[e] = X[i * d + e] - X[l * d + e];
          const nil = mapSq(L, dil, Ldil, d);
          if (1 + nij - nil > 0) {
            addOuter(L, Ldij, dij, d, boundedStep(-lr * 2 * mu, sij));
            addOuter(L, Ldil, dil, d, boundedStep(lr * 2 * mu, squaredNorm(dil, d)));
          }
        }
        if (!(squaredNorm(L, d * d) <= maxSq)) return identity(d);
      }
    }
    lr *= 0.95;
  }
  return L;
}

/**
 * Frobenius norm of L, in multiples of the identity's norm √d, beyond which the SGD counts as diverged.
 * Fits on standardised data stay far below (the committed sample peaks near 310).
 */
const DIVERGENCE_BOUND = 1e6;

/** Largest `|c| ||v||²` of a step `L += c (L v) vᵀ`: a pull's factor `1 - |c| ||v||²` along v stays in [-1, 1]. */
const MAX_STEP = 2;

/** The coefficient c of a step along v (`vv` = ||v||²), shrunk so that `|c| vv <= MAX_STEP`; c itself within the bound. */
function boundedStep(c: number, vv: number): number {
  return Math.abs(c) * vv > MAX_STEP ? (Math.sign(c) * MAX_STEP) / vv : c;
}

/** Sum of squares of the first m values of v. */
function squaredNorm(v: Float64Array, m: number): number {
  let s = 0;
  for (let e = 0; e < m; e++) s += v[e] * v[e];
  return s;
}

/** The d x d identity, row-major. */
function identity(d: number): Float64Array {
  const L = new Float64Array(d * d);
  for (let e = 0; e < d; e++) L[e * d + e] = 1;
  return L;
}

/** out = L v; returns ||L v||². */
function mapSq(L: Float64Array, v: Float64Array, out: Float64Array, d: number): number {
  let s = 0;
  for (let r = 0; r < d; r++) {
    let t = 0;
    for (let e = 0; e < d; e++) t += L[r * d + e] * v[e];
    out[r] = t;
    s += t * t;
  }
  return s;
}

/** L += c * a b^T. */
function addOuter(L: Float64Array, a: Float64Array, b: Float64Array, d: number, c: number): void {
  for (let r = 0; r < d; r++) {
    const ar = c * a[r];
    for (let e = 0; e < d; e++) L[r * d + e] += ar * b[e];
  }
}

/** Inserts (j, s) into the ascending top-k list (`ids` from `off`, distances `dist`) if it is among the k nearest. */
function insertNearest(ids: Int32Array, off: number, dist: Float64Array, k: number, j: number, s: number): void {
  if (k === 0 || !(s < dist[k - 1])) return;
  let p = k - 1;
  while (p > 0 && dist[p - 1] > s) {
    dist[p] = dist[p - 1];
    ids[off + p] = ids[off + p - 1];
    p--;
  }
  dist[p] = s;
  ids[off + p] = j;
}
