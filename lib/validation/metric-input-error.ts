import { InvalidArgumentError } from '../core/errors.js';

/** How a {@link MetricInputError}'s message says its row and its class. */
export interface MetricErrorWords {
  /**
   * The row: `row 3` when the metric is called directly; `test row 3 (data row 17)` in a split of crossValidate,
   * repeatedHoldout or learningCurve. '' when the error has no row.
   */
  row: string;
  /** The class: `'large'` when its name is known, else `class 2`. '' when the error has no class. */
  class: string;
}

/** Where a {@link MetricInputError} is: the row and/or the class, as data. */
export interface MetricInputErrorOptions {
  /** 0-based position of the row in the metric's `y` (the same row of `P`). */
  row?: number;
  /** The class code (0..k-1) the error is about. */
  classCode?: number;
  /** Class names in code order, to name the class in the message of a direct call (else `class 2`). */
  classNames?: readonly string[];
}

/**
 * An InvalidArgumentError about a row and/or a class of a metric's input, which carries the row position and the
 * class code as data and builds its message from them. The validation drivers (crossValidate, repeatedHoldout,
 * learningCurve) catch it in a split and rebuild the message saying the row as the test row and its data row, and
 * the class by the name of their `classNames`. The message of any other InvalidArgumentError a metric throws is kept
 * as it is (prefixed with the split and the metric), so only this error's row and class are ever rewritten.
 *
 * @example
 * // "myMetric: row 3: weight -1 is negative"; in fold 0 of crossValidate:
 * // "crossValidate: fold 0 (12 test rows), mine: myMetric: test row 3 (data row 41): weight -1 is negative"
 * throw MetricInputError.atRow('myMetric', 3, 'weight -1 is negative');
 * @example
 * // "myMetric: no row of class 2 is scored"; in a split: "...: myMetric: no row of 'large' is scored"
 * throw new MetricInputError((at) => `myMetric: no row of ${at.class} is scored`, { classCode: 2 });
 */
export class MetricInputError extends InvalidArgumentError {
  /** 0-based position of the row in the metric's `y`, when the error is about a row. */
  readonly row: number | undefined;
  /** The class code, when the error is about a class. */
  readonly classCode: number | undefined;
  /** The name of the class, when the metric was given class names. */
  readonly className: string | undefined;
  readonly #build: (at: MetricErrorWords) => string;

  /**
   * @param build - the message, given how to say the row and the class (see {@link MetricErrorWords}).
   * @param options - the row and/or class code, and class names for the message of a direct call.
   */
  constructor(build: (at: MetricErrorWords) => string, options: MetricInputErrorOptions = {}) {
    const { row, classCode, classNames } = options;
    const name = classCode === undefined ? undefined : classNames?.[classCode];
    super(build(wordsOf(row === undefined ? '' : `row ${row}`, classCode, name)));
    this.row = row;
    this.classCode = classCode;
    this.className = name;
    this.#build = build;
  }

  /**
   * An error about one row, said `${what}: row ${row}: ${problem}` (e.g. "logLoss: row 3: probability NaN is not
   * finite").
   */
  static atRow(what: string, row: number, problem: string): MetricInputError {
    return new MetricInputError((at) => `${what}: ${at.row}: ${problem}`, { row });
  }

  /**
   * The message with the row said as `row` and the class named by `classNames` (falling back to this error's own
   * class name, then `class c`).
   */
  messageWith(row: string, classNames?: readonly string[]): string {
    const c = this.classCode;
    return this.#build(
      wordsOf(this.row === undefined ? '' : row, c, (c === undefined ? undefined : classNames?.[c]) ?? this.className),
    );
  }
}

function wordsOf(row: string, classCode: number | undefined, name: string | undefined): MetricErrorWords {
  const cls = classCode === undefined ? '' : name !== undefined ? `'${name}'` : `class ${classCode}`;
  return { row, class: cls };
}
