import { InvalidArgumentError } from '../core/errors.js';
import type { FitModel } from '../models/fit-model.js';
import type { AdviceHistory } from './advice-history.js';
import { buildCandidateRows, checkRequestShape } from './candidate-rows.js';

/** A size question: a customer, an article and (optionally) the day it is asked. */
export interface UsualOffsetQuestion {
  customer: string;
  item: string;
  /** Days since 1970-01-01 (see `CandidateRequest.date`). */
  date?: number;
}

/** The mean probabilities at one offset from the size nearest the customer's usual size. */
export interface UsualOffsetProbabilities {
  /** Steps along the article's available sizes: -1 is the next smaller size, +1 the next larger. */
  offset: number;
  /** Candidate rows averaged (one per question that has a size at this offset). */
  rows: number;
  /** Mean P(small), P(fit), P(large), in the model's class order; NaN without rows. */
  mean: [number, number, number];
}

/**
 * How a model's probabilities move along an article's sizes relative to the customer: for each question, every
 * available size of the article (from `history`) is scored, and each size is placed by its steps from the size
 * nearest the customer's usual size (the first on a tie); the probabilities are averaged per step. On observational
 * data this shows the selection effect behind the `usual-shift` advice rule (notebook 04): customers who leave
 * their usual size mostly do so because the article runs small or large, so P(small) can *rise* above it.
 * Questions without a usual size for the customer or without sizes for the article are skipped.
 *
 * @returns one entry per offset in `offsets`, in that order, and how many questions were used.
 * @throws InvalidArgumentError when an offset is not an integer, a question is not as `checkRequestShape` requires
 *   (string ids, a finite `date` when given; named by its index, skipped or not), or as `buildCandidateRows` / the
 *   model.
 */
export function probabilitiesByUsualOffset(
  model: FitModel,
  history: AdviceHistory,
  questions: readonly UsualOffsetQuestion[],
  offsets: readonly number[] = [-2, -1, 0, 1, 2],
): { byOffset: UsualOffsetProbabilities[]; questions: number } {
  for (const o of offsets) {
    if (!Number.isInteger(o))
      throw new InvalidArgumentError(`probabilitiesByUsualOffset: offset ${o} is not an integer`);
  }
  // Every question is checked with its own index, skipped or not (buildCandidateRows sees only the kept ones).
  questions.forEach((q, i) => checkRequestShape({ customer: q.customer, item: q.item, sizes: [], date: q.date }, i));
  const used = questions
    .map((q) => ({ q, sizes: history.articleSizes(q.item), usual: history.customerUsualSize(q.customer) }))
    .filter((u) => u.sizes.length > 0 && !Number.isNaN(u.usual));
  const cand = buildCandidateRows(
    history,
    used.map(({ q, sizes }) => ({
      customer: q.customer,
      item: q.item,
      sizes,
      ...(q.date !== undefined ? { date: q.date } : {}),
    })),
  );
  const P = used.length > 0 ? model.predictProba(cand.dataset) : new Float64Array(0);
  const sums = offsets.map(() => [0, 0, 0, 0]);
  used.forEach(({ sizes, usual }, q) => {
    let u = 0;
    sizes.forEach((s, k) => {
      if (Math.abs(s - usual) < Math.abs(sizes[u] - usual)) u = k;
    });
    sizes.forEach((_, k) => {
      const o = offsets.indexOf(k - u);
      if (o < 0) return;
      for (let c = 0; c < 3; c++) sums[o][c] += P[3 * (cand.start[q] + k) + c];
      sums[o][3]++;
    });
  });
  return {
    byOffset: offsets.map((offset, o) => ({
      offset,
      rows: sums[o][3],
      mean: [0, 1, 2].map((c) => (sums[o][3] > 0 ? sums[o][c] / sums[o][3] : NaN)) as [number, number, number],
    })),
    questions: used.length,
  };
}
