import { InvalidArgumentError, ModelFormatError } from '../core/errors.js';
import { checkEstimatorJSON, type EstimatorJSON } from '../core/estimator.js';
import type { FeatureMatrix } from './feature-matrix.js';

/** What an encoder does with a category value it did not see at fit time. */
export type UnseenPolicy = 'error' | 'ignore' | 'unknown';

/** Checks an UnseenPolicy option. @throws InvalidArgumentError naming the encoder. */
export function checkUnseenPolicy(policy: string, who: string): UnseenPolicy {
  if (policy !== 'error' && policy !== 'ignore' && policy !== 'unknown') {
    throw new InvalidArgumentError(`${who}: unseen must be 'error', 'ignore' or 'unknown', got '${policy}'`);
  }
  return policy;
}

/**
 * The category values of each column: given explicitly (`given[j]`, in that order) or learned as the
 * sorted distinct values of column j.
 * @throws InvalidArgumentError if `given` has the wrong length or a column has a repeated value.
 */
export function learnLevels(X: FeatureMatrix, given: number[][] | undefined, who: string): number[][] {
  const { n, p, data } = X;
  if (given !== undefined) {
    if (given.length !== p)
      throw new InvalidArgumentError(`${who}: categories has ${given.length} lists; X has ${p} columns`);
    for (const [j, g] of given.entries()) {
      if (new Set(g).size !== g.length)
        throw new InvalidArgumentError(`${who}: categories of column ${j} repeat a value`);
    }
    return given.map((g) => g.slice());
  }
  const out: number[][] = [];
  for (let j = 0; j < p; j++) {
    const s = new Set<number>();
    for (let i = 0; i < n; i++) s.add(data[i * p + j]);
    out.push([...s].sort((a, b) => a - b));
  }
  return out;
}

/** value -> index maps of each column's levels. */
export function levelMaps(levels: number[][]): Map<number, number>[] {
  return levels.map((l) => new Map(l.map((v, k) => [v, k])));
}

/**
 * Reads levels from JSON: one array of distinct numbers per column, as {@link learnLevels} gives them.
 * @param field - the JSON field, named in messages (`levels`, `categories`).
 * @throws ModelFormatError unless an array of number arrays, or if a column repeats a value (a repeated level
 * would get two output columns, of which only the last is ever set): "one-hot-encoder: levels[0][1] repeats
 * levels[0][0] = 1".
 */
export function readLevels(x: unknown, kind: string, field = 'levels'): number[][] {
  if (!Array.isArray(x) || x.some((l) => !Array.isArray(l) || l.some((v: unknown) => typeof v !== 'number'))) {
    throw new ModelFormatError(`${kind}: ${field} must be arrays of numbers`);
  }
  const levels = x as number[][];
  for (const [j, l] of levels.entries()) {
    // A Map keyed like levelMaps (SameValueZero: -0 and 0 are one level, as in learnLevels).
    const first = new Map<number, number>();
    for (const [k, v] of l.entries()) {
      const at = first.get(v);
      if (at !== undefined) {
        throw new ModelFormatError(`${kind}: ${field}[${j}][${k}] repeats ${field}[${j}][${at}] = ${v}`);
      }
      first.set(v, k);
    }
  }
  return levels;
}

/** The error for an unseen value under the `error` policy. */
export function unseenError(who: string, row: number, column: string, value: number): InvalidArgumentError {
  return new InvalidArgumentError(`${who}: row ${row}, column '${column}' has category ${value} not seen at fit time`);
}

/** The saved state of a category encoder: its options and fitted levels. */
export interface EncoderState {
  unseen: UnseenPolicy;
  /** The constructor's categories, undefined when they were learned. */
  categories: number[][] | undefined;
  /** The input column names, as saved (checked by `restoreShape`). */
  names: unknown;
  levels: number[][];
}

/**
 * `{kind, version: 1, unseen, categories, names, levels}` of a fitted category encoder, `categories` being the
 * constructor's (null when not given), so a refit of the loaded encoder keeps them.
 */
export function encoderJSON(kind: string, s: EncoderState): EstimatorJSON {
  return { kind, version: 1, unseen: s.unseen, categories: s.categories ?? null, names: s.names, levels: s.levels };
}

/**
 * Reads {@link encoderJSON}. Files written before `categories` was saved load as not given.
 * @throws ModelFormatError on a wrong kind, version or shape, or a column whose levels or categories repeat a value.
 */
export function readEncoderJSON(json: unknown, kind: string): EncoderState {
  const o = checkEstimatorJSON<{ unseen: UnseenPolicy; categories?: unknown; names: unknown; levels: unknown }>(
    json,
    kind,
    [1],
  );
  return {
    unseen: o.unseen,
    categories: o.categories == null ? undefined : readLevels(o.categories, kind, 'categories'),
    names: o.names,
    levels: readLevels(o.levels, kind),
  };
}
