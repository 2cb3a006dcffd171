import { InvalidArgumentError } from '../core/errors.js';
import type { SyntheticResult } from '../data/synthetic-generator.js';
import { commonSizeNumber, syntheticSizeSystem } from '../data/synthetic-size-systems.js';
import type { FitModel } from '../models/fit-model.js';
import { AdviceHistory } from './advice-history.js';
import { adviseSizes, type SizeAdviceOptions, type SizeAdviceRequest } from './size-advice.js';

/** Recommendation quality on synthetic rows, against the generator's ground truth. */
export interface SyntheticAdviceEvaluation {
  /** Test rows evaluated. */
  rows: number;
  /** Rows that got advice (model or profile). */
  advised: number;
  /** On advised rows: share whose advised label is the best label `round(trueSize + offset)` of the buyer. */
  accuracy: number;
  /** On advised rows: share within one label of the best. */
  withinOne: number;
  /** On the same advised rows: share whose bought label is the best (the customers' own choice). */
  boughtAccuracy: number;
  /** Expected return rate of the units bought (every test row), by the generator's fit and return model. */
  returnRateBought: number;
  /** Expected return rate when advised rows buy the advised size instead (others keep the bought size). */
  returnRateWithAdvice: number;
  /** Expected misfit (small or large) rate of the units bought. */
  misfitRateBought: number;
  /** Expected misfit rate with advice. */
  misfitRateWithAdvice: number;
}

/** Options of {@link evaluateSyntheticAdvice}. */
export interface SyntheticAdviceOptions extends SizeAdviceOptions {
  /**
   * The sizes offered: `seen` (default), the labels bought of the article in training (all labels of its system
   * when it was never bought), or `system`, every label of the article's size system.
   */
  availableSizes?: 'seen' | 'system';
}

/**
 * Evaluates size advice on held-out synthetic rows: each test row (a person buying an article) asks for advice
 * over the article's available sizes (as common size numbers, with labels; see `availableSizes`), with the model and the
 * training rows as history. The advised label is compared with the buyer's best label `round(trueSize + offset)`
 * (clamped to the system); returns are simulated with the generator's own model: the fit margin
 * `label - (trueSize + offset)` gives P(small) = σ((-t - m)/s), P(large) = σ((m - t)/s) and
 * P(return) = P(misfit)·returnIfMisfit + (1 - P(misfit))·returnIfFit, averaged (expected values, no draws).
 * The forced return of a bracketing order's worse unit is not simulated (both rates leave it out).
 *
 * Note that advice goes to the account: on a shared account the buyer may be its second person.
 *
 * @param model - a fitted FitModel (fitted on `trainRows` of the synthetic dataset).
 * @throws InvalidArgumentError when a row index is not an integer or is out of range (naming the list, the position
 * and the value).
 */
export function evaluateSyntheticAdvice(
  model: FitModel,
  synthetic: SyntheticResult,
  trainRows: ArrayLike<number>,
  testRows: ArrayLike<number>,
  options: SyntheticAdviceOptions = {},
): SyntheticAdviceEvaluation {
  const { dataset, truth, options: gen } = synthetic;
  for (const [name, rows] of [
    ['trainRows', trainRows],
    ['testRows', testRows],
  ] as const) {
    for (let k = 0; k < rows.length; k++) {
      const i = rows[k];
      if (!(Number.isInteger(i) && i >= 0 && i < dataset.length))
        throw new InvalidArgumentError(
          `${name}[${k}] is ${i}, ` +
            `not a row index of the synthetic dataset (an integer in 0..${dataset.length - 1})`,
        );
    }
  }
  const history = new AdviceHistory(dataset.take(trainRows));
  const users = dataset.categories('user_id');
  const requests: SizeAdviceRequest[] = [];
  for (let k = 0; k < testRows.length; k++) {
    const i = testRows[k];
    const art = truth.articles[truth.rows.article[i]];
    const sys = syntheticSizeSystem(art.sizeSystem);
    const all = sys.labels.map((_, l) => l);
    const seen = history.articleSizes(art.itemId);
    const offered =
      seen.length > 0 && (options.availableSizes ?? 'seen') === 'seen'
        ? all.filter((l) => seen.includes(commonSizeNumber(sys, l)))
        : all;
    requests.push({
      customer: users.categories[users.codes[i]],
      item: art.itemId,
      sizes: offered.map((l) => commonSizeNumber(sys, l)),
      labels: offered.map((l) => sys.labels[l]),
    });
  }
  const advice = adviseSizes(model, history, requests, options);
  const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
  const outcome = (label: number, target: number): { misfit: number; ret: number } => {
    const m = label - target;
    const misfit =
      sigmoid((-gen.fitTolerance - m) / gen.feedbackNoise) + sigmoid((m - gen.fitTolerance) / gen.feedbackNoise);
    return { misfit, ret: misfit * gen.returnIfMisfit + (1 - misfit) * gen.returnIfFit };
  };
  let advised = 0;
  let exact = 0;
  let within = 0;
  let boughtExact = 0;
  let retB = 0;
  let retA = 0;
  let misB = 0;
  let misA = 0;
  advice.forEach((a, k) => {
    const i = testRows[k];
    const art = truth.articles[truth.rows.article[i]];
    const sys = syntheticSizeSystem(art.sizeSystem);
    const target = truth.persons[truth.rows.person[i]].trueSize[art.sizeSystem] + art.offset;
    const best = Math.max(0, Math.min(sys.labels.length - 1, Math.round(target)));
    const bought = truth.rows.sizeIndex[i];
    const ob = outcome(bought, target);
    retB += ob.ret;
    misB += ob.misfit;
    if (a.index < 0) {
      retA += ob.ret;
      misA += ob.misfit;
      return;
    }
    advised++;
    const label = sys.labels.indexOf(a.label!);
    exact += label === best ? 1 : 0;
    within += Math.abs(label - best) <= 1 ? 1 : 0;
    boughtExact += bought === best ? 1 : 0;
    const oa = outcome(label, target);
    retA += oa.ret;
    misA += oa.misfit;
  });
  const n = testRows.length;
  return {
    rows: n,
    advised,
    accuracy: exact / advised,
    withinOne: within / advised,
    boughtAccuracy: boughtExact / advised,
    returnRateBought: retB / n,
    returnRateWithAdvice: retA / n,
    misfitRateBought: misB / n,
    misfitRateWithAdvice: misA / n,
  };
}
