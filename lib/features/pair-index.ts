import { ModelFormatError } from '../core/errors.js';
import { decodeNumbers } from '../core/estimator.js';

/**
 * Groups keyed by a pair (a group id, a number), e.g. (article, size) or (customer, article)
 * (internal to lib/features). Serializes as two parallel number arrays, which is much smaller than
 * joined key texts.
 */
export class PairIndex {
  readonly first: Int32Array;
  readonly second: Float64Array;
  private readonly map: Map<string, number>;
  /** Per first value: its pairs' second values ascending and their group ids (built on first use). */
  private byFirst: Map<number, { second: Float64Array; ids: Int32Array }> | undefined;

  private constructor(first: Int32Array, second: Float64Array) {
    this.first = first;
    this.second = second;
    this.map = new Map();
    for (let g = 0; g < first.length; g++) this.map.set(`${first[g]}:${second[g]}`, g);
  }

  /** Number of groups. */
  get size(): number {
    return this.first.length;
  }

  /** Learns the pairs of rows; rows with a = -1 or b NaN get group -1. */
  static build(a: Int32Array, b: ArrayLike<number>): { index: PairIndex; ids: Int32Array } {
    const map = new Map<string, number>();
    const first: number[] = [];
    const second: number[] = [];
    const ids = new Int32Array(a.length);
    for (let i = 0; i < a.length; i++) {
      if (a[i] < 0 || b[i] !== b[i]) {
        ids[i] = -1;
        continue;
      }
      const key = `${a[i]}:${b[i]}`;
      let g = map.get(key);
      if (g === undefined) {
        g = first.length;
        map.set(key, g);
        first.push(a[i]);
        second.push(b[i]);
      }
      ids[i] = g;
    }
    return { index: new PairIndex(Int32Array.from(first), Float64Array.from(second)), ids };
  }

  /** Group of the pair (a, b), -1 when unseen, when a is -1 or b is NaN. */
  get(a: number, b: number): number {
    if (a < 0 || b !== b) return -1;
    return this.map.get(`${a}:${b}`) ?? -1;
  }

  /**
   * The pairs (a, ·) around b among those `keep` accepts (default all): the group of the largest second
   * value below b (`below`, -1 if none), of the smallest above b (`above`), how many of a's kept pairs
   * lie below b (`rank`) and how many a has (`count`). For a = -1 or b NaN: -1, -1, 0, 0.
   */
  neighbours(
    a: number,
    b: number,
    keep?: (group: number) => boolean,
  ): { below: number; above: number; rank: number; count: number } {
    if (!this.byFirst) {
      const lists = new Map<number, number[]>();
      for (let g = 0; g < this.first.length; g++) {
        const l = lists.get(this.first[g]);
        if (l) l.push(g);
        else lists.set(this.first[g], [g]);
      }
      this.byFirst = new Map();
      for (const [f, gs] of lists) {
        gs.sort((x, y) => this.second[x] - this.second[y]);
        this.byFirst.set(f, { second: Float64Array.from(gs, (g) => this.second[g]), ids: Int32Array.from(gs) });
      }
    }
    const out = { below: -1, above: -1, rank: 0, count: 0 };
    const e = a < 0 || b !== b ? undefined : this.byFirst.get(a);
    if (!e) return out;
    // An article has a handful of sizes: a linear walk over the ascending list.
    for (let k = 0; k < e.ids.length; k++) {
      const g = e.ids[k];
      if (keep && !keep(g)) continue;
      out.count++;
      if (e.second[k] < b) {
        out.rank++;
        out.below = g;
      } else if (e.second[k] > b && out.above < 0) out.above = g;
    }
    return out;
  }

  /** `{first, second}` as plain number arrays. */
  toJSON(): { first: number[]; second: number[] } {
    return { first: Array.from(this.first), second: Array.from(this.second) };
  }

  /**
   * Rebuilds an index written by `toJSON`.
   * @param what - the field, as messages name it. @param firstGroups - how many groups the first values index:
   *   each must be an integer in [0, firstGroups). @param secondGroups - when the second values are group ids too,
   *   how many groups they index (otherwise any finite number).
   * @throws ModelFormatError naming the field and the entry on a bad shape, a first value out of range, a second
   *   value that is not finite (or not a group id), or a pair that repeats an earlier one.
   */
  static fromJSON(x: unknown, what: string, firstGroups: number, secondGroups?: number): PairIndex {
    const o = (typeof x === 'object' && x !== null ? x : {}) as Record<string, unknown>;
    const a = decodeNumbers(o.first, `${what}.first`);
    const b = decodeNumbers(o.second, `${what}.second`);
    if (a.length !== b.length) {
      throw new ModelFormatError(`${what}: first and second must match in length (${a.length} and ${b.length})`);
    }
    const isGroupId = (v: number, groups: number): boolean => Number.isInteger(v) && v >= 0 && v < groups;
    const notGroupId = (groups: number): string => `not a group id (an integer from 0 to ${groups - 1})`;
    for (let g = 0; g < a.length; g++) {
      if (!isGroupId(a[g], firstGroups)) {
        throw new ModelFormatError(`${what}.first[${g}] is ${a[g]}: ${notGroupId(firstGroups)}`);
      }
      const bad =
        secondGroups === undefined
          ? !Number.isFinite(b[g]) && 'not a finite number'
          : !isGroupId(b[g], secondGroups) && notGroupId(secondGroups);
      if (bad) throw new ModelFormatError(`${what}.second[${g}] is ${b[g]}: ${bad}`);
    }
    const index = new PairIndex(Int32Array.from(a), b);
    if (index.map.size !== a.length) {
      const seen = new Map<string, number>();
      for (let g = 0; g < a.length; g++) {
        const key = `${a[g]}:${b[g]}`;
        const earlier = seen.get(key);
        if (earlier !== undefined) {
          throw new ModelFormatError(`${what}: pair ${g} (${a[g]}, ${b[g]}) repeats pair ${earlier}`);
        }
        seen.set(key, g);
      }
    }
    return index;
  }
}
