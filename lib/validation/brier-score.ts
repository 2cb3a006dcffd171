import { checkLabelsAndProba, totalWeight } from './check-inputs.js';
import type { Metric } from './metric.js';

/**
 * Multi-class Brier score (Brier 1950): the (weighted) mean over rows of sum_c (p_ic - [y_i = c])^2.
 * 0 is perfect; the range is [0, 2]. (For two classes this is twice the binary Brier score.)
 *
 * @param y - class codes 0..k-1. @param P - probabilities, n x k row-major.
 * @param weights - optional non-negative row weights.
 * @throws InvalidArgumentError on malformed input.
 */
export const brierScore: Metric = (y, P, weights) => {
  const k = checkLabelsAndProba('brierScore', y, P, weights, true);
  const n = y.length;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const w = weights === undefined ? 1 : weights[i];
    if (w === 0) continue;
    let r = 0;
    for (let c = 0; c < k; c++) {
      const d = P[i * k + c] - (y[i] === c ? 1 : 0);
      r += d * d;
    }
    s += w * r;
  }
  return s / totalWeight(n, weights);
};
