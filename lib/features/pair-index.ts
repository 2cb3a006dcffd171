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

  /** `{first, second}` as plain number arrays. */
  toJSON(): { first: number[]; second: number[] } {
    return { first: Array.from(this.first), second: Array.from(this.second) };
  }

  /** Rebuilds an index written by `toJSON`. @throws ModelFormatError on a bad shape. */
  static fromJSON(x: unknown, what: string): PairIndex {
    const o = (typeof x === 'object' && x !== null ? x : {}) as Record<string, unknown>;
    const a = decodeNumbers(o.first, `${what}.first`);
    const b = decodeNumbers(o.second, `${what}.second`);
    if (a.length !== b.length || a.some((v) => !Number.isInteger(v) || v < 0)) {
      throw new ModelFormatError(`${what}: first must be group ids and match second in length`);
    }
    return new PairIndex(Int32Array.from(a), b);
  }
}
