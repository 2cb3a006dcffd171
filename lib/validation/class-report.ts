import { checkLabelsAndProba } from './check-inputs.js';
import { confusionMatrix } from './confusion-matrix.js';
import type { Metric } from './metric.js';
import { predictedLabels } from './predicted-labels.js';

/** Per-class precision, recall, F1 and support, with their unweighted (macro) means. */
export interface ClassReport {
  precision: number[];
  recall: number[];
  f1: number[];
  /** (Weighted) number of rows of each true class. */
  support: number[];
  macroPrecision: number;
  macroRecall: number;
  macroF1: number;
}

/**
 * Per-class precision, recall and F1 of the argmax predictions, and their macro means. A ratio with a
 * zero denominator (a class never predicted, or never present) counts 0, as scikit-learn's
 * `zero_division=0`. The macro means run over all k classes, a class absent from both the labels and the
 * predictions included (scikit-learn averages over the labels present unless given `labels`): a fold without
 * a 'large' row then has a lower macro-F1 than scikit-learn's default would report.
 *
 * @param y - class codes 0..k-1. @param P - probabilities, n x k row-major.
 * @param weights - optional non-negative row weights.
 * @throws InvalidArgumentError on malformed input.
 */
export function classReport(y: ArrayLike<number>, P: ArrayLike<number>, weights?: ArrayLike<number>): ClassReport {
  const k = checkLabelsAndProba('classReport', y, P, weights);
  const m = confusionMatrix(y, predictedLabels(P, k), k, weights);
  const precision: number[] = [];
  const recall: number[] = [];
  const f1: number[] = [];
  const support: number[] = [];
  for (let c = 0; c < k; c++) {
    let predicted = 0;
    let actual = 0;
    for (let j = 0; j < k; j++) {
      predicted += m[j][c];
      actual += m[c][j];
    }
    const tp = m[c][c];
    const p = predicted > 0 ? tp / predicted : 0;
    const r = actual > 0 ? tp / actual : 0;
    precision.push(p);
    recall.push(r);
    f1.push(p + r > 0 ? (2 * p * r) / (p + r) : 0);
    support.push(actual);
  }
  const mean = (a: number[]): number => a.reduce((s, v) => s + v, 0) / k;
  return {
    precision,
    recall,
    f1,
    support,
    macroPrecision: mean(precision),
    macroRecall: mean(recall),
    macroF1: mean(f1),
  };
}

/**
 * Macro-F1: the unweighted mean over classes of the F1 of the argmax predictions (see {@link classReport}).
 * @throws InvalidArgumentError on malformed input.
 */
export const macroF1: Metric = (y, P, weights) => classReport(y, P, weights).macroF1;
