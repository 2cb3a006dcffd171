// Internal: bootstrap resample counts and percentile helpers (not exported from index.ts).
import { InvalidArgumentError } from '../core/errors.js';
import { seedOption, type Rng } from '../core/rng.js';
import type { Metric } from './metric.js';

/** Common options of the bootstrap functions. */
export interface BootstrapOptions {
  /** Number of bootstrap resamples (default 1000). */
  samples?: number;
  /** Coverage of the percentile interval (default 0.95). */
  level?: number;
  /** Seed of the resampling (default 0). */
  seed?: number;
  /** Resample within each true class, keeping the class counts fixed (default false). */
  stratified?: boolean;
}

/** Checks and defaults the bootstrap options. */
export function bootstrapSettings(options: BootstrapOptions): {
  samples: number;
  level: number;
  seed: number;
  stratified: boolean;
} {
  const samples = options.samples ?? 1000;
  const level = options.level ?? 0.95;
  if (!Number.isInteger(samples) || samples < 1) {
    throw new InvalidArgumentError(`bootstrap: samples must be an integer >= 1, got ${samples}`);
  }
  if (!(level > 0 && level < 1)) throw new InvalidArgumentError(`bootstrap: level must be in (0, 1), got ${level}`);
  return { samples, level, seed: seedOption(options.seed, 'bootstrap'), stratified: options.stratified ?? false };
}

/**
 * A uniform index in [0, m) from one 32-bit draw (multiply-shift, Lemire 2019 without the rejection
 * step: the bias is below m / 2^32, ~1e-5 for m = 40,000). Half the cost of `Rng.int`, which spends two
 * 32-bit draws per index; the draws dominate the bootstrap's time.
 */
function drawIndex(rng: Rng, m: number): number {
  return Math.floor((rng.nextUint32() * m) / 4294967296);
}

/**
 * A function that fills `counts` with one bootstrap resample's multiplicities (n draws with
 * replacement, or per-class draws when stratified). Reuses `counts`.
 */
export function makeResampler(y: ArrayLike<number>, stratified: boolean, rng: Rng): (counts: Float64Array) => void {
  const n = y.length;
  if (!stratified) {
    return (counts) => {
      counts.fill(0);
      for (let i = 0; i < n; i++) counts[drawIndex(rng, n)]++;
    };
  }
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const list = byClass.get(y[i]);
    if (list) list.push(i);
    else byClass.set(y[i], [i]);
  }
  const groups = [...byClass.keys()].sort((a, b) => a - b).map((c) => Int32Array.from(byClass.get(c)!));
  return (counts) => {
    counts.fill(0);
    for (const g of groups) for (let i = 0; i < g.length; i++) counts[g[drawIndex(rng, g.length)]]++;
  };
}

/** The metric as a function of the weights only, through its `prepare` fast path when it has one. */
export function weightedEvaluator(
  metric: Metric,
  y: ArrayLike<number>,
  P: ArrayLike<number>,
): (weights: ArrayLike<number>) => number {
  if (metric.prepare !== undefined) return metric.prepare(y, P);
  return (weights) => {
    try {
      return metric(y, P, weights);
    } catch (e) {
      // A resample where the metric is undefined (e.g. a class without positives) is dropped; a metric's own bug
      // (any other error) is not a resample to drop.
      if (e instanceof InvalidArgumentError) return NaN;
      throw e;
    }
  };
}

/** Quantile q of sorted values, linear interpolation between order statistics (Hyndman & Fan type 7). */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const m = sorted.length;
  if (m === 0) return NaN;
  const h = (m - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(m - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** Finite values of `a`, sorted ascending. */
export function sortedFinite(a: Float64Array): Float64Array {
  return a.filter((v) => Number.isFinite(v)).sort();
}

/** Standard deviation (n - 1 denominator) of the values. */
export function sampleSd(a: ArrayLike<number>): number {
  const m = a.length;
  if (m < 2) return NaN;
  let mean = 0;
  for (let i = 0; i < m; i++) mean += a[i];
  mean /= m;
  let s = 0;
  for (let i = 0; i < m; i++) s += (a[i] - mean) ** 2;
  return Math.sqrt(s / (m - 1));
}
