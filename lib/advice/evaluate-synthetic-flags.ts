import { InvalidArgumentError } from '../core/errors.js';
import type { SyntheticTruth } from '../data/synthetic-truth.js';
import type { ArticleSizeFlag } from './size-flags.js';

/** Flag quality against the synthetic articles' true size offsets. */
export interface SyntheticFlagEvaluation {
  /** Articles of the truth with a flag. */
  flagged: number;
  /** Share of flags whose direction matches the sign of the true offset (runs-small: offset > 0). */
  precision: number;
  /**
   * Share of the truth's articles with |offset| >= `minOffset` flagged in the right direction, over all of them:
   * an article missing from `flags` (for example never sold in the data flagged) counts as not found.
   */
  recall: number;
  /** Articles of the truth with |offset| >= `minOffset` (the positives of `recall`), whether in `flags` or not. */
  positives: number;
  /** Share of flags on articles whose |offset| >= `minOffset` and sign match (strict precision). */
  strictPrecision: number;
}

/**
 * Scores article size flags against the generator's true offsets (positive offset: the article runs small).
 * Flags of articles that are not in the truth are ignored.
 * @param minOffset - smallest |offset| that counts as a positive for recall and strict precision (default 1).
 * @returns precision, recall and counts; NaN for a ratio with nothing to count.
 * @throws InvalidArgumentError unless minOffset is a finite number > 0.
 */
export function evaluateSyntheticFlags(
  flags: readonly ArticleSizeFlag[],
  truth: SyntheticTruth,
  minOffset = 1,
): SyntheticFlagEvaluation {
  if (!(minOffset > 0 && Number.isFinite(minOffset)))
    throw new InvalidArgumentError(`evaluateSyntheticFlags: minOffset must be a finite number > 0, got ${minOffset}`);
  const direction = new Map<string, number>();
  for (const f of flags) direction.set(f.item, f.flag === 'runs-small' ? 1 : f.flag === 'runs-large' ? -1 : 0);
  let flagged = 0;
  let right = 0;
  let strict = 0;
  let positives = 0;
  let found = 0;
  for (const a of truth.articles) {
    const dir = direction.get(a.itemId) ?? 0;
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
