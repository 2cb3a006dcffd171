import { argmaxRow, checkLabelsAndProba, totalWeight } from './check-inputs.js';
import type { Metric } from './metric.js';

/**
 * Accuracy: the (weighted) share of rows whose most probable class (argmax of the row of P, the first
 * on ties) is the true class.
 *
 * @param y - class codes 0..k-1. @param P - probabilities, n x k row-major.
 * @param weights - optional non-negative row weights.
 * @throws InvalidArgumentError on malformed input.
 */
export const accuracy: Metric = (y, P, weights) => {
  const k = checkLabelsAndProba('accuracy', y, P, weights);
  const n = y.length;
  let hit = 0;
  for (let i = 0; i < n; i++) if (argmaxRow(P, k, i) === y[i]) hit += weights === undefined ? 1 : weights[i];
  return hit / totalWeight(n, weights);
};
