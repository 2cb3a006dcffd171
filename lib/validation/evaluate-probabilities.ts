import { InvalidArgumentError, SizefitError } from '../core/errors.js';
import { FIT_CLASSES } from '../core/labels.js';
import { accuracy } from './accuracy.js';
import { bootstrapCi } from './bootstrap-ci.js';
import { brierScore } from './brier-score.js';
import { checkLabelsAndProba } from './check-inputs.js';
import { classReport } from './class-report.js';
import { confusionMatrix } from './confusion-matrix.js';
import { logLoss } from './log-loss.js';
import { avgOvrAuc, oneVsRestAuc } from './multiclass-auc.js';
import { predictedLabels } from './predicted-labels.js';

/** Options of {@link evaluateProbabilities}. */
export interface EvaluateOptions {
  /** Class names in code order (default FIT_CLASSES), each once; keys of `auc`. */
  classNames?: readonly string[];
  /** Bootstrap resamples of the avgAuc interval (default 1000; 0 skips it and gives [NaN, NaN]). */
  samples?: number;
  /** Interval level (default 0.95). */
  level?: number;
  /** Bootstrap seed (default 0). */
  seed?: number;
  /**
   * When a class has no row (or every row is of that class), give its AUC, avgAuc and the interval as NaN
   * (null in JSON) instead of throwing; the other metrics are computed as usual (default false). Likewise when
   * avgAuc is defined but every bootstrap resample lacks a class (a few records): the interval is [NaN, NaN] with
   * `avgAucCiResamples` { used: 0, dropped: samples } instead of a `BOOTSTRAP_FAILED` error.
   */
  allowUndefinedAuc?: boolean;
}

/** The JSON-able evaluation report of `sizefit evaluate --json`. */
export interface EvaluationReport {
  records: number;
  /** Unweighted mean of the one-vs-rest AUCs (NaN, with `allowUndefinedAuc`, when one of them is undefined). */
  avgAuc: number;
  /** One-vs-rest AUC per class name (NaN, with `allowUndefinedAuc`, for a class without positives or negatives). */
  auc: Record<string, number>;
  accuracy: number;
  macroF1: number;
  logLoss: number;
  brier: number;
  /**
   * Percentile bootstrap interval of avgAuc: [low, high]. A resample in which a class has no row (or only rows of
   * that class) has no avgAuc and is dropped, so the interval is over the resamples in which every class appears
   * (and both sides of each one-vs-rest split), conditional on that: see
   * {@link EvaluationReport.avgAucCiResamples}. [NaN, NaN] (null in JSON) when there is no interval: `samples` 0, an
   * undefined avgAuc, or (with `allowUndefinedAuc`) every resample dropped.
   */
  avgAucCi: [number, number];
  /**
   * The bootstrap resamples behind {@link EvaluationReport.avgAucCi}: `used`, those in which every class appears,
   * and `dropped`, those in which avgAuc was undefined; `used + dropped` is the `samples` asked for. Both are 0 when
   * no interval was computed (`samples` 0, or an undefined avgAuc). `used` 0 with `dropped` equal to `samples`: every
   * resample lacked a class (too few records of some class), so avgAuc, though defined, has no interval (with
   * `allowUndefinedAuc`; without, that throws). Many dropped resamples (a rare class) mean the interval is conditional
   * on the rare class being drawn.
   */
  avgAucCiResamples: { used: number; dropped: number };
  /** Confusion matrix, rows = true class, columns = predicted (argmax) class. */
  confusion: number[][];
}

/**
 * Evaluates class probabilities against true labels: the report printed by `sizefit evaluate --json`.
 * The AUCs are one-vs-rest; avgAuc is their unweighted mean (Misra, Wan & McAuley, RecSys 2018) with a
 * percentile bootstrap interval, over the resamples in which every class appears (how many were used and dropped:
 * `avgAucCiResamples`; with `allowUndefinedAuc`, no resample used gives an interval of [NaN, NaN]).
 *
 * @param y - class codes 0..k-1. @param P - probabilities, n x k row-major, k = classNames.length.
 * @param options - `classNames` (FIT_CLASSES), bootstrap `samples` (1000), `level` (0.95), `seed` (0),
 * `allowUndefinedAuc` (false).
 * @throws InvalidArgumentError on malformed input, a P width other than classNames.length, a class name given
 * twice, or (without `allowUndefinedAuc`) a class without positives or negatives; SizefitError `BOOTSTRAP_FAILED`
 * (without `allowUndefinedAuc`) when every bootstrap resample lacks a class.
 */
export function evaluateProbabilities(
  y: ArrayLike<number>,
  P: ArrayLike<number>,
  options: EvaluateOptions = {},
): EvaluationReport {
  const classNames = options.classNames ?? FIT_CLASSES;
  const k = checkLabelsAndProba('evaluateProbabilities', y, P, undefined, true);
  if (k !== classNames.length) {
    throw new InvalidArgumentError(`evaluateProbabilities: P has ${k} columns for ${classNames.length} class names`);
  }
  // `auc` is keyed by name: a repeated name would keep one of its classes' AUCs and drop the other's.
  classNames.forEach((name, c) => {
    const first = classNames.indexOf(name);
    if (first !== c) {
      throw new InvalidArgumentError(
        `evaluateProbabilities: class name '${name}' is given twice (classes ${first} and ${c}): ` +
          'each class needs its own name',
      );
    }
  });
  const per = oneVsRestAuc(y, P, { classNames, allowUndefined: options.allowUndefinedAuc === true });
  const auc: Record<string, number> = {};
  classNames.forEach((name, c) => (auc[name] = per[c]));
  const samples = options.samples ?? 1000;
  // samples = 0 skips the bootstrap (e.g. in-sample training metrics), and so does an undefined AUC: the
  // interval is [NaN, NaN].
  const ci =
    samples === 0 || per.some(Number.isNaN)
      ? { estimate: per.reduce((a, b) => a + b, 0) / per.length, low: NaN, high: NaN, samples: 0, invalid: 0 }
      : avgAucInterval(y, P, samples, options);
  return {
    records: y.length,
    avgAuc: ci.estimate,
    auc,
    accuracy: accuracy(y, P),
    macroF1: classReport(y, P).macroF1,
    logLoss: logLoss(y, P),
    brier: brierScore(y, P),
    avgAucCi: [ci.low, ci.high],
    avgAucCiResamples: { used: ci.samples, dropped: ci.invalid },
    confusion: confusionMatrix(y, predictedLabels(P, k), k),
  };
}

/**
 * The bootstrap interval of avgAuc; with `allowUndefinedAuc`, a bootstrap whose every resample lacks a class (the
 * one `BOOTSTRAP_FAILED` of bootstrapCi) gives no interval: [NaN, NaN], 0 resamples used, all `samples` dropped.
 */
function avgAucInterval(
  y: ArrayLike<number>,
  P: ArrayLike<number>,
  samples: number,
  options: EvaluateOptions,
): { estimate: number; low: number; high: number; samples: number; invalid: number } {
  try {
    return bootstrapCi(avgOvrAuc, y, P, { samples, level: options.level ?? 0.95, seed: options.seed ?? 0 });
  } catch (e) {
    if (options.allowUndefinedAuc !== true || !(e instanceof SizefitError) || e.code !== 'BOOTSTRAP_FAILED') throw e;
    return { estimate: avgOvrAuc(y, P), low: NaN, high: NaN, samples: 0, invalid: samples };
  }
}
