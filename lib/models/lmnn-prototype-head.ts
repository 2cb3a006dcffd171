import { checkFiniteValues, decodeNumbers, encodeNumbers } from '../core/estimator.js';
import { InvalidArgumentError, ModelFormatError, NotFittedError } from '../core/errors.js';
import type { Rng } from '../core/rng.js';
import { prototypeKernelVote } from './lmnn-kernel-vote.js';
import { learnLmnnMetric } from './lmnn-metric.js';
import { checkFitInput, checkRows } from './latent-head-input.js';

/** Options of {@link LmnnPrototypeHead}. */
export interface LmnnPrototypeHeadOptions {
  /** k-means prototypes per class, an integer >= 1 (default 100). */
  prototypesPerClass?: number;
  /** Prototypes that vote for a query, an integer >= 1 (default: half of `prototypesPerClass`, rounded, at least 1). */
  neighbors?: number;
  /** Class-balanced sample for LMNN, rows per class: an integer >= 2, so that a row has a same-class target (default 1000). */
  samplePerClass?: number;
  /** LMNN SGD epochs, an integer >= 0 (default 30; 0 keeps the Euclidean metric). */
  epochs?: number;
  /** Lloyd iterations of each class's k-means, an integer >= 0 (default 10; 0 keeps the random starting rows). */
  kmeansIterations?: number;
  /** Weight s >= 0 (finite) of the class priors against the kernel vote (default 0.01; see {@link prototypeKernelVote}). */
  smoothing?: number;
  /**
   * Share of each class's rows held out to choose between the LMNN metric and the Euclidean one by
   * validation log-loss, in [0, 1) (default 0.2; 0 always keeps the LMNN metric). The prototypes are built from
   * the other rows.
   */
  validationShare?: number;
}

interface FittedHead {
  dim: number;
  k: number;
  mean: Float64Array;
  scale: Float64Array;
  L: Float64Array;
  prototypes: Float64Array;
  prototypeClass: Int32Array;
  mass: Float64Array;
  neighbors: number;
  smoothing: number;
  priors: Float64Array;
}

/**
 * The "-ML" head of Misra, Wan & McAuley (RecSys 2018, Sec. 3.3): a Mahalanobis metric learned with LMNN
 * (Weinberger & Saul, JMLR 2009) on a class-balanced sample of the representation, class prototypes
 * (k-means centres of each class in the learned metric: the paper's answer to label imbalance) and a
 * k-NN over the prototypes that gives class probabilities.
 *
 * Deviations and choices (measured on RentTheRunway, see bench/latent.bench.ts):
 * - one global scale for every feature (centred, divided by the root mean variance) instead of a
 *   per-feature standardisation: the representation's terms sum to the fit score, and standardising
 *   would blow near-constant latent terms (sd ~1e-3) up to the weight of the bias terms, drowning the
 *   neighbourhoods in noise (avg AUC 0.668 vs 0.684 without LMNN);
 * - the vote is {@link prototypeKernelVote}: Gaussian kernel with an adaptive bandwidth, each prototype
 *   weighted by the rows of its cluster (so the balanced prototypes estimate the classes' density ratio
 *   without a separate prior correction), smoothed towards the priors; the same number of prototypes per
 *   class, as the mass weights already carry the imbalance;
 * - the learned metric is kept only if it lowers the log-loss of the head on a held-out share of the
 *   rows (option `validationShare`); otherwise the head uses the Euclidean metric (L = I). On this data
 *   the classes overlap everywhere and LMNN's SGD sometimes distorts the space.
 */
export class LmnnPrototypeHead {
  private state: FittedHead | undefined;
  private readonly o: Required<LmnnPrototypeHeadOptions>;

  /**
   * Stores the options (see {@link LmnnPrototypeHeadOptions} for their ranges).
   * @throws InvalidArgumentError naming the first option out of its range.
   */
  constructor(options: LmnnPrototypeHeadOptions = {}) {
    this.o = {
      prototypesPerClass: options.prototypesPerClass ?? 100,
      neighbors: options.neighbors ?? Math.max(1, Math.round((options.prototypesPerClass ?? 100) / 2)),
      samplePerClass: options.samplePerClass ?? 1000,
      epochs: options.epochs ?? 30,
      kmeansIterations: options.kmeansIterations ?? 10,
      smoothing: options.smoothing ?? 0.01,
      validationShare: options.validationShare ?? 0.2,
    };
    checkHeadOptions(this.o);
  }

  /** Number of input features. @throws NotFittedError. */
  get dim(): number {
    return this.fitted().dim;
  }

  /** True once fitted or loaded. */
  get isFitted(): boolean {
    return this.state !== undefined;
  }

  /** The linear map L (dim x dim, row-major) of the metric in use (identity when LMNN was not kept). @throws NotFittedError. */
  get metric(): Float64Array {
    return this.fitted().L.slice();
  }

  /**
   * Fits metric and prototypes on X (n x dim row-major) and class codes y in 0..k-1.
   * @returns this
   * @throws InvalidArgumentError when dim is not an integer >= 1, k not an integer >= 2, y is empty, X does not hold
   *   y.length x dim values, a label is outside [0, k) or a value of X is NaN or infinite (naming the row and column).
   */
  fit(X: Float64Array, dim: number, y: Int32Array, k: number, rng: Rng): this {
    checkFitInput('LmnnPrototypeHead', X, dim, y, k);
    const n = y.length;
    const mean = new Float64Array(dim);
    for (let i = 0; i < n; i++) for (let d = 0; d < dim; d++) mean[d] += X[i * dim + d];
    for (let d = 0; d < dim; d++) mean[d] /= Math.max(n, 1);
    let v = 0;
    for (let i = 0; i < n; i++) for (let d = 0; d < dim; d++) v += (X[i * dim + d] - mean[d]) ** 2;
    const g = Math.sqrt(v / Math.max(n * dim, 1));
    const scale = new Float64Array(dim).fill(g > 1e-12 ? g : 1);
    const rowsOf: number[][] = Array.from({ length: k }, () => []);
    for (let i = 0; i < n; i++) rowsOf[y[i]].push(i);
    const priors = Float64Array.from(rowsOf, (r) => r.length / Math.max(n, 1));
    const standard = (rows: ArrayLike<number>): Float64Array => {
      const out = new Float64Array(rows.length * dim);
      for (let q = 0; q < rows.length; q++) {
        const r = rows[q];
        for (let d = 0; d < dim; d++) out[q * dim + d] = (X[r * dim + d] - mean[d]) / scale[d];
      }
      return out;
    };
    // Held-out rows of each class for the choice of metric; the rest builds LMNN sample and prototypes.
    const fitRows: number[][] = [];
    const valRows: number[] = [];
    for (let c = 0; c < k; c++) {
      const rows = rng.shuffle(rowsOf[c].slice());
      const nVal = Math.floor(rows.length * this.o.validationShare);
      const cut = nVal < rows.length ? nVal : 0;
      for (let q = 0; q < cut; q++) valRows.push(rows[q]);
      fitRows.push(rows.slice(cut));
    }
    const validate = this.o.epochs > 0 && valRows.length >= 30;
    if (!validate) {
      for (const r of valRows) fitRows[y[r]].push(r);
      valRows.length = 0;
    }
    const identity = new Float64Array(dim * dim);
    for (let e = 0; e < dim; e++) identity[e * dim + e] = 1;
    let L: Float64Array = identity;
    if (this.o.epochs > 0) {
      const sample: number[] = [];
      const sampleY: number[] = [];
      for (let c = 0; c < k; c++) {
        for (const r of rng.shuffle(fitRows[c].slice()).slice(0, this.o.samplePerClass)) {
          sample.push(r);
          sampleY.push(c);
        }
      }
      L = learnLmnnMetric(standard(sample), dim, Int32Array.from(sampleY), { epochs: this.o.epochs }, rng);
    }
    const build = (M: Float64Array): FittedHead => {
      const protos: number[] = [];
      const protoClass: number[] = [];
      const mass: number[] = [];
      const m = this.o.prototypesPerClass;
      for (let c = 0; c < k; c++) {
        const rows = rng.shuffle(fitRows[c].slice()).slice(0, 20 * m);
        if (rows.length === 0) continue;
        const Z = transform(standard(rows), M, dim);
        const { centres, counts } = kMeans(Z, dim, Math.min(m, rows.length), this.o.kmeansIterations, rng);
        const perRow = fitRows[c].length / rows.length;
        for (let j = 0; j < counts.length; j++) {
          if (counts[j] === 0) continue;
          for (let e = 0; e < dim; e++) protos.push(centres[j * dim + e]);
          protoClass.push(c);
          mass.push(counts[j] * perRow);
        }
      }
      return {
        dim,
        k,
        mean,
        scale,
        L: M,
        prototypes: Float64Array.from(protos),
        prototypeClass: Int32Array.from(protoClass),
        mass: Float64Array.from(mass),
        neighbors: Math.min(this.o.neighbors, protoClass.length),
        smoothing: this.o.smoothing,
        priors,
      };
    };
    let st = build(L);
    if (validate) {
      const Xv = new Float64Array(valRows.length * dim);
      valRows.forEach((r, q) => Xv.set(X.subarray(r * dim, (r + 1) * dim), q * dim));
      const yv = Int32Array.from(valRows, (r) => y[r]);
      const euclid = build(identity);
      // Written so that a NaN log-loss of the learned metric also falls back to the Euclidean one.
      if (!(logLoss(st, Xv, yv) <= logLoss(euclid, Xv, yv))) st = euclid;
    }
    this.state = st;
    return this;
  }

  /**
   * Class probabilities, n x k row-major; rows sum to 1.
   * @throws NotFittedError; InvalidArgumentError when X is not rows of `dim` values or holds a NaN or infinite value
   *   (naming the row and column).
   */
  predictProba(X: Float64Array): Float64Array {
    const st = this.fitted();
    checkRows('LmnnPrototypeHead', X, st.dim);
    return probabilities(st, X);
  }

  /** The fitted head as JSON (`format: 2`). @throws NotFittedError. */
  toJSON(): Record<string, unknown> {
    const st = this.fitted();
    return {
      format: FORMAT,
      dim: st.dim,
      numClasses: st.k,
      mean: encodeNumbers(st.mean),
      scale: encodeNumbers(st.scale),
      L: encodeNumbers(st.L),
      prototypes: encodeNumbers(st.prototypes),
      prototypeClass: Array.from(st.prototypeClass),
      mass: encodeNumbers(st.mass),
      neighbors: st.neighbors,
      smoothing: st.smoothing,
      priors: encodeNumbers(st.priors),
    };
  }

  /**
   * Rebuilds a fitted head.
   * @throws ModelFormatError on bad shapes, a NaN or infinite value, a scale or mass <= 0, a negative prior, priors
   *   not summing to 1 (within 1e-9) or an older format (refit the model).
   */
  static fromJSON(json: unknown, what = 'head'): LmnnPrototypeHead {
    const o = json as Record<string, unknown> | null;
    if (typeof o !== 'object' || o === null) throw new ModelFormatError(`${what}: must be an object`);
    if (o.format !== FORMAT) {
      throw new ModelFormatError(
        `${what}: ML head format ${JSON.stringify(o.format ?? 1)} is not supported (expected ${FORMAT}); refit the model`,
      );
    }
    const dim = o.dim;
    const k = o.numClasses;
    const kk = o.neighbors;
    const sm = o.smoothing;
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
      typeof sm !== 'number' ||
      !(sm >= 0) ||
      !Number.isFinite(sm)
    ) {
      throw new ModelFormatError(
        `${what}: dim, numClasses, neighbors must be positive integers and smoothing a finite number >= 0`,
      );
    }
    const mean = decodeNumbers(o.mean, `${what}.mean`);
    const scale = decodeNumbers(o.scale, `${what}.scale`);
    const L = decodeNumbers(o.L, `${what}.L`);
    const prototypes = decodeNumbers(o.prototypes, `${what}.prototypes`);
    const mass = decodeNumbers(o.mass, `${what}.mass`);
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
      mass.length !== pc.length ||
      priors.length !== k ||
      kk > pc.length
    ) {
      throw new ModelFormatError(`${what}: array lengths do not match dim ${dim} and ${pc.length} prototypes`);
    }
    // NaN or infinite values would make probabilities NaN (a zero scale or mass too): refused, naming the value.
    for (const [name, values, least] of [
      ['mean', mean, undefined],
      ['scale', scale, 'positive'],
      ['L', L, undefined],
      ['prototypes', prototypes, undefined],
      ['mass', mass, 'positive'],
      ['priors', priors, 'non-negative'],
    ] as const) {
      checkFiniteValues(values, `${what}.${name}`, least);
    }
    // The vote mixes the priors into every probability row: priors off 1 would make the rows miss 1 too.
    let priorSum = 0;
    for (const p of priors) priorSum += p;
    if (!(Math.abs(priorSum - 1) <= 1e-9)) {
      throw new ModelFormatError(`${what}.priors sum to ${priorSum}, not 1`);
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
      mass,
      neighbors: kk,
      smoothing: sm,
      priors,
    };
    return h;
  }

  private fitted(): FittedHead {
    if (this.state === undefined) throw new NotFittedError('LmnnPrototypeHead');
    return this.state;
  }
}

const FORMAT = 2;

/**
 * Refuses what fit would turn into a head its own fromJSON refuses or into NaN probabilities: no prototypes or
 * neighbours (0), fractional counts, a negative or NaN smoothing (rows off [0, 1]), a held-out share of 1 or more
 * (every row would silently be kept instead).
 */
function checkHeadOptions(o: Required<LmnnPrototypeHeadOptions>): void {
  const bad = (name: string, v: unknown, rule: string): never => {
    // Numbers as written (JSON would print NaN and Infinity as null), anything else as JSON.
    const got = typeof v === 'number' ? String(v) : JSON.stringify(v);
    throw new InvalidArgumentError(`LmnnPrototypeHead: option ${name} must be ${rule}, got ${got}`);
  };
  const ints: [string, number, number][] = [
    ['prototypesPerClass', o.prototypesPerClass, 1],
    ['neighbors', o.neighbors, 1],
    ['samplePerClass', o.samplePerClass, 2],
    ['epochs', o.epochs, 0],
    ['kmeansIterations', o.kmeansIterations, 0],
  ];
  for (const [name, v, min] of ints) if (!Number.isInteger(v) || v < min) bad(name, v, `an integer >= ${min}`);
  if (!(o.smoothing >= 0) || !Number.isFinite(o.smoothing)) bad('smoothing', o.smoothing, 'a finite number >= 0');
  if (!(o.validationShare >= 0 && o.validationShare < 1)) bad('validationShare', o.validationShare, 'in [0, 1)');
}

/** Class probabilities of the rows of X (n x dim) under a fitted head. */
function probabilities(st: FittedHead, X: Float64Array): Float64Array {
  const { dim, k, mean, scale } = st;
  const n = X.length / dim;
  const Xs = new Float64Array(X.length);
  for (let i = 0; i < n; i++) for (let d = 0; d < dim; d++) Xs[i * dim + d] = (X[i * dim + d] - mean[d]) / scale[d];
  const { dist, id } = nearestPrototypes(transform(Xs, st.L, dim), dim, st);
  const kk = st.neighbors;
  const out = new Float64Array(n * k);
  const cls = new Int32Array(kk);
  const mass = new Float64Array(kk);
  const row = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < kk; a++) {
      cls[a] = st.prototypeClass[id[i * kk + a]];
      mass[a] = st.mass[id[i * kk + a]];
    }
    prototypeKernelVote(dist.subarray(i * kk, (i + 1) * kk), cls, mass, st.priors, st.smoothing, row);
    out.set(row, i * k);
  }
  return out;
}

/** Mean negative log-likelihood of class codes y under the head. */
function logLoss(st: FittedHead, X: Float64Array, y: Int32Array): number {
  const P = probabilities(st, X);
  let l = 0;
  for (let i = 0; i < y.length; i++) l -= Math.log(Math.max(P[i * st.k + y[i]], 1e-300));
  return l / Math.max(y.length, 1);
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

/**
 * Lloyd's k-means from m distinct random rows: m x d centres (an empty cluster keeps its centre) and the
 * number of rows nearest to each final centre.
 */
function kMeans(
  Z: Float64Array,
  d: number,
  m: number,
  iterations: number,
  rng: Rng,
): { centres: Float64Array; counts: Int32Array } {
  const n = Z.length / d;
  const start = rng.permutation(n).subarray(0, m);
  const C = new Float64Array(m * d);
  for (let j = 0; j < m; j++) for (let e = 0; e < d; e++) C[j * d + e] = Z[start[j] * d + e];
  const assign = new Int32Array(n);
  const sum = new Float64Array(m * d);
  const cnt = new Int32Array(m);
  for (let it = 0; it <= iterations; it++) {
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
    // The last pass only counts the rows of the final centres.
    if (it === iterations) break;
    for (let j = 0; j < m; j++) if (cnt[j] > 0) for (let e = 0; e < d; e++) C[j * d + e] = sum[j * d + e] / cnt[j];
  }
  return { centres: C, counts: cnt };
}
