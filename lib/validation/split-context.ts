// Internal: errors of one split of a validation driver (crossValidate, repeatedHoldout, learningCurve), said with
// the split, the metric, the class by name and the data row (not exported from index.ts).
import { InvalidArgumentError } from '../core/errors.js';
import type { Metric } from './metric.js';
import { MetricInputError } from './metric-input-error.js';

/** Where a driver's split is, for its error messages. */
export interface SplitContext {
  /** Prefix of every message, e.g. `repeatedHoldout: split 20 (9 test rows)`. */
  where: string;
  /** Class names in code order: a {@link MetricInputError} about class code 2 names it `'large'`. */
  classNames?: readonly string[];
  /**
   * The data row of each scored row, when the scored rows are a subset of the data: a {@link MetricInputError} about
   * row 1 says `test row 1 (data row 4)`. Without it, `test row 1`.
   */
  testRows?: ArrayLike<number>;
}

/**
 * Runs `fn`; an InvalidArgumentError it throws is thrown again as `where, label: message` (`where: message` without
 * a label). A {@link MetricInputError}'s message is rebuilt from its data: its row said as the test row and its data
 * row, its class named by the context's classNames; any other message is kept as it is. Other errors pass through.
 */
export function inSplit<T>(context: SplitContext, fn: () => T, label?: string): T {
  try {
    return fn();
  } catch (e) {
    if (!(e instanceof InvalidArgumentError)) throw e;
    const message =
      e instanceof MetricInputError ? e.messageWith(testRowWords(context, e.row), context.classNames) : e.message;
    throw new InvalidArgumentError(`${context.where}${label === undefined ? '' : `, ${label}`}: ${message}`);
  }
}

/** `test row i (data row r)`, or `test row i` without the data row of position i. */
function testRowWords(context: SplitContext, i: number | undefined): string {
  if (i === undefined) return '';
  const row = context.testRows?.[i];
  return row === undefined ? `test row ${i}` : `test row ${i} (data row ${row})`;
}

/** Each metric on the split's labels and probabilities; a metric's InvalidArgumentError is rethrown by {@link inSplit}. */
export function scoreSplit(
  context: SplitContext,
  metrics: Readonly<Record<string, Metric>>,
  y: ArrayLike<number>,
  P: ArrayLike<number>,
): Record<string, number> {
  const scores: Record<string, number> = {};
  for (const [name, metric] of Object.entries(metrics)) scores[name] = inSplit(context, () => metric(y, P), name);
  return scores;
}
