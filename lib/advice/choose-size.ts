import { InvalidArgumentError } from '../core/errors.js';
import { shownValue } from '../core/printable.js';

/** Options of the decision rule {@link chooseSize}. */
export interface ChooseSizeOptions {
  /** Cost of a unit that comes out too small (default 1). */
  costSmall?: number;
  /** Cost of a unit that comes out too large (default 1). */
  costLarge?: number;
  /**
   * Two adjacent sizes whose expected misfit costs differ by at most this much, the lower leaning small and the
   * upper leaning large, mark a customer between sizes (default 0.1).
   */
  betweenMargin?: number;
}

/** A customer who falls between two adjacent sizes, and why. */
export interface BetweenSizes {
  /** Index (into the sizes) of the lower size, where P(small) > P(large). */
  lower: number;
  /** Index of the upper size, where P(large) > P(small). */
  upper: number;
  /** The one chosen: the lower expected misfit cost; on an exact tie, the upper (see {@link chooseSize}). */
  chosen: number;
  /** One line for people: the probabilities and costs that made the call. */
  reason: string;
}

/** What {@link chooseSize} decides. */
export interface SizeChoice {
  /** Index of the chosen size in the input order. */
  index: number;
  /** Expected misfit cost of each size, `costSmall·P(small) + costLarge·P(large)`, in input order. */
  expectedCost: Float64Array;
  /** Set when the customer falls between the chosen size and an adjacent one. */
  between?: BetweenSizes;
}

/**
 * Checks the options of {@link chooseSize} (also checked up front by `adviseSizes`, for every request): `costSmall`,
 * `costLarge` and `betweenMargin`, when given, finite numbers >= 0 (a NaN cost made every expected cost NaN, and the
 * first size won silently; a negative cost rewarded a misfit), and not both costs 0 (every expected cost would be 0:
 * the tie rule took the largest size whatever P(fit)).
 * @param prefix - put before each message (e.g. `'chooseSize: '`).
 * @throws InvalidArgumentError naming the option and its value.
 */
export function checkChooseSizeOptions(options: ChooseSizeOptions, prefix = ''): void {
  for (const key of ['costSmall', 'costLarge', 'betweenMargin'] as const) {
    const v = options[key];
    if (v !== undefined && !(typeof v === 'number' && v >= 0 && Number.isFinite(v))) {
      throw new InvalidArgumentError(`${prefix}${key} must be a finite number >= 0, got ${shownValue(v)}`);
    }
  }
  if ((options.costSmall ?? 1) + (options.costLarge ?? 1) === 0) {
    throw new InvalidArgumentError(
      `${prefix}costSmall and costLarge are both 0: every size would have expected misfit cost 0 (give at least one ` +
        'a cost above 0)',
    );
  }
}

/**
 * Chooses a size from fit probabilities: the size with the lowest expected misfit cost
 * `costSmall·P(small) + costLarge·P(large)` (with the default equal costs: the highest P(fit)).
 *
 * Between-sizes rule: let `b` be the chosen size and `j` its adjacent size (by size value) with the lower
 * cost (of two adjacent sizes of equal cost, the one for which the rule holds, if any: at most one can, as `b`
 * cannot lean both ways). When `|cost(j) - cost(b)| <= betweenMargin` and, of the two, the lower size leans small
 * (P(small) > P(large)) and the upper leans large (P(large) > P(small)), the customer is between sizes: the
 * choice stays the size of lower expected misfit, both are reported in `between` with the reason, and an exact
 * tie goes to the upper size (a garment a little too large can still be worn; one too small cannot).
 *
 * @param sizes - size values, finite numbers in any order (ties are not allowed).
 * @param proba - n x 3 probabilities (small, fit, large), row i for sizes[i].
 * @param labels - names of the sizes in the between-sizes reason (same order as `sizes`; default the size values).
 * @throws InvalidArgumentError when there is no size, a size is not a finite number, the shapes disagree, sizes
 *   repeat, a probability is not in [0, 1] up to rounding (1e-9; NaN included: a NaN cost would otherwise win
 *   when listed first), or an option is refused by {@link checkChooseSizeOptions} (`costSmall`, `costLarge` or
 *   `betweenMargin` not a finite number >= 0, or both costs 0).
 */
export function chooseSize(
  sizes: readonly number[],
  proba: ArrayLike<number>,
  options: ChooseSizeOptions = {},
  labels?: readonly string[],
): SizeChoice {
  if (!Array.isArray(sizes)) throw new InvalidArgumentError('chooseSize: sizes must be an array of numbers');
  const n = sizes.length;
  if (n === 0) throw new InvalidArgumentError('chooseSize needs at least one size');
  sizes.forEach((s, k) => {
    if (typeof s !== 'number' || !Number.isFinite(s))
      throw new InvalidArgumentError(`chooseSize: size ${String(s)} (sizes[${k}]) is not a finite number`);
  });
  if (labels !== undefined && (!Array.isArray(labels) || labels.length !== n))
    throw new InvalidArgumentError(`chooseSize: ${n} sizes need ${n} labels, got ${String(labels?.length)}`);
  const name = (k: number): string => labels?.[k] ?? String(sizes[k]);
  if (proba.length !== 3 * n)
    throw new InvalidArgumentError(`chooseSize: ${n} sizes need ${3 * n} probabilities, got ${proba.length}`);
  for (let i = 0; i < proba.length; i++) {
    if (!(proba[i] >= -1e-9 && proba[i] <= 1 + 1e-9)) {
      throw new InvalidArgumentError(
        `chooseSize: probability ${proba[i]} of size ${sizes[Math.floor(i / 3)]} is not in [0, 1]`,
      );
    }
  }
  checkChooseSizeOptions(options, 'chooseSize: ');
  const cs = options.costSmall ?? 1;
  const cl = options.costLarge ?? 1;
  const margin = options.betweenMargin ?? 0.1;
  const order = Array.from(sizes.keys()).sort((a, b) => sizes[a] - sizes[b]);
  for (let k = 1; k < n; k++) {
    if (sizes[order[k]] === sizes[order[k - 1]])
      throw new InvalidArgumentError(`chooseSize: size ${sizes[order[k]]} repeats`);
  }
  const cost = Float64Array.from(sizes, (_, i) => cs * proba[3 * i] + cl * proba[3 * i + 2]);
  // Lowest cost; on an exact tie the larger size (scan ascending, `<=`).
  let bestRank = 0;
  for (let k = 1; k < n; k++) if (cost[order[k]] <= cost[order[bestRank]]) bestRank = k;
  const best = order[bestRank];
  const choice: SizeChoice = { index: best, expectedCost: cost };
  const neighbours = [bestRank - 1, bestRank + 1].filter((k) => k >= 0 && k < n).map((k) => order[k]);
  if (neighbours.length === 0) return choice;
  const lowest = Math.min(...neighbours.map((k) => cost[k]));
  if (Math.abs(lowest - cost[best]) > margin) return choice;
  // The neighbour of the lower cost; of two of equal cost, the one that makes a between-sizes pair (before, the lower
  // one only: a pair on the upper side was lost on an exact tie).
  const pairs = neighbours
    .filter((j) => cost[j] === lowest)
    .map((j) => (sizes[j] < sizes[best] ? [j, best] : [best, j]));
  const pair = pairs.find(([lo, hi]) => proba[3 * lo] > proba[3 * lo + 2] && proba[3 * hi + 2] > proba[3 * hi]);
  if (pair === undefined) return choice;
  const [lo, hi] = pair;
  const f = (x: number): string => x.toFixed(2);
  choice.between = {
    lower: lo,
    upper: hi,
    chosen: best,
    reason:
      `between sizes ${name(lo)} and ${name(hi)}: P(small) at ${name(lo)} = ${f(proba[3 * lo])}, ` +
      `P(large) at ${name(hi)} = ${f(proba[3 * hi + 2])}; expected misfit ${f(cost[lo])} vs ${f(cost[hi])}, ` +
      `chose ${name(best)}${cost[lo] === cost[hi] ? ' (tie: the larger size)' : ''}`,
  };
  return choice;
}
