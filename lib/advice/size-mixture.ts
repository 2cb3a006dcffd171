import { InvalidArgumentError } from '../core/errors.js';
import { shownValue } from '../core/printable.js';

/** One normal component of a {@link SizeMixture}. */
export interface SizeMixtureComponent {
  weight: number;
  mean: number;
  sd: number;
}

/** One- and two-component normal mixtures of a set of sizes, compared by BIC. */
export interface SizeMixture {
  /** The single normal fit. */
  one: SizeMixtureComponent;
  /** The two-component fit, lower mean first (undefined for fewer than 2 values). */
  two: [SizeMixtureComponent, SizeMixtureComponent] | undefined;
  /** BIC(one) - BIC(two): positive when two components explain the sizes better. */
  bicGain: number;
  /** For each value, the component it belongs to most (0 = lower, 1 = upper; all 0 without a two-component fit). */
  assignment: Uint8Array;
}

/** Options of {@link fitSizeMixture}. */
export interface SizeMixtureOptions {
  /** Smallest standard deviation of a component, a finite number > 0 (default 0.5: sizes are whole steps). */
  minSd?: number;
  /** Most EM iterations, an integer >= 0 (default 100; 0 keeps the start from the halves). */
  iterations?: number;
}

const LOG_2PI = Math.log(2 * Math.PI);

function logNormal(x: number, c: SizeMixtureComponent): number {
  const z = (x - c.mean) / c.sd;
  return -0.5 * (LOG_2PI + z * z) - Math.log(c.sd);
}

/**
 * Fits one and two normal components to sizes (in size steps) by maximum likelihood (EM for two, started from
 * the lower and upper halves of the sorted values, so it is deterministic) with a floor on the standard
 * deviations, and compares them by BIC (2 and 5 parameters).
 * @throws InvalidArgumentError when there are no values, one is not finite, `minSd` is not a finite number > 0 or
 * `iterations` is not an integer >= 0.
 */
export function fitSizeMixture(values: ArrayLike<number>, options: SizeMixtureOptions = {}): SizeMixture {
  const n = values.length;
  if (n === 0) throw new InvalidArgumentError('fitSizeMixture needs at least one value');
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(values[i])) throw new InvalidArgumentError(`fitSizeMixture: value ${i} is ${values[i]}`);
  }
  const minSd = options.minSd ?? 0.5;
  const iterations = options.iterations ?? 100;
  // A floor of 0 lets a component collapse on one value (sd 0: every density NaN); NaN disables the floor.
  if (typeof minSd !== 'number' || !(minSd > 0 && Number.isFinite(minSd)))
    throw new InvalidArgumentError(`fitSizeMixture: minSd must be a finite number > 0, got ${shownValue(minSd)}`);
  if (!Number.isInteger(iterations) || iterations < 0)
    throw new InvalidArgumentError(`fitSizeMixture: iterations must be an integer >= 0, got ${shownValue(iterations)}`);
  const x = Float64Array.from(values);
  let mean = 0;
  for (const v of x) mean += v / n;
  let ss = 0;
  for (const v of x) ss += (v - mean) ** 2;
  const one = { weight: 1, mean, sd: Math.max(minSd, Math.sqrt(ss / n)) };
  let ll1 = 0;
  for (const v of x) ll1 += logNormal(v, one);
  const assignment = new Uint8Array(n);
  if (n < 2) return { one, two: undefined, bicGain: -Infinity, assignment };

  const sorted = Float64Array.from(x).sort();
  const half = n >> 1;
  const part = (a: number, b: number): SizeMixtureComponent => {
    let m = 0;
    for (let i = a; i < b; i++) m += sorted[i] / (b - a);
    let s = 0;
    for (let i = a; i < b; i++) s += (sorted[i] - m) ** 2;
    return { weight: (b - a) / n, mean: m, sd: Math.max(minSd, Math.sqrt(s / (b - a))) };
  };
  let comps: [SizeMixtureComponent, SizeMixtureComponent] = [part(0, half), part(half, n)];
  const r = new Float64Array(n);
  let ll2 = -Infinity;
  for (let it = 0; it < iterations; it++) {
    let ll = 0;
    for (let i = 0; i < n; i++) {
      const a = Math.log(comps[0].weight) + logNormal(x[i], comps[0]);
      const b = Math.log(comps[1].weight) + logNormal(x[i], comps[1]);
      const m = Math.max(a, b);
      const lse = m + Math.log(Math.exp(a - m) + Math.exp(b - m));
      r[i] = Math.exp(b - lse);
      ll += lse;
    }
    const w1 = r.reduce((s, v) => s + v, 0);
    const w0 = n - w1;
    if (w0 < 1e-9 || w1 < 1e-9) break;
    const next = [0, 1].map((k) => {
      const wk = k === 1 ? w1 : w0;
      let m = 0;
      for (let i = 0; i < n; i++) m += (k === 1 ? r[i] : 1 - r[i]) * x[i];
      m /= wk;
      let s = 0;
      for (let i = 0; i < n; i++) s += (k === 1 ? r[i] : 1 - r[i]) * (x[i] - m) ** 2;
      return { weight: wk / n, mean: m, sd: Math.max(minSd, Math.sqrt(s / wk)) };
    }) as [SizeMixtureComponent, SizeMixtureComponent];
    comps = next;
    const done = Math.abs(ll - ll2) < 1e-9;
    ll2 = ll;
    if (done) break;
  }
  // Log-likelihood of the final parameters.
  ll2 = 0;
  for (let i = 0; i < n; i++) {
    const a = Math.log(comps[0].weight) + logNormal(x[i], comps[0]);
    const b = Math.log(comps[1].weight) + logNormal(x[i], comps[1]);
    const m = Math.max(a, b);
    ll2 += m + Math.log(Math.exp(a - m) + Math.exp(b - m));
  }
  if (comps[0].mean > comps[1].mean) comps = [comps[1], comps[0]];
  for (let i = 0; i < n; i++) {
    const a = Math.log(comps[0].weight) + logNormal(x[i], comps[0]);
    const b = Math.log(comps[1].weight) + logNormal(x[i], comps[1]);
    assignment[i] = b > a ? 1 : 0;
  }
  const bicGain = -2 * ll1 + 2 * Math.log(n) - (-2 * ll2 + 5 * Math.log(n));
  return { one, two: comps, bicGain, assignment };
}
