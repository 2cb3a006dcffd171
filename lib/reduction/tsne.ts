import { InvalidArgumentError } from '../core/errors.js';
import { Rng, seedOption } from '../core/rng.js';
import { checkInputMatrix, featureMatrix, type FeatureMatrix } from '../features/feature-matrix.js';
import { noColumns, tsneNeighbours } from './tsne-neighbours.js';
import { TSNEQuadTree } from './tsne-quadtree.js';
import { tsneSparseAffinities, type SparseAffinities } from './tsne-sparse-affinities.js';

/** Options of {@link tsne}. */
export interface TSNEOptions {
  /** Output dimensions (default 2). */
  dims?: number;
  /** Perplexity, the effective number of neighbours (default 30; lowered to (n - 1) / 3 for small n). */
  perplexity?: number;
  /**
   * Input affinities: `knn` (default) on the floor(3 * perplexity) nearest neighbours of each point, as
   * in Barnes-Hut t-SNE (van der Maaten 2014); `exact` on all pairs, as in the 2008 paper.
   */
  affinities?: 'knn' | 'exact';
  /**
   * Barnes-Hut accuracy of the repulsive forces in 2-D (default 0.5, as in van der Maaten 2014): a
   * quadtree cell of width w at distance D acts as one point when w / D < theta. 0 computes every pair
   * (exact, O(n^2) per iteration). Ignored (exact) when dims is not 2.
   */
  theta?: number;
  /** Gradient-descent iterations (default 1000). */
  iterations?: number;
  /** Learning rate (default max(n / 48, 50): scikit-learn's "auto", n / exaggeration / 4). */
  learningRate?: number;
  /** Iterations with early exaggeration 12 and momentum 0.5 (default 250). */
  exaggerationIterations?: number;
  /** Seed of the initial layout (default 0). */
  seed?: number;
}

/** Result of {@link tsne}. */
export interface TSNEResult {
  /** n x dims embedding, columns `tsne1`, `tsne2`... */
  embedding: FeatureMatrix;
  /** Kullback-Leibler divergence KL(P || Q) of the final layout (over the stored entries of P). */
  klDivergence: number;
}

/** Largest n accepted: the neighbour search (and the exact repulsion) cost O(n^2) time. */
export const TSNE_MAX_POINTS = 5000;

/**
 * t-SNE (van der Maaten & Hinton 2008, "Visualizing Data using t-SNE", JMLR 9) for 2-D pictures of up
 * to a few thousand points. Gaussian input affinities calibrated by bisection to the perplexity and
 * symmetrised, by default on each point's floor(3 * perplexity) nearest neighbours and stored sparsely
 * (van der Maaten 2014, "Accelerating t-SNE using Tree-Based Algorithms", JMLR 15; `affinities:
 * 'exact'` uses all pairs); Student-t similarities in the embedding; gradient descent with momentum
 * (0.5 then 0.8), early exaggeration 12 and per-coordinate gains (Jacobs 1988), as in the reference
 * code. The attractive forces run over the sparse P; in 2-D the repulsive forces and their normaliser
 * use the Barnes-Hut quadtree with `theta` (van der Maaten 2014, section 4.2; a cell that contains the
 * point is always opened, a small deviation that keeps a point's own mass out of its forces), else
 * they are computed exactly, once per pair (O(n^2) time per iteration). O(n k) memory.
 * Deviations: the initial layout is N(0, 1e-4 I) drawn from the seeded Rng, and the learning rate
 * defaults to max(n / 48, 50) (Belkina et al. 2019, as scikit-learn's "auto") rather than a fixed 100.
 *
 * Data on any scale or offset (raw timestamps, values near 1e300, a constant column of 1e200 beside
 * ordinary ones) get the affinities of the same data on an ordinary scale, within the calibration's
 * tolerance (see {@link tsneSparseAffinities}).
 *
 * @throws InvalidArgumentError on NaN, no feature column (n x 0), fewer than 4 rows, more than TSNE_MAX_POINTS
 *   rows, or bad options (among them a perplexity below 1/3 with `knn` affinities, or a seed that is not a safe
 *   integer).
 */
export function tsne(X: FeatureMatrix, options: TSNEOptions = {}): TSNEResult {
  checkInputMatrix(X, 'tsne');
  if (X.p < 1) throw noColumns('tsne', X);
  const n = X.n;
  const dims = options.dims ?? 2;
  const iterations = options.iterations ?? 1000;
  const exIters = options.exaggerationIterations ?? 250;
  const eta = options.learningRate ?? Math.max(n / 48, 50);
  const mode = options.affinities ?? 'knn';
  const theta = options.theta ?? 0.5;
  if (n < 4) throw new InvalidArgumentError(`tsne: needs at least 4 rows, got ${n}`);
  if (n > TSNE_MAX_POINTS)
    throw new InvalidArgumentError(`tsne: ${n} rows exceed the O(n^2) method's limit of ${TSNE_MAX_POINTS}`);
  if (!(Number.isInteger(dims) && dims >= 1)) throw new InvalidArgumentError('tsne: dims must be an integer >= 1');
  if (!(Number.isInteger(iterations) && iterations >= 1))
    throw new InvalidArgumentError('tsne: iterations must be >= 1');
  if (mode !== 'knn' && mode !== 'exact') throw new InvalidArgumentError(`tsne: unknown affinities '${mode}'`);
  if (!(theta >= 0)) throw new InvalidArgumentError(`tsne: theta must be >= 0, got ${theta}`);
  // NaN gave an all-NaN embedding, a negative rate gradient ascent, negative exaggeration iterations none.
  if (!(Number.isFinite(eta) && eta > 0)) throw new InvalidArgumentError(`tsne: learningRate must be > 0, got ${eta}`);
  if (!(Number.isInteger(exIters) && exIters >= 0)) {
    throw new InvalidArgumentError(`tsne: exaggerationIterations must be an integer >= 0, got ${exIters}`);
  }
  const perplexity = Math.min(options.perplexity ?? 30, (n - 1) / 3);
  const neighbors = mode === 'exact' ? n - 1 : undefined;
  // With n >= 4 the (n - 1) / 3 cap is above 1/3, and within the floor(3 * perplexity) neighbours.
  tsneNeighbours('tsne', n, perplexity, neighbors);
  const rng = new Rng(seedOption(options.seed, 'tsne'));

  const P = tsneSparseAffinities(X, perplexity, neighbors);
  const U = upperTriangle(P);
  const Y = new Float64Array(n * dims);
  for (let k = 0; k < Y.length; k++) Y[k] = rng.normal(0, 1e-2);
  const vel = new Float64Array(n * dims);
  const gains = new Float64Array(n * dims).fill(1);
  const attr = new Float64Array(n * dims);
  const rep = new Float64Array(n * dims);
  const tree = dims === 2 && theta > 0 ? new TSNEQuadTree() : undefined;
  for (let it = 0; it < iterations; it++) {
    const ex = it < exIters ? 12 : 1;
    const momentum = it < exIters ? 0.5 : 0.8;
    const sumQ = tree
      ? barnesHut(tree, Y, n, theta, rep)
      : dims === 2
        ? repulsion2(Y, n, rep)
        : repulsion(Y, n, dims, rep);
    attraction(U, Y, dims, attr);
    for (let k = 0; k < Y.length; k++) {
      const g = 4 * (ex * attr[k] - rep[k] / sumQ);
      gains[k] = Math.sign(g) !== Math.sign(vel[k]) ? gains[k] + 0.2 : Math.max(0.01, gains[k] * 0.8);
      vel[k] = momentum * vel[k] - eta * gains[k] * g;
      Y[k] += vel[k];
    }
    // Keep the layout centred.
    for (let c = 0; c < dims; c++) {
      let mu = 0;
      for (let i = 0; i < n; i++) mu += Y[i * dims + c];
      mu /= n;
      for (let i = 0; i < n; i++) Y[i * dims + c] -= mu;
    }
  }
  const names = Array.from({ length: dims }, (_, c) => `tsne${c + 1}`);
  return { embedding: featureMatrix(Y, n, dims, names), klDivergence: klDivergence(P, Y, dims) };
}

/** Barnes-Hut repulsive forces in 2-D (see {@link TSNEQuadTree}). @returns the approximate Z. */
function barnesHut(tree: TSNEQuadTree, Y: Float64Array, n: number, theta: number, rep: Float64Array): number {
  tree.build(Y, n);
  rep.fill(0);
  // Visiting the points in tree order makes neighbouring traversals alike (fewer branch misses).
  const order = new Int32Array(n);
  tree.order(order);
  let Z = 0;
  for (let k = 0; k < n; k++) Z += tree.repulsion(Y, order[k], theta, rep);
  return Z;
}

/**
 * Repulsive forces in 2-D: rep_i = sum_j w_ij^2 (y_i - y_j) with w_ij = 1 / (1 + |y_i - y_j|^2), each
 * pair computed once. @returns Z = sum over i != j of w_ij.
 */
function repulsion2(Y: Float64Array, n: number, rep: Float64Array): number {
  rep.fill(0);
  let Z = 0;
  for (let i = 0; i < n; i++) {
    const xi = Y[2 * i];
    const yi = Y[2 * i + 1];
    let rx = 0;
    let ry = 0;
    let z = 0;
    for (let j = i + 1; j < n; j++) {
      const dx = xi - Y[2 * j];
      const dy = yi - Y[2 * j + 1];
      const w = 1 / (1 + dx * dx + dy * dy);
      z += w;
      const w2 = w * w;
      const fx = w2 * dx;
      const fy = w2 * dy;
      rx += fx;
      ry += fy;
      rep[2 * j] -= fx;
      rep[2 * j + 1] -= fy;
    }
    rep[2 * i] += rx;
    rep[2 * i + 1] += ry;
    Z += z;
  }
  return 2 * Z;
}

/** {@link repulsion2} in any number of dimensions. */
function repulsion(Y: Float64Array, n: number, dims: number, rep: Float64Array): number {
  rep.fill(0);
  let Z = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      let d = 0;
      for (let c = 0; c < dims; c++) {
        const t = Y[i * dims + c] - Y[j * dims + c];
        d += t * t;
      }
      const w = 1 / (1 + d);
      Z += w;
      const w2 = w * w;
      for (let c = 0; c < dims; c++) {
        const f = w2 * (Y[i * dims + c] - Y[j * dims + c]);
        rep[i * dims + c] += f;
        rep[j * dims + c] -= f;
      }
    }
  }
  return 2 * Z;
}

/** The entries of P above the diagonal (j > i), in compressed rows: each pair once. */
function upperTriangle(P: SparseAffinities): SparseAffinities {
  const { n, rowStart, cols, values } = P;
  const start = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    let c = 0;
    for (let e = rowStart[i]; e < rowStart[i + 1]; e++) if (cols[e] > i) c++;
    start[i + 1] = start[i] + c;
  }
  const uc = new Int32Array(start[n]);
  const uv = new Float64Array(start[n]);
  let w = 0;
  for (let i = 0; i < n; i++) {
    for (let e = rowStart[i]; e < rowStart[i + 1]; e++) {
      if (cols[e] > i) {
        uc[w] = cols[e];
        uv[w++] = values[e];
      }
    }
  }
  return { n, rowStart: start, cols: uc, values: uv };
}

/**
 * Attractive forces attr_i = sum_j p_ij w_ij (y_i - y_j), from the upper triangle U of the symmetric
 * P: each pair is computed once and applied to both points.
 */
function attraction(U: SparseAffinities, Y: Float64Array, dims: number, attr: Float64Array): void {
  const { n, rowStart, cols, values } = U;
  attr.fill(0);
  if (dims === 2) {
    for (let i = 0; i < n; i++) {
      const xi = Y[2 * i];
      const yi = Y[2 * i + 1];
      let ax = 0;
      let ay = 0;
      for (let e = rowStart[i]; e < rowStart[i + 1]; e++) {
        const j = cols[e];
        const dx = xi - Y[2 * j];
        const dy = yi - Y[2 * j + 1];
        const m = values[e] / (1 + dx * dx + dy * dy);
        const fx = m * dx;
        const fy = m * dy;
        ax += fx;
        ay += fy;
        attr[2 * j] -= fx;
        attr[2 * j + 1] -= fy;
      }
      attr[2 * i] += ax;
      attr[2 * i + 1] += ay;
    }
    return;
  }
  for (let i = 0; i < n; i++) {
    const oi = i * dims;
    for (let e = rowStart[i]; e < rowStart[i + 1]; e++) {
      const oj = cols[e] * dims;
      let d = 0;
      for (let c = 0; c < dims; c++) {
        const t = Y[oi + c] - Y[oj + c];
        d += t * t;
      }
      const m = values[e] / (1 + d);
      for (let c = 0; c < dims; c++) {
        const f = m * (Y[oi + c] - Y[oj + c]);
        attr[oi + c] += f;
        attr[oj + c] -= f;
      }
    }
  }
}

/** KL(P || Q) over the stored entries of P, with q_ij = w_ij / Z. */
function klDivergence(P: SparseAffinities, Y: Float64Array, dims: number): number {
  const { n, rowStart, cols, values } = P;
  const w = (i: number, j: number): number => {
    let d = 0;
    for (let c = 0; c < dims; c++) {
      const t = Y[i * dims + c] - Y[j * dims + c];
      d += t * t;
    }
    return 1 / (1 + d);
  };
  let Z = 0;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) Z += 2 * w(i, j);
  let kl = 0;
  for (let i = 0; i < n; i++) {
    for (let e = rowStart[i]; e < rowStart[i + 1]; e++) {
      // Every stored p_ij is >= 1e-12, so no entry is skipped: a NaN makes the divergence NaN, not 0.
      const pij = values[e];
      kl += pij * Math.log(pij / Math.max(w(i, cols[e]) / Z, 1e-300));
    }
  }
  return kl;
}

/**
 * Symmetrised joint affinities P (n x n, summing to 1) on all pairs, as the exact method uses them:
 * for each point a Gaussian over squared Euclidean distances whose precision is found by bisection so
 * that the conditional distribution's perplexity 2^H equals `perplexity`; then
 * p_ij = (p_j|i + p_i|j) / 2n, floored at 1e-12 off the diagonal. A dense view of
 * {@link tsneSparseAffinities} with all n - 1 neighbours.
 * @throws InvalidArgumentError on NaN, no feature column (n x 0), fewer than 2 rows, perplexity <= 0 or above
 *   n - 1 (which the affinities over the n - 1 other points cannot reach).
 */
export function tsneAffinities(X: FeatureMatrix, perplexity: number): Float64Array {
  checkInputMatrix(X, 'tsneAffinities');
  if (X.p < 1) throw noColumns('tsneAffinities', X);
  tsneNeighbours('tsneAffinities', X.n, perplexity, X.n - 1);
  const S = tsneSparseAffinities(X, perplexity, X.n - 1);
  const n = S.n;
  const P = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let e = S.rowStart[i]; e < S.rowStart[i + 1]; e++) P[i * n + S.cols[e]] = S.values[e];
  return P;
}
