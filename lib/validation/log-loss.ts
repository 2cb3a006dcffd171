import { checkLabelsAndProba, totalWeight } from './check-inputs.js';
import type { Metric } from './metric.js';

/**
 * Probabilities are clipped to [EPS, 1 - EPS] before the logarithm, as scikit-learn's log_loss did by default before
 * 1.2 (`eps=1e-15`); from 1.2 on its default `eps='auto'` clips at the machine epsilon of the input's dtype
 * (2.2e-16 for float64), where a confident mistake costs ln(1/2.2e-16) ~ 36.0 instead of 34.5.
 */
const EPS = 1e-15;

/**
 * Log-loss (cross-entropy): the (weighted) mean of -ln p(true class), with p clipped to
 * [1e-15, 1 - 1e-15] so that a confident mistake costs ln(1e15) ~ 34.5 rather than Infinity.
 *
 * @param y - class codes 0..k-1. @param P - probabilities, n x k row-major.
 * @param weights - optional non-negative row weights.
 * @throws InvalidArgumentError on malformed input.
 */
export const logLoss: Metric = (y, P, weights) => {
  const k = checkLabelsAndProba('logLoss', y, P, weights, true);
  const n = y.length;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const w = weights === undefined ? 1 : weights[i];
    if (w === 0) continue;
    const p = Math.min(1 - EPS, Math.max(EPS, P[i * k + y[i]]));
    s -= w * Math.log(p);
  }
  return s / totalWeight(n, weights);
};
