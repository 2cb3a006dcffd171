// Internal: errors of one split of a validation driver (crossValidate, repeatedHoldout, learningCurve), said with
// the split, the metric, the class by name and the data row (not exported from index.ts).
import { InvalidArgumentError } from '../core/errors.js';
import type { Metric } from './metric.js';

/** Where a driver's split is, for its error messages. */
export interface SplitContext {
  /** Prefix of every message, e.g. `repeatedHoldout: split 20 (9 test rows)`. */
  where: string;
  /** Class names in code order: `class 2` in a message becomes `'large'`. */
  classNames?: readonly string[];
  /**
   * The data row of each scored row, when the scored rows are a subset of the data: `row 1` in a message becomes
   * `test row 1 (data row 4)`. Without it, `row 1` becomes `test row 1`.
   */
  testRows?: ArrayLike<number>;
}

/**
 * Runs `fn`; an InvalidArgumentError it throws is thrown again as `where, label: message` (`where: message` without
 * a label), its class codes named and its row positions mapped to data rows. Other errors pass through.
 */
export function inSplit<T>(context: SplitContext, fn: () => T, label?: string): T {
  try {
    return fn();
  } catch (e) {
    if (!(e instanceof InvalidArgumentError)) throw e;
    const { classNames, testRows } = context;
    const message = e.message
      .replace(/\bclass (\d+)\b/g, (m: string, c: string) =>
        classNames?.[Number(c)] !== undefined ? `'${classNames[Number(c)]}'` : m,
      )
      .replace(/\brow (\d+)\b/g, (_m: string, i: string) => {
        const row = testRows?.[Number(i)];
        return row === undefined ? `test row ${i}` : `test row ${i} (data row ${row})`;
      });
    throw new InvalidArgumentError(`${context.where}${label === undefined ? '' : `, ${label}`}: ${message}`);
  }
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
