import { InvalidArgumentError } from '../core/errors.js';
import { checkLabelsAndProba } from './check-inputs.js';

/** Reliability-diagram data of one class: per bin of predicted probability. */
export interface ClassCalibration {
  /** Mean predicted probability of the class in each bin (NaN for an empty bin). */
  meanPredicted: number[];
  /** Observed rate of the class in each bin (NaN for an empty bin). */
  observedRate: number[];
  /** Number of rows in each bin. */
  count: number[];
  /** Expected calibration error of the class: sum_b count_b / n x |observed_b - predicted_b|. */
  ece: number;
}

/** Calibration of every class, and the class-wise expected calibration error. */
export interface Calibration {
  /** Bin edges: bins + 1 values from 0 to 1. Bin b is [edges[b], edges[b+1]), the last one closed. */
  edges: number[];
  /** One entry per class, in column order of P. */
  classes: ClassCalibration[];
  /** Class-wise ECE: the unweighted mean of the classes' ECE (Kull et al., NeurIPS 2019). */
  ece: number;
}

/**
 * Reliability-diagram data per class with equal-width bins of the predicted probability, and the
 * expected calibration error (Naeini, Cooper & Hauskrecht, AAAI 2015) per class and averaged over
 * classes.
 *
 * @param y - class codes 0..k-1. @param P - probabilities, n x k row-major.
 * @param options - `bins` (default 10, integer >= 1).
 * @throws InvalidArgumentError on malformed input or an invalid bin count.
 */
export function calibrationBins(
  y: ArrayLike<number>,
  P: ArrayLike<number>,
  options: { bins?: number } = {},
): Calibration {
  const bins = options.bins ?? 10;
  if (!Number.isInteger(bins) || bins < 1)
    throw new InvalidArgumentError(`calibrationBins: bins must be >= 1, got ${bins}`);
  const k = checkLabelsAndProba('calibrationBins', y, P, undefined, true);
  const n = y.length;
  const edges = Array.from({ length: bins + 1 }, (_, b) => b / bins);
  const classes: ClassCalibration[] = [];
  let eceSum = 0;
  for (let c = 0; c < k; c++) {
    const count = new Array<number>(bins).fill(0);
    const sumP = new Array<number>(bins).fill(0);
    const hits = new Array<number>(bins).fill(0);
    for (let i = 0; i < n; i++) {
      const p = P[i * k + c];
      let b = Math.min(bins - 1, Math.max(0, Math.floor(p * bins)));
      // p * bins can round across an edge either way (15/22 * 22 = 14.999..., (0.7 + 0.2) * 10 = 9 for p just
      // below 0.9): corrected against the edges themselves, so that bin b is exactly the documented
      // [edges[b], edges[b+1]).
      if (b + 1 < bins && p >= edges[b + 1]) b++;
      else if (b > 0 && p < edges[b]) b--;
      count[b]++;
      sumP[b] += p;
      if (y[i] === c) hits[b]++;
    }
    const meanPredicted = count.map((m, b) => (m > 0 ? sumP[b] / m : NaN));
    const observedRate = count.map((m, b) => (m > 0 ? hits[b] / m : NaN));
    let ece = 0;
    for (let b = 0; b < bins; b++)
      if (count[b] > 0) ece += (count[b] / n) * Math.abs(observedRate[b] - meanPredicted[b]);
    classes.push({ meanPredicted, observedRate, count, ece });
    eceSum += ece;
  }
  return { edges, classes, ece: eceSum / k };
}
