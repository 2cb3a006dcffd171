import { InvalidArgumentError } from '../core/errors.js';
import { Rng } from '../core/rng.js';
import { checkInputMatrix, featureMatrix, type FeatureMatrix } from '../features/feature-matrix.js';

/** Options of {@link tsne}. */
export interface TSNEOptions {
  /** Output dimensions (default 2). */
  dims?: number;
  /** Perplexity, the effective number of neighbours (default 30; lowered to (n - 1) / 3 for small n). */
  perplexity?: number;
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
  /** Kullback-Leibler divergence KL(P || Q) of the final layout. */
  klDivergence: number;
}

/** Largest n accepted: exact t-SNE costs O(n^2) memory and time per iteration. */
export const TSNE_MAX_POINTS = 5000;

/**
 * Exact t-SNE (van der Maaten & Hinton 2008, "Visualizing Data using t-SNE", JMLR 9) for 2-D pictures
 * of up to a few thousand points. Gaussian affinities calibrated by binary search to the perplexity,
 * symmetrised; Student-t similarities in the embedding; gradient descent with momentum (0.5 then 0.8),
 * early exaggeration 12 and per-coordinate gains (Jacobs 1988), as in the paper's reference code.
 * Deviations: the initial layout is N(0, 1e-4 I) drawn from the seeded Rng, and the learning rate
 * defaults to max(n / 48, 50) (Belkina et al. 2019, as scikit-learn's "auto") rather than a fixed 100.
 * No Barnes-Hut approximation: O(n^2) time and memory per iteration.
 *
 * @throws InvalidArgumentError on NaN, fewer than 4 rows, more than TSNE_MAX_POINTS rows, or bad options.
 */
export function tsne(X: FeatureMatrix, options: TSNEOptions = {}): TSNEResult {
  checkInputMatrix(X, 'tsne');
  const n = X.n;
  const dims = options.dims ?? 2;
  const iterations = options.iterations ?? 1000;
  const exIters = options.exaggerationIterations ?? 250;
  const eta = options.learningRate ?? Math.max(n / 48, 50);
  if (n < 4) throw new InvalidArgumentError(`tsne: needs at least 4 rows, got ${n}`);
  if (n > TSNE_MAX_POINTS)
    throw new InvalidArgumentError(`tsne: ${n} rows exceed the exact method's limit of ${TSNE_MAX_POINTS}`);
  if (!(Number.isInteger(dims) && dims >= 1)) throw new InvalidArgumentError('tsne: dims must be an integer >= 1');
  if (!(Number.isInteger(iterations) && iterations >= 1))
    throw new InvalidArgumentError('tsne: iterations must be >= 1');
  const perplexity = Math.min(options.perplexity ?? 30, (n - 1) / 3);
  if (!(perplexity > 0)) throw new InvalidArgumentError('tsne: perplexity must be > 0');

  const P = affinities(X, perplexity);
  const rng = new Rng(options.seed ?? 0);
  const Y = new Float64Array(n * dims);
  for (let k = 0; k < Y.length; k++) Y[k] = rng.normal(0, 1e-2);
  const vel = new Float64Array(n * dims);
  const gains = new Float64Array(n * dims).fill(1);
  const grad = new Float64Array(n * dims);
  const num = new Float64Array(n * n);
  for (let it = 0; it < iterations; it++) {
    const ex = it < exIters ? 12 : 1;
    const momentum = it < exIters ? 0.5 : 0.8;
    // Student-t kernel and its normaliser.
    let sumQ = 0;
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        let d = 0;
        for (let c = 0; c < dims; c++) {
          const t = Y[i * dims + c] - Y[j * dims + c];
          d += t * t;
        }
        const q = 1 / (1 + d);
        num[i * n + j] = q;
        num[j * n + i] = q;
        sumQ += 2 * q;
      }
    }
    grad.fill(0);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        if (i === j) continue;
        const q = num[i * n + j];
        const m = (ex * P[i * n + j] - q / sumQ) * q;
        for (let c = 0; c < dims; c++) grad[i * dims + c] += 4 * m * (Y[i * dims + c] - Y[j * dims + c]);
      }
    }
    for (let k = 0; k < Y.length; k++) {
      gains[k] = Math.sign(grad[k]) !== Math.sign(vel[k]) ? gains[k] + 0.2 : Math.max(0.01, gains[k] * 0.8);
      vel[k] = momentum * vel[k] - eta * gains[k] * grad[k];
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
  // Final KL divergence.
  let sumQ = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      let d = 0;
      for (let c = 0; c < dims; c++) d += (Y[i * dims + c] - Y[j * dims + c]) ** 2;
      num[i * n + j] = 1 / (1 + d);
      sumQ += num[i * n + j];
    }
  }
  let kl = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const pij = P[i * n + j];
      if (i !== j && pij > 0) kl += pij * Math.log(pij / Math.max(num[i * n + j] / sumQ, 1e-300));
    }
  }
  const names = Array.from({ length: dims }, (_, c) => `tsne${c + 1}`);
  return { embedding: featureMatrix(Y, n, dims, names), klDivergence: kl };
}

/**
 * Symmetrised joint affinities P (n x n, summing to 1): for each point a Gaussian over squared
 * Euclidean distances whose precision is found by bisection so that the conditional distribution's
 * perplexity 2^H equals `perplexity`; then p_ij = (p_j|i + p_i|j) / 2n.
 */
export function tsneAffinities(X: FeatureMatrix, perplexity: number): Float64Array {
  checkInputMatrix(X, 'tsneAffinities');
  return affinities(X, perplexity);
}

function affinities(X: FeatureMatrix, perplexity: number): Float64Array {
  const { n, p, data } = X;
  const D = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      let d = 0;
      for (let k = 0; k < p; k++) {
        const t = data[i * p + k] - data[j * p + k];
        d += t * t;
      }
      D[i * n + j] = d;
      D[j * n + i] = d;
    }
  }
  const P = new Float64Array(n * n);
  const target = Math.log(perplexity);
  const row = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let beta = 1;
    let lo = 0;
    let hi = Infinity;
    // Distances relative to the nearest neighbour keep exp() in range.
    let dmin = Infinity;
    for (let j = 0; j < n; j++) if (j !== i && D[i * n + j] < dmin) dmin = D[i * n + j];
    for (let step = 0; step < 100; step++) {
      let sum = 0;
      let hsum = 0;
      for (let j = 0; j < n; j++) {
        if (j === i) {
          row[j] = 0;
          continue;
        }
        const d = D[i * n + j] - dmin;
        const v = Math.exp(-beta * d);
        row[j] = v;
        sum += v;
        hsum += beta * d * v;
      }
      const H = Math.log(sum) + hsum / sum; // entropy in nats
      for (let j = 0; j < n; j++) row[j] /= sum;
      if (Math.abs(H - target) < 1e-6) break;
      if (H > target) {
        lo = beta;
        beta = hi === Infinity ? beta * 2 : (beta + hi) / 2;
      } else {
        hi = beta;
        beta = (beta + lo) / 2;
      }
    }
    for (let j = 0; j < n; j++) P[i * n + j] = row[j];
  }
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const v = Math.max((P[i * n + j] + P[j * n + i]) / (2 * n), 1e-12);
      P[i * n + j] = v;
      P[j * n + i] = v;
    }
  }
  return P;
}
