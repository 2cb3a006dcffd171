import { InvalidArgumentError } from '../core/errors.js';
import { aucOfSorted, preparedAuc, sortColumn } from './auc-core.js';
import { checkLabelsAndProba } from './check-inputs.js';
import { MetricInputError } from './metric-input-error.js';
import type { Metric } from './metric.js';

/** Options of {@link multiclassAuc}. The caller chooses the multi-class reduction explicitly. */
export interface MulticlassAucOptions {
  /** Only one-vs-rest is implemented; it must be named so that no reader has to guess. */
  multiClass: 'ovr';
  /**
   * 'macro': the unweighted mean of the per-class AUCs ("average AUC", Misra, Wan & McAuley,
   * RecSys 2018); 'weighted': weighted by class prevalence.
   */
  average: 'macro' | 'weighted';
  /** Class names used in error messages (e.g. FIT_CLASSES). */
  classNames?: readonly string[];
  /** Optional non-negative row weights. */
  weights?: ArrayLike<number>;
  /** NaN instead of an error when a class has no positive or no negative row (see {@link oneVsRestAuc}). */
  allowUndefined?: boolean;
}

/**
 * One-vs-rest ROC AUC of each class: class c's column of P scores "y === c" against the rest; ties
 * count 1/2 (exact Mann-Whitney with mid-ranks); O(n log n) per class.
 *
 * @param y - class codes 0..k-1 (length n).
 * @param P - probabilities, n x k row-major.
 * @param options - `classNames` for error messages, `weights` for weighted rows, `allowUndefined` to get
 * NaN for a class that has no positive or no negative row instead of an error.
 * @returns a Float64Array of k AUCs.
 * @throws InvalidArgumentError on malformed input, or (without `allowUndefined`) when a class has no
 * positive or no negative row (a MetricInputError whose message names the class and which carries its code).
 */
export function oneVsRestAuc(
  y: ArrayLike<number>,
  P: ArrayLike<number>,
  options: { classNames?: readonly string[]; weights?: ArrayLike<number>; allowUndefined?: boolean } = {},
): Float64Array {
  const k = checkLabelsAndProba('oneVsRestAuc', y, P, options.weights);
  const n = y.length;
  const out = new Float64Array(k);
  for (let c = 0; c < k; c++) {
    out[c] = aucOfSorted(sortColumn('oneVsRestAuc', P, n, k, c), y, c, options.weights);
    if (Number.isNaN(out[c]) && options.allowUndefined !== true) {
      throw undefinedAuc(c, options.classNames);
    }
  }
  return out;
}

/**
 * Multi-class ROC AUC, one-vs-rest, averaged over classes: with `average: 'macro'` the unweighted mean
 * of the per-class AUCs, the "average AUC" of Misra, Wan & McAuley (RecSys 2018).
 *
 * @example multiclassAuc(y, P, { multiClass: 'ovr', average: 'macro' })
 * @returns the averaged AUC.
 * @throws InvalidArgumentError as {@link oneVsRestAuc}, or when `multiClass` is not 'ovr'.
 */
export function multiclassAuc(y: ArrayLike<number>, P: ArrayLike<number>, options: MulticlassAucOptions): number {
  if (options?.multiClass !== 'ovr') {
    throw new InvalidArgumentError(`multiclassAuc: multiClass must be 'ovr', got ${String(options?.multiClass)}`);
  }
  if (options.average !== 'macro' && options.average !== 'weighted') {
    throw new InvalidArgumentError(`multiclassAuc: average must be 'macro' or 'weighted', got ${options.average}`);
  }
  const per = oneVsRestAuc(y, P, options);
  const k = per.length;
  if (options.average === 'macro') {
    let s = 0;
    for (let c = 0; c < k; c++) s += per[c];
    return s / k;
  }
  const prevalence = new Float64Array(k);
  let total = 0;
  for (let i = 0; i < y.length; i++) {
    const w = options.weights === undefined ? 1 : options.weights[i];
    prevalence[y[i]] += w;
    total += w;
  }
  let s = 0;
  for (let c = 0; c < k; c++) s += (per[c] * prevalence[c]) / total;
  return s;
}

function avgOvrAucFn(y: ArrayLike<number>, P: ArrayLike<number>, weights?: ArrayLike<number>): number {
  return multiclassAuc(y, P, { multiClass: 'ovr', average: 'macro', weights });
}

/**
 * The average one-vs-rest AUC (macro) as a {@link Metric}, with a `prepare` fast path that sorts each
 * class's scores once so that every bootstrap resample costs O(n k).
 */
export const avgOvrAuc: Metric = Object.assign(avgOvrAucFn, {
  prepare(y: ArrayLike<number>, P: ArrayLike<number>): (weights: ArrayLike<number>) => number {
    const k = checkLabelsAndProba('avgOvrAuc', y, P);
    const perClass: ((weights: ArrayLike<number>) => number)[] = [];
    for (let c = 0; c < k; c++) perClass.push(preparedAuc(sortColumn('avgOvrAuc', P, y.length, k, c), y, c));
    return (weights) => {
      let s = 0;
      for (let c = 0; c < k; c++) s += perClass[c](weights);
      return s / k;
    };
  },
});

/**
 * The one-vs-rest AUC of class c as a {@link Metric} (with the same `prepare` fast path), e.g. for a
 * bootstrap interval of one class's AUC: `bootstrapCi(ovrAucMetric(0), y, P)`.
 * @throws InvalidArgumentError (when evaluated) if class c has no positive or no negative row.
 */
export function ovrAucMetric(c: number, classNames?: readonly string[]): Metric {
  const fn = (y: ArrayLike<number>, P: ArrayLike<number>, weights?: ArrayLike<number>): number => {
    const k = checkLabelsAndProba('ovrAucMetric', y, P, weights);
    if (!Number.isInteger(c) || c < 0 || c >= k)
      throw new InvalidArgumentError(`ovrAucMetric: no class ${c} in 0..${k - 1}`);
    const auc = aucOfSorted(sortColumn('ovrAucMetric', P, y.length, k, c), y, c, weights);
    if (Number.isNaN(auc)) {
      throw undefinedAuc(c, classNames);
    }
    return auc;
  };
  return Object.assign(fn, {
    prepare(y: ArrayLike<number>, P: ArrayLike<number>): (weights: ArrayLike<number>) => number {
      const k = checkLabelsAndProba('ovrAucMetric', y, P);
      if (!Number.isInteger(c) || c < 0 || c >= k)
        throw new InvalidArgumentError(`ovrAucMetric: no class ${c} in 0..${k - 1}`);
      return preparedAuc(sortColumn('ovrAucMetric', P, y.length, k, c), y, c);
    },
  });
}

/** The error of a class whose one-vs-rest AUC is undefined, carrying the class code. */
function undefinedAuc(c: number, classNames?: readonly string[]): MetricInputError {
  return new MetricInputError(
    (at) => `one-vs-rest AUC of ${at.class} is undefined: it has no positive or no negative row`,
    { classCode: c, classNames },
  );
}
