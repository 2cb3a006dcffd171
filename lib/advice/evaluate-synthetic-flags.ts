import type { SyntheticTruth } from '../data/synthetic-truth.js';
import type { ArticleSizeFlag } from './size-flags.js';

/** Flag quality against the synthetic articles' true size offsets. */
export interface SyntheticFlagEvaluation {
  /** Articles with a flag. */
  flagged: number;
  /** Share of flags whose direction matches the sign of the true offset (runs-small: offset > 0). */
  precision: number;
  /** Share of articles with |offset| >= `minOffset` flagged in the right direction. */
  recall: number;
  /** Articles with |offset| >= `minOffset` (the positives of `recall`). */
  positives: number;
  /** Share of flags on articles whose |offset| >= `minOffset` and sign match (strict precision). */
  strictPrecision: number;
}

/**
 * Scores article size flags against the generator's true offsets (positive offset: the article runs small).
 * @param minOffset - smallest |offset| that counts as a positive for recall and strict precision (default 1).
 * @returns precision, recall and counts; NaN for a ratio with nothing to count.
 */
export function evaluateSyntheticFlags(
  flags: readonly ArticleSizeFlag[],
  truth: SyntheticTruth,
  minOffset = 1,
): SyntheticFlagEvaluation {
  const byId = new Map(truth.articles.map((a) => [a.itemId, a]));
  let flagged = 0;
  let right = 0;
  let strict = 0;
  let positives = 0;
  let found = 0;
  for (const f of flags) {
    const a = byId.get(f.item);
    if (a === undefined) continue;
    const dir = f.flag === 'runs-small' ? 1 : f.flag === 'runs-large' ? -1 : 0;
    const big = Math.abs(a.offset) >= minOffset;
    if (dir !== 0) {
      flagged++;
      if (Math.sign(a.offset) === dir) {
        right++;
        if (big) strict++;
      }
    }
    if (big) {
      positives++;
      if (Math.sign(a.offset) === dir) found++;
    }
  }
  return {
    flagged,
    precision: right / flagged,
    recall: found / positives,
    positives,
    strictPrecision: strict / flagged,
  };
}
