// Internal helpers of the splitters (not exported from index.ts).
import { InvalidArgumentError } from '../core/errors.js';
import type { Fold } from './splitter.js';

/** Checks n and an optional per-row array, named `what`, returning it (or throws when needed but missing). */
export function checkPerRow(
  splitter: string,
  what: string,
  n: number,
  values: ArrayLike<number> | undefined,
  required: boolean,
): ArrayLike<number> | undefined {
  if (values === undefined) {
    if (required) throw new InvalidArgumentError(`${splitter}: needs ${what} (one per row)`);
    return undefined;
  }
  if (values.length !== n) throw new InvalidArgumentError(`${splitter}: ${values.length} ${what} for ${n} rows`);
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(values[i]))
      throw new InvalidArgumentError(`${splitter}: row ${i}: ${what} value ${values[i]} is not finite`);
  }
  return values;
}

/** Checks the row count. */
export function checkN(splitter: string, n: number, min: number): void {
  if (!Number.isInteger(n) || n < min) {
    throw new InvalidArgumentError(`${splitter}: needs an integer number of rows >= ${min}, got ${n}`);
  }
}

/** Checks an integer option >= min. */
export function checkIntOption(splitter: string, name: string, v: number, min: number): void {
  if (!Number.isInteger(v) || v < min)
    throw new InvalidArgumentError(`${splitter}: ${name} must be an integer >= ${min}, got ${v}`);
}

/** Checks a fraction option in (0, 1). */
export function checkFraction(splitter: string, name: string, v: number): void {
  if (!(v > 0 && v < 1)) throw new InvalidArgumentError(`${splitter}: ${name} must be in (0, 1), got ${v}`);
}

/** A fold from a per-row assignment: rows with `assign[i] === f` are test, the others (>= 0) train. */
export function foldsFromAssignment(assign: Int32Array, k: number): Fold[] {
  const folds: Fold[] = [];
  for (let f = 0; f < k; f++)
    folds.push(
      foldFromMask(
        assign,
        (a) => a === f,
        (a) => a >= 0 && a !== f,
      ),
    );
  return folds;
}

/** A fold from predicates on a per-row code: sorted train and test indices. */
export function foldFromMask(
  code: ArrayLike<number>,
  isTest: (c: number) => boolean,
  isTrain: (c: number) => boolean,
): Fold {
  const train: number[] = [];
  const test: number[] = [];
  for (let i = 0; i < code.length; i++) {
    if (isTest(code[i])) test.push(i);
    else if (isTrain(code[i])) train.push(i);
  }
  return { train: Int32Array.from(train), test: Int32Array.from(test) };
}

/** Distinct values and, per row, the index of its value. */
export function distinctCodes(values: ArrayLike<number>): { distinct: number[]; code: Int32Array; sizes: number[] } {
  const index = new Map<number, number>();
  const code = new Int32Array(values.length);
  const sizes: number[] = [];
  const distinct: number[] = [];
  for (let i = 0; i < values.length; i++) {
    let c = index.get(values[i]);
    if (c === undefined) {
      c = distinct.length;
      index.set(values[i], c);
      distinct.push(values[i]);
      sizes.push(0);
    }
    code[i] = c;
    sizes[c]++;
  }
  return { distinct, code, sizes };
}
