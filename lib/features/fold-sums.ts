/**
 * Per-group sums kept per cross-fitting fold (internal to lib/features).
 *
 * A {@link FoldSums} holds, for G groups and V values, the sums of each fold's rows and their totals,
 * so that a training row of fold f reads the sums of the other folds, and a second-order statistic
 * can leave out two folds at once. The other folds are added up (not subtracted from the total), so
 * a row's own fold cannot reach its value even through floating-point rounding. A table restored
 * from JSON has the totals only (K = 0): new rows read the totals.
 */
export class FoldSums {
  /** Number of groups. */
  readonly G: number;
  /** Number of values per group. */
  readonly V: number;
  /** Number of folds (0 when only totals are kept). */
  readonly K: number;
  /** G x V totals, row-major. */
  readonly total: Float64Array;
  /** G x K x V sums of each fold's rows (empty when K = 0). */
  private readonly byFold: Float64Array;

  /** An empty table, or one restored from `total` (then K = 0). */
  constructor(G: number, V: number, K: number, total?: Float64Array) {
    this.G = G;
    this.V = V;
    this.K = total ? 0 : K;
    this.total = total ?? new Float64Array(G * V);
    this.byFold = new Float64Array(total ? 0 : G * K * V);
  }

  /** Adds `x` to value `j` of group `g` for a row of fold `k`; group -1 is skipped. */
  add(g: number, k: number, j: number, x: number): void {
    if (g < 0) return;
    this.total[g * this.V + j] += x;
    this.byFold[(g * this.K + k) * this.V + j] += x;
  }

  /** Adds `x` to value `j` of group `g` in the totals only (a statistic that new rows read). */
  addToTotal(g: number, j: number, x: number): void {
    if (g >= 0) this.total[g * this.V + j] += x;
  }

  /**
   * Writes into `out` the sums of group `g` over the folds other than `a` and `b` (-1: none; both
   * -1: the totals). Group -1 gives zeros.
   * @param width - how many of the group's values, from the first (default all `V`): a caller that reads
   *   only the first few values sums only those (each value's sum is the same either way).
   * @returns `out`
   */
  excluding(g: number, a: number, b: number, out: Float64Array, width = this.V): Float64Array {
    const V = this.V;
    if (g < 0) {
      out.fill(0, 0, width);
      return out;
    }
    if (a < 0 && b < 0) {
      for (let j = 0; j < width; j++) out[j] = this.total[g * V + j];
      return out;
    }
    out.fill(0, 0, width);
    for (let k = 0; k < this.K; k++) {
      if (k === a || k === b) continue;
      const at = (g * this.K + k) * V;
      for (let j = 0; j < width; j++) out[j] += this.byFold[at + j];
    }
    return out;
  }

  /**
   * For every fold f, the first `width` sums of group `g` over the folds other than f and `b` (-1: none): writes
   * `out[f * width + j]`, each the value {@link excluding}`(g, f, b, ·, width)` gives (the same folds added in the
   * same order), in one call for a caller that reads all K. Group -1 gives zeros. Needs the folds (K > 0).
   * @returns `out`
   */
  excludingEach(g: number, b: number, width: number, out: Float64Array): Float64Array {
    const { K, V, byFold } = this;
    if (g < 0) {
      out.fill(0, 0, K * width);
      return out;
    }
    const base = g * K * V;
    for (let f = 0; f < K; f++) {
      const o = f * width;
      for (let j = 0; j < width; j++) {
        let s = 0;
        for (let k = 0; k < K; k++) if (k !== f && k !== b) s += byFold[base + k * V + j];
        out[o + j] = s;
      }
    }
    return out;
  }
}
