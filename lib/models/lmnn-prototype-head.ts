import { decodeNumbers, encodeNumbers } from '../core/estimator.js';
import { ModelFormatError, NotFittedError } from '../core/errors.js';
import type { Rng } from '../core/rng.js';
import { learnLmnnMetric } from './lmnn-metric.js';

/** Options of {@link LmnnPrototypeHead}. */
export interface LmnnPrototypeHeadOptions {
  /** k-means prototypes per class (default 100). */
  prototypesPerClass?: number;
  /** Prototypes that vote for a query (default 15). */
  neighbors?: number;
  /** Class-balanced sample for LMNN, rows per class (default 1000). */
  samplePerClass?: number;
  /** LMNN SGD epochs (default 30). */
  epochs?: number;
  /** Lloyd iterations of each class's k-means (default 10). */
  kmeansIterations?: number;
}

interface FittedHead {
  dim: number;
  k: number;
  mean: Float64Array;
  scale: Float64Array;
  L: Float64Array;
  prototypes: Float64Array;
  prototypeClass: Int32Array;
  neighbors: number;
  bandwidth: number;
  priors: Float64Array;
}

/**
 * The "-ML" head of Misra, Wan & McAuley (RecSys 2018, Sec. 3.3): a Mahalanobis metric learned with LMNN
 * on a class-balanced sample of the representation, class prototypes (the paper's answer to label
 * imbalance: here, k-means centres of each class in the learned metric, the same number per class), and
 * k-NN over the prototypes: a query's class scores are the Gaussian-kernel weights of its nearest
 * prototypes per class (bandwidth: mean squared distance of the sample to its k-th nearest prototype),
 * plus 1e-3 smoothing. Because prototypes are balanced across classes, the scores are then multiplied by
 * the training class priors and normalised, so that rows are probabilities on the data's scale.
 */
export class LmnnPrototypeHead {
  private state: FittedHead | undefined;
  private readonly o: Required<LmnnPrototypeHeadOptions>;

  /** Stores the options. */
  constructor(options: LmnnPrototypeHeadOptions = {}) {
    this.o = {
      prototypesPerClass: options.prototypesPerClass ?? 100,
      neighbors: options.neighbors ?? 15,
      samplePerClass: options.samplePerClass ?? 1000,
      epochs: options.epochs ?? 30,
      kmeansIterations: options.kmeansIterations ?? 10,
    };
  }

  /** Number of input features. @throws NotFittedError. */
  get dim(): number {
    return this.fitted().dim;
  }

  /** True once fitted or loaded. */
  get isFitted(): boolean {
    return this.state !== undefined;
  }

  /** Fits metric and prototypes on X (n x dim row-major) and class codes y in 0..k-1. @returns this */
  fit(X: Float64Array, dim: number, y: Int32Array, k: number, rng: Rng): this {
    const n = y.length;
    const mean = new Float64Array(dim);
    const scale = new Float64Array(dim);
    for (let i = 0; i < n; i++) for (let d = 0; d < dim; d++) mean[d] += X[i * dim + d];
    for (let d = 0; d < dim; d++) mean[d] /= Math.max(n, 1);
    for (let i = 0; i < n; i++) for (let d = 0; d < dim; d++) scale[d] += (X[i * dim + d] - mean[d]) ** 2;
    for (let d = 0; d < dim; d++) {
      const sd = Math.sqrt(scale[d] / Math.max(n, 1));
      scale[d] = sd > 1e-12 ? sd : 1;
    }
    const rowsOf: number[][] = Array.from({ length: k }, () => []);
    for (let i = 0; i < n; i++) rowsOf[y[i]].push(i);
    const priors = Float64Array.from(rowsOf, (r) => r.length / Math.max(n, 1));
    const standard = (rows: number[]): Float64Array => {
      const out = new Float64Array(rows.length * dim);
      rows.forEach((r, q) => {
        for (let d = 0; d < dim; d++) out[q * dim + d] = (X[r * dim + d] - mean[d]) / scale[d];
      });
      return out;
    };
    // Class-balanced sample for LMNN.
    const sample: number[] = [];
    const sampleY: number[] = [];
    for (let c = 0; c < k; c++) {
      const rows = rng.shuffle(rowsOf[c].slice()).slice(0, this.o.samplePerClass);
      for (const r of rows) {
        sample.push(r);
        sampleY.push(c);
      }
    }
    const S = standard(sample);
    const L = learnLmnnMetric(S, dim, Int32Array.from(sampleY), { epochs: this.o.epochs }, rng);
    // Prototypes: k-means per class in the learned space.
    const m = this.o.prototypesPerClass;
    const protos: number[] = [];
    const protoClass: number[] = [];
    for (let c = 0; c < k; c++) {
      const rows = rng.shuffle(rowsOf[c].slice()).slice(0, Math.max(20 * m, m));
      if (rows.length === 0) continue;
      const Z = transform(standard(rows), L, dim);
      const centres = kMeans(Z, dim, Math.min(m, rows.length), this.o.kmeansIterations, rng);
      for (const v of centres) protos.push(v);
      for (let j = 0; j < centres.length / dim; j++) protoClass.push(c);
    }
    const st: FittedHead = {
      dim,
      k,
      mean,
      scale,
      L,
      prototypes: Float64Array.from(protos),
      prototypeClass: Int32Array.from(protoClass),
      neighbors: Math.min(this.o.neighbors, protoClass.length),
      bandwidth: 1,
      priors,
    };
    // Bandwidth: mean squared distance of the LMNN sample to its k-th nearest prototype.
    const ZS = transform(S, L, dim);
    const nearest = nearestPrototypes(ZS, dim, st);
    let h = 0;
    const kk = st.neighbors;
    for (let i = 0; i < sample.length; i++) h += nearest.dist[i * kk + kk - 1];
    st.bandwidth = h / Math.max(sample.length, 1) || 1;
    this.state = st;
    return this;
  }

  /** Class probabilities, n x k row-major. @throws NotFittedError. */
  predictProba(X: Float64Array): Float64Array {
    const st = this.fitted();
    const { dim, k, mean, scale } = st;
    const n = X.length / dim;
    const Xs = new Float64Array(X.length);
    for (let i = 0; i < n; i++) for (let d = 0; d < dim; d++) Xs[i * dim + d] = (X[i * dim + d] - mean[d]) / scale[d];
    const Z = transform(Xs, st.L, dim);
    const { dist, id } = nearestPrototypes(Z, dim, st);
    const kk = st.neighbors;
    const out = new Float64Array(n * k);
    for (let i = 0; i < n; i++) {
      let tot = 0;
      for (let c = 0; c < k; c++) out[i * k + c] = 1e-3;
      for (let a = 0; a < kk; a++)
        out[i * k + st.prototypeClass[id[i * kk + a]]] += Math.exp(-dist[i * kk + a] / st.bandwidth);
      for (let c = 0; c < k; c++) {
        out[i * k + c] *= st.priors[c];
        tot += out[i * k + c];
      }
      for (let c = 0; c < k; c++) out[i * k + c] /= tot;
    }
    return out;
  }

  /** The fitted head as JSON. @throws NotFittedError. */
  toJSON(): Record<string, unknown> {
    const st = this.fitted();
    return {
      dim: st.dim,
      numClasses: st.k,
      mean: encodeNumbers(st.mean),
      scale: encodeNumbers(st.scale),
      L: encodeNumbers(st.L),
      prototypes: encodeNumbers(st.prototypes),
      prototypeClass: Array.from(st.prototypeClass),
      neighbors: st.neighbors,
      bandwidth: st.bandwidth,
      priors: encodeNumbers(st.priors),
    };
  }

  /** Rebuilds a fitted head. @throws ModelFormatError on bad shapes. */
  static fromJSON(json: unknown, what = 'head'): LmnnPrototypeHead {
    const o = json as Record<string, unknown> | null;
    if (typeof o !== 'object' || o === null) throw new ModelFormatError(`${what}: must be an object`);
    const dim = o.dim;
    const k = o.numClasses;
    const kk = o.neighbors;
    const bw = o.bandwidth;
    if (
      typeof dim !== 'number' ||
      !Number.isInteger(dim) ||
      dim < 1 ||
      typeof k !== 'number' ||
      !Number.isInteger(k) ||
      k < 2 ||
      typeof kk !== 'number' ||
      !Number.isInteger(kk) ||
      kk < 1 ||
      typeof bw !== 'number' ||
      !(bw > 0)
    ) {
      throw new ModelFormatError(`${what}: dim, numClasses, neighbors and bandwidth must be positive numbers`);
    }
    const mean = decodeNumbers(o.mean, `${what}.mean`);
    const scale = decodeNumbers(o.scale, `${what}.scale`);
    const L = decodeNumbers(o.L, `${what}.L`);
    const prototypes = decodeNumbers(o.prototypes, `${what}.prototypes`);
    const priors = decodeNumbers(o.priors, `${what}.priors`);
    const pc = o.prototypeClass;
    if (!Array.isArray(pc) || pc.some((c) => !Number.isInteger(c) || c < 0 || c >= k)) {
      throw new ModelFormatError(`${what}: prototypeClass must be class codes`);
    }
    if (
      mean.length !== dim ||
      scale.length !== dim ||
      L.length !== dim * dim ||
      prototypes.length !== pc.length * dim ||
      priors.length !== k ||
      kk > pc.length
    ) {
      throw new ModelFormatError(`${what}: array lengths do not match dim ${dim} and ${pc.length} prototypes`);
    }
    const h = new LmnnPrototypeHead();
    h.state = {
      dim,
      k,
      mean,
      scale,
      L,
      prototypes,
      prototypeClass: Int32Array.from(pc),
      neighbors: kk,
      bandwidth: bw,
      priors,
    };
    return h;
  }

  private fitted(): FittedHead {
    if (this.state === undefined) throw new NotFittedError('LmnnPrototypeHead');
    return this.state;
  }
}

/** Rows of X (n x d) mapped by L (d x d). */
function transform(X: Float64Array, L: Float64Array, d: number): Float64Array {
  const n = X.length / d;
  const out = new Float64Array(X.length);
  for (let i = 0; i < n; i++) {
    for (let r = 0; r < d; r++) {
      let s = 0;
      for (let e = 0; e < d; e++) s += L[r * d + e] * X[i * d + e];
      out[i * d + r] = s;
    }
  }
  return out;
}

/** The `neighbors` nearest prototypes of each row (ascending squared distance). */
function nearestPrototypes(Z: Float64Array, d: number, st: FittedHead): { dist: Float64Array; id: Int32Array } {
  const n = Z.length / d;
  const kk = st.neighbors;
  const P = st.prototypeClass.length;
  const dist = new Float64Array(n * kk).fill(Infinity);
  const id = new Int32Array(n * kk);
  for (let i = 0; i < n; i++) {
    const off = i * kk;
    for (let p = 0; p < P; p++) {
      let s = 0;
      for (let e = 0; e < d; e++) {
        const t = Z[i * d + e] - st.prototypes[p * d + e];
        s += t * t;
      }
      if (!(s < dist[off + kk - 1])) continue;
      let q = kk - 1;
      while (q > 0 && dist[off + q - 1] > s) {
        dist[off + q] = dist[off + q - 1];
        id[off + q] = id[off + q - 1];
        q--;
      }
      dist[off + q] = s;
      id[off + q] = p;
    }
  }
  return { dist, id };
}

/** Lloyd's k-means from m distinct random rows; returns m x d centres (an empty cluster keeps its centre). */
function kMeans(Z: Float64Array, d: number, m: number, iterations: number, rng: Rng): Float64Array {
  const n = Z.length / d;
  const start = rng.permutation(n).subarray(0, m);
  const C = new Float64Array(m * d);
  for (let j = 0; j < m; j++) for (let e = 0; e < d; e++) C[j * d + e] = Z[start[j] * d + e];
  const assign = new Int32Array(n);
  const sum = new Float64Array(m * d);
  const cnt = new Int32Array(m);
  for (let it = 0; it < iterations; it++) {
    for (let i = 0; i < n; i++) {
      let best = 0;
      let bd = Infinity;
      for (let j = 0; j < m; j++) {
        let s = 0;
        for (let e = 0; e < d; e++) {
          const t = Z[i * d + e] - C[j * d + e];
          s += t * t;
        }
        if (s < bd) {
          bd = s;
          best = j;
        }
      }
      assign[i] = best;
    }
    sum.fill(0);
    cnt.fill(0);
    for (let i = 0; i < n; i++) {
      cnt[assign[i]]++;
      for (let e = 0; e < d; e++) sum[assign[i] * d + e] += Z[i * d + e];
    }
    for (let j = 0; j < m; j++) if (cnt[j] > 0) for (let e = 0; e < d; e++) C[j * d + e] = sum[j * d + e] / cnt[j];
  }
  return C;
}
