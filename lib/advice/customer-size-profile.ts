import { InvalidArgumentError } from '../core/errors.js';
import { printable, shownValue } from '../core/printable.js';
import type { ColumnarDataset } from '../data/columnar-dataset.js';
import { parseSize } from '../sizes/size-registry.js';
import type { Size } from '../sizes/size.js';
import { fitCodes } from './fit-codes.js';
import { fitSizeMixture } from './size-mixture.js';

/** Options of {@link customerSizeProfiles}. Sizes, tolerances and spreads are in size steps of a system. */
export interface SizeProfileOptions {
  /**
   * Column names: customer (`user_id`), size (`size`), fit feedback (`fit`), kept/returned (`returned`, 1 =
   * returned), size system (`size_system`; absent column: one system `(all)`), size label (`size_label`).
   */
  columns?: { user?: string; size?: string; fit?: string; returned?: string; system?: string; label?: string };
  /**
   * Size-column units per size step (finite, > 0), per system (the object's own keys) or for all (default: the
   * smallest gap between distinct sizes seen in the system).
   */
  step?: number | Readonly<Record<string, number>>;
  /** Half-width of the fit band, finite and >= 0: a unit fits when |size - true size| < fitTolerance (default 0.75). */
  fitTolerance?: number;
  /** Scale of the logistic noise on the fit band's edges, finite and > 0 (default 0.3). */
  noise?: number;
  /** Share of observations treated as noise, in [0, 1) (a mislabel, a gift, an article that runs off; default 0.1). */
  outlier?: number;
  /** Weight (exponent, finite and >= 0) of a kept unit without fit feedback, as evidence that it fits (default 0.5). */
  keptWeight?: number;
  /** Weight (finite, >= 0) of a purchase with neither feedback nor return status (default 0.25). */
  purchaseWeight?: number;
  /**
   * Standard deviation of the normal prior around the system's median size (over every row of the system with a
   * size; of an even count, the lower of the two middle values), finite and > 0 (default 3).
   */
  priorSd?: number;
  /** Credible level of the intervals, in (0, 1) (default 0.9). */
  level?: number;
  /** Multi-person detection on the sizes of one system. */
  multiPerson?: {
    /** Fewest observations in the system to try two components, an integer >= 2 (default 5). */
    minObservations?: number;
    /** Smallest distance between the two modes, in steps, finite and >= 0 (default 1.5). */
    minGap?: number;
    /** Smallest share of observations in the smaller mode, in [0, 0.5] (default 0.2). */
    minWeight?: number;
    /** BIC(one) - BIC(two) must exceed this finite number (default 2). */
    bicMargin?: number;
  };
  /**
   * lib/sizes system id of each size system (e.g. `{ letter: 'letter', 'eu-numeric': 'women-eu' }`): adds a parsed
   * `sizeOf`. Only the object's own keys count (a system named `constructor` has no id unless given one).
   */
  systemIds?: Readonly<Record<string, string>>;
}

/**
 * `value` when it is a finite number passing `ok`.
 * @throws InvalidArgumentError naming the option, what it must be (`want`) and the value (with its type when it is
 * not a number).
 */
function checked(name: string, value: number, ok: (v: number) => boolean, want: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || !ok(value)) {
    throw new InvalidArgumentError(`customerSizeProfiles: ${name} must be ${want}, got ${shownValue(value)}`);
  }
  return value;
}

/** The value of `record`'s own key `key`: never one inherited from `Object.prototype` (`constructor`, `toString`). */
function ownValue<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}

/**
 * The widest span, in steps, of a customer's sizes in one system: far more than any size range, so that a stray size
 * or a tiny step fails clearly instead of allocating a posterior grid (20 points a step) of gigabytes.
 */
const MAX_SPAN_STEPS = 10_000;

/** log σ(x) = -log(1 + e^-x), without overflow or underflow to -Infinity for large |x|. */
function logSigmoid(x: number): number {
  return x < 0 ? x - Math.log1p(Math.exp(x)) : -Math.log1p(Math.exp(-x));
}

/** log(1 - e^x) for x <= 0 (Mächler's log1mexp: expm1 near 0, log1p further out). */
function log1mExp(x: number): number {
  return x > -Math.LN2 ? Math.log(-Math.expm1(x)) : Math.log1p(-Math.exp(x));
}

/** log(e^x + e^y), -Infinity when both are. */
function logAddExp(x: number, y: number): number {
  const hi = Math.max(x, y);
  if (hi === -Infinity) return -Infinity;
  return hi + Math.log1p(Math.exp(Math.min(x, y) - hi));
}

/** A size estimate in one system: posterior mean and credible interval, on the size column's scale. */
export interface SizeEstimate {
  /** Posterior mean true size (size-column units). */
  size: number;
  /** Credible interval at `level` (size-column units). */
  interval: [number, number];
  /** Observations behind the estimate. */
  observations: number;
  /** Share of the system's observations (1 for a single mode). */
  weight: number;
  /** Label of the nearest size seen in this system, when a label column exists. */
  label?: string;
  /** That label parsed in the system's lib/sizes id, when `systemIds` names one. */
  sizeOf?: Size;
}

/** A customer's profile in one size system. */
export interface SystemSizeProfile {
  system: string;
  /** Size-column units per step in this system. */
  step: number;
  /** The estimate from every observation (single person) or from the larger mode (several people). */
  estimate: SizeEstimate;
  /** One estimate per detected person, lower size first (one entry when not shared). */
  modes: SizeEstimate[];
  /** True when two modes are detected (see {@link customerSizeProfiles}). */
  multiPerson: boolean;
  /** BIC(one component) - BIC(two) of the observation sizes (-Infinity when not tried). */
  bicGain: number;
}

/** A customer's size profile across systems. */
export interface CustomerSizeProfile {
  customer: string;
  systems: SystemSizeProfile[];
  /** True when any system shows two people. */
  multiPerson: boolean;
  /** The largest BIC gain of any system: a score for ranking accounts as shared. */
  multiPersonScore: number;
}

/**
 * Estimates every customer's true size per size system from purchases, kept items and fit feedback.
 *
 * Each row is evidence on the true size `t` through the margin `m = (size - t) / step`: feedback `fit` has
 * likelihood σ((tol - m)/s) - σ((-tol - m)/s), `small` (the true size is above the size taken) σ((-tol - m)/s),
 * `large` σ((m - tol)/s); a kept unit without feedback counts as `fit` with weight `keptWeight`, a bare
 * purchase with weight `purchaseWeight`, a returned one without feedback not at all. Each likelihood is mixed
 * with `outlier` uniform noise. With a normal prior around the system's median size (of an even count of sizes,
 * the lower middle value), the posterior is computed on a grid of 0.05 steps; the estimate is its mean and the
 * interval its central `level` mass. Log-likelihoods that the direct form would round to -Infinity (with `outlier`
 * 0, σ((tol - m)/s) - σ((-tol - m)/s) cancels to 0 a few steps from the size taken) are computed in log space
 * (log-sigmoid, log1mexp), so that a contradictory customer (`fit` at 4 and at 12, two steps of 2) still gets a
 * proper posterior; with `outlier` > 0 the likelihood of a row with feedback is at least `outlier`/3 (a kept or bare
 * purchase's, a power by its weight, may be below it) and the direct form is kept wherever it is above 0 (only a
 * `keptWeight` or `purchaseWeight` power in the hundreds underflows).
 *
 * Several people on one account: each observation's implied size (the size taken, one step up for `small`, down
 * for `large`) is fitted with one and two normal components ({@link fitSizeMixture}); two people are declared
 * when the system has at least `minObservations`, BIC prefers two components by more than `bicMargin`, the
 * means are at least `minGap` steps apart and the smaller mode holds at least `minWeight`. Each mode then gets its
 * own posterior from the observations assigned to it.
 *
 * @returns the profile of every customer with at least one row with a size, keyed by customer id.
 * @throws InvalidArgumentError on a bad option (naming it and its value: each must be a finite number in the range its
 * TSDoc gives) or a missing column, and, naming the customer and the system, when no true size on the grid has a
 * likelihood above 0 (only possible with `outlier` 0: e.g. a `fit` row with `fitTolerance` 0); SizeError when a
 * `systemIds` label does not parse.
 */
export function customerSizeProfiles(
  data: ColumnarDataset,
  options: SizeProfileOptions = {},
): Map<string, CustomerSizeProfile> {
  // `??` per key, not a spread: a key given as undefined keeps its default (a spread put undefined in its place).
  const given = options.columns ?? {};
  const c = {
    user: given.user ?? 'user_id',
    size: given.size ?? 'size',
    fit: given.fit ?? 'fit',
    returned: given.returned ?? 'returned',
    system: given.system ?? 'size_system',
    label: given.label ?? 'size_label',
  };
  const nonNegative = (v: number): boolean => v >= 0;
  const positive = (v: number): boolean => v > 0;
  const tol = checked('fitTolerance', options.fitTolerance ?? 0.75, nonNegative, 'a finite number >= 0');
  const noise = checked('noise', options.noise ?? 0.3, positive, 'a finite number > 0');
  const outlier = checked('outlier', options.outlier ?? 0.1, (v) => v >= 0 && v < 1, 'a number in [0, 1)');
  const keptWeight = checked('keptWeight', options.keptWeight ?? 0.5, nonNegative, 'a finite number >= 0');
  const purchaseWeight = checked('purchaseWeight', options.purchaseWeight ?? 0.25, nonNegative, 'a finite number >= 0');
  const priorSd = checked('priorSd', options.priorSd ?? 3, positive, 'a finite number > 0');
  const level = checked('level', options.level ?? 0.9, (v) => v > 0 && v < 1, 'a number in (0, 1)');
  const mp = options.multiPerson ?? {};
  // Two components need at least 2 observations (fitSizeMixture fits none for one).
  const minObs = checked(
    'multiPerson.minObservations',
    mp.minObservations ?? 5,
    (v) => Number.isInteger(v) && v >= 2,
    'an integer >= 2',
  );
  const minGap = checked('multiPerson.minGap', mp.minGap ?? 1.5, nonNegative, 'a finite number >= 0');
  // The smaller of two modes holds at most half the observations: a larger minimum would turn detection off unseen.
  const minWeight = checked(
    'multiPerson.minWeight',
    mp.minWeight ?? 0.2,
    (v) => v >= 0 && v <= 0.5,
    'a number in [0, 0.5]',
  );
  const bicMargin = checked('multiPerson.bicMargin', mp.bicMargin ?? 2, () => true, 'a finite number');
  if (typeof options.step === 'number') checked('step', options.step, positive, 'a finite number > 0');
  else if (options.step !== undefined) {
    if (options.step === null || typeof options.step !== 'object')
      throw new InvalidArgumentError(
        'customerSizeProfiles: step must be a number or an object of numbers per system, ' +
          `got ${shownValue(options.step)}`,
      );
    for (const [s, v] of Object.entries(options.step)) checked(`step['${s}']`, v, positive, 'a finite number > 0');
  }
  if (options.systemIds !== undefined && (options.systemIds === null || typeof options.systemIds !== 'object'))
    throw new InvalidArgumentError(
      `customerSizeProfiles: systemIds must be an object of size system ids, got ${shownValue(options.systemIds)}`,
    );

  const users = data.categories(c.user);
  const size = data.numbers(c.size);
  const y = data.has(c.fit) ? fitCodes(data, c.fit) : new Int32Array(data.length).fill(-1);
  const returned = data.has(c.returned) ? data.numbers(c.returned) : new Float64Array(data.length).fill(NaN);
  const sys = data.has(c.system) ? data.categories(c.system) : undefined;
  const labels = data.has(c.label) ? data.categories(c.label) : undefined;
  const systemOf = (i: number): string =>
    sys === undefined || sys.codes[i] < 0 ? '(all)' : sys.categories[sys.codes[i]];

  // Per system: sizes seen (for the step, the median and labels).
  const seen = new Map<string, Map<number, string | undefined>>();
  const byUser = new Map<string, Map<string, number[]>>();
  for (let i = 0; i < data.length; i++) {
    if (users.codes[i] < 0 || Number.isNaN(size[i])) continue;
    const s = systemOf(i);
    let m = seen.get(s);
    if (m === undefined) seen.set(s, (m = new Map()));
    if (!m.has(size[i]) || m.get(size[i]) === undefined) {
      m.set(size[i], labels !== undefined && labels.codes[i] >= 0 ? labels.categories[labels.codes[i]] : undefined);
    }
    const u = users.categories[users.codes[i]];
    let per = byUser.get(u);
    if (per === undefined) byUser.set(u, (per = new Map()));
    let rows = per.get(s);
    if (rows === undefined) per.set(s, (rows = []));
    rows.push(i);
  }
  const systems = new Map<string, { step: number; median: number; values: number[]; labels: (string | undefined)[] }>();
  for (const [s, m] of seen) {
    const values = [...m.keys()].sort((a, b) => a - b);
    let gap = Infinity;
    for (let k = 1; k < values.length; k++) gap = Math.min(gap, values[k] - values[k - 1]);
    const given = typeof options.step === 'number' ? options.step : ownValue(options.step, s);
    const step = given ?? (Number.isFinite(gap) ? gap : 1);
    const all: number[] = [];
    for (let i = 0; i < data.length; i++) if (!Number.isNaN(size[i]) && systemOf(i) === s) all.push(size[i]);
    all.sort((a, b) => a - b);
    systems.set(s, { step, median: all[(all.length - 1) >> 1], values, labels: values.map((v) => m.get(v)) });
  }

  const out3 = outlier / 3;
  /**
   * A row's likelihood, computed directly: with `outlier` > 0 that of a `small`, `fit` or `large` row is at least
   * `out3` (a kept or bare purchase's, a power by its weight, may be below it).
   */
  const lik = (i: number, t: number, step: number): number => {
    const m = (size[i] - t) / step;
    const pSmall = 1 / (1 + Math.exp((tol + m) / noise));
    const pLarge = 1 / (1 + Math.exp((tol - m) / noise));
    const pFit = (1 - outlier) * Math.max(0, 1 - pSmall - pLarge) + out3;
    const yi = y[i];
    if (yi === 0) return (1 - outlier) * pSmall + out3;
    if (yi === 2) return (1 - outlier) * pLarge + out3;
    if (yi === 1) return pFit;
    if (returned[i] === 0) return Math.pow(pFit, keptWeight);
    if (Number.isNaN(returned[i])) return Math.pow(pFit, purchaseWeight);
    return 1;
  };
  // The same likelihoods in log space, for `outlier` 0 (or a likelihood that underflows, such as a large
  // `keptWeight` power): directly, 1 - P(small) - P(large) cancels to 0 away from the size taken and the log is
  // -Infinity, for a contradictory customer at every grid point (the posterior was NaN).
  const logFitGap = log1mExp((-2 * tol) / noise);
  const logOut3 = Math.log(out3);
  const log1mOutlier = Math.log1p(-outlier);
  // With outlier 0: log1mOutlier 0 and logOut3 -Infinity, so this is lp itself.
  const mixed = (lp: number): number => logAddExp(log1mOutlier + lp, logOut3);
  const logLikStable = (i: number, t: number, step: number): number => {
    const m = (size[i] - t) / step;
    const a = (tol - m) / noise;
    const b = (-tol - m) / noise;
    const yi = y[i];
    // P(small) = σ(b), P(large) = σ(-a), P(fit) = σ(a) - σ(b) = σ(a)·σ(-b)·(1 - exp(b - a)), b - a = -2·tol/noise.
    if (yi === 0) return mixed(logSigmoid(b));
    if (yi === 2) return mixed(logSigmoid(-a));
    // A weight of 0 ignores the row (as pow(p, 0) = 1 did), also where P(fit) is 0.
    const weight = yi === 1 ? 1 : returned[i] === 0 ? keptWeight : Number.isNaN(returned[i]) ? purchaseWeight : 0;
    return weight === 0 ? 0 : weight * mixed(logSigmoid(a) + logSigmoid(-b) + logFitGap);
  };
  // With `outlier` > 0, the direct form wherever it is positive, so that results stay as before to the last digit.
  const logLik =
    outlier > 0
      ? (i: number, t: number, step: number): number => {
          const v = lik(i, t, step);
          return v > 0 ? Math.log(v) : logLikStable(i, t, step);
        }
      : logLikStable;
  const estimate = (rows: readonly number[], s: string, weight: number): SizeEstimate => {
    const info = systems.get(s)!;
    const { step } = info;
    let lo = Infinity;
    let hi = -Infinity;
    for (const i of rows) {
      lo = Math.min(lo, size[i]);
      hi = Math.max(hi, size[i]);
    }
    if (!((hi - lo) / step <= MAX_SPAN_STEPS)) {
      const customer = users.categories[users.codes[rows[0]]];
      throw new InvalidArgumentError(
        `customerSizeProfiles: customer '${printable(customer)}' has sizes ${lo} to ${hi} in system ` +
          `'${printable(s)}', ${(hi - lo) / step} steps of ${step} apart, more than the ${MAX_SPAN_STEPS} one ` +
          `estimate can span: give the system a larger step (option step) or drop the stray size`,
      );
    }
    lo -= 4 * step;
    hi += 4 * step;
    const h = 0.05 * step;
    const G = Math.round((hi - lo) / h) + 1;
    const logp = new Float64Array(G);
    let max = -Infinity;
    for (let g = 0; g < G; g++) {
      const t = lo + g * h;
      let lp = -0.5 * ((t - info.median) / (priorSd * step)) ** 2;
      for (const i of rows) lp += logLik(i, t, step);
      logp[g] = lp;
      if (lp > max) max = lp;
    }
    if (!(max > -Infinity)) {
      const customer = users.categories[users.codes[rows[0]]];
      throw new InvalidArgumentError(
        `customerSizeProfiles: customer '${printable(customer)}' in system '${printable(s)}': every true size from ` +
          `${lo} to ${hi} has likelihood 0 with outlier ${outlier} (fitTolerance ${tol}, noise ${noise}): the ` +
          'observations contradict each other or the fit band; give outlier > 0 (such an observation then counts as ' +
          'noise), or a larger fitTolerance or noise',
      );
    }
    let total = 0;
    for (let g = 0; g < G; g++) total += logp[g] = Math.exp(logp[g] - max);
    let mean = 0;
    for (let g = 0; g < G; g++) mean += ((lo + g * h) * logp[g]) / total;
    const lowP = (1 - level) / 2;
    const interval: [number, number] = [hi, hi];
    let acc = 0;
    for (let g = 0, k = 0; g < G && k < 2; g++) {
      acc += logp[g] / total;
      while (k < 2 && acc >= (k === 0 ? lowP : 1 - lowP)) interval[k++] = lo + g * h;
    }
    const out: SizeEstimate = { size: mean, interval, observations: rows.length, weight };
    let best = 0;
    for (let k = 1; k < info.values.length; k++) {
      if (Math.abs(info.values[k] - mean) < Math.abs(info.values[best] - mean)) best = k;
    }
    const label = info.labels[best];
    if (label !== undefined) {
      out.label = label;
      const id = ownValue(options.systemIds, s);
      if (id !== undefined) out.sizeOf = parseSize(label, id);
    }
    return out;
  };

  const profiles = new Map<string, CustomerSizeProfile>();
  for (const [u, per] of byUser) {
    const list: SystemSizeProfile[] = [];
    for (const [s, rows] of per) {
      const { step } = systems.get(s)!;
      const implied = rows.map((i) => size[i] / step + (y[i] === 0 ? 1 : y[i] === 2 ? -1 : 0));
      let multi = false;
      let bicGain = -Infinity;
      let modes: SizeEstimate[] = [];
      if (rows.length >= minObs) {
        const mix = fitSizeMixture(implied);
        bicGain = mix.bicGain;
        const two = mix.two!;
        multi =
          bicGain > bicMargin &&
          two[1].mean - two[0].mean >= minGap &&
          Math.min(two[0].weight, two[1].weight) >= minWeight;
        if (multi) {
          const parts: number[][] = [[], []];
          rows.forEach((i, k) => parts[mix.assignment[k]].push(i));
          multi = parts[0].length > 0 && parts[1].length > 0;
          if (multi) modes = parts.map((p) => estimate(p, s, p.length / rows.length));
        }
      }
      if (!multi) modes = [estimate(rows, s, 1)];
      const main = modes.reduce((a, b) => (b.observations > a.observations ? b : a));
      list.push({ system: s, step, estimate: main, modes, multiPerson: multi, bicGain });
    }
    list.sort((a, b) => (a.system < b.system ? -1 : a.system > b.system ? 1 : 0));
    profiles.set(u, {
      customer: u,
      systems: list,
      multiPerson: list.some((p) => p.multiPerson),
      multiPersonScore: list.reduce((m, p) => Math.max(m, p.bicGain), -Infinity),
    });
  }
  return profiles;
}
