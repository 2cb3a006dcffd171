import { InvalidArgumentError, ModelFormatError } from '../core/errors.js';
import {
  checkEstimatorJSON,
  checkFiniteValues,
  decodeNumbers,
  encodeNumbers,
  registerEstimator,
  type EstimatorJSON,
} from '../core/estimator.js';
import { BaseMatrixTransformer, restoreShape, type FittedShape } from './base-transformer.js';
import type { FeatureMatrix } from './feature-matrix.js';
import { quantileSorted, sortedColumn } from './quantile.js';
import { fromSavedOptions } from './saved-options.js';

/** Options of {@link BinDiscretizer}. */
export interface BinDiscretizerOptions {
  /** Number of bins per column (default 5, at least 2). */
  nBins?: number;
  /** `quantile` (equal counts, default) or `uniform` (equal widths between min and max). */
  strategy?: 'quantile' | 'uniform';
}

const KIND = 'bin-discretizer';

/**
 * Binning: each value becomes the index of its bin, 0..B-1, with bins `[e_b, e_{b+1})` from the fitted
 * inner edges; values beyond the fitted range go to the first or last bin. Quantile edges that
 * coincide (ties) are merged, so a column may get fewer bins. NaN passes through.
 */
export class BinDiscretizer extends BaseMatrixTransformer {
  readonly kind = KIND;
  protected readonly allowsNaN = true;
  readonly nBins: number;
  readonly strategy: 'quantile' | 'uniform';
  /** Inner edges of each column, ascending (B - 1 of them for B bins). */
  private edges: Float64Array[] = [];

  /** @throws InvalidArgumentError on nBins < 2 or an unknown strategy. */
  constructor(options: BinDiscretizerOptions = {}) {
    super();
    this.nBins = options.nBins ?? 5;
    this.strategy = options.strategy ?? 'quantile';
    if (!(Number.isInteger(this.nBins) && this.nBins >= 2)) {
      throw new InvalidArgumentError(`BinDiscretizer: nBins must be an integer >= 2, got ${this.nBins}`);
    }
    if (this.strategy !== 'quantile' && this.strategy !== 'uniform') {
      throw new InvalidArgumentError(`BinDiscretizer: unknown strategy '${String(this.strategy)}'`);
    }
  }

  /** Inner bin edges per column. @throws NotFittedError before fit. */
  get binEdges(): Float64Array[] {
    this.fitted();
    return this.edges.map((e) => e.slice());
  }

  protected fitState(X: FeatureMatrix): FittedShape {
    const { n, p, data } = X;
    const B = this.nBins;
    this.edges = [];
    for (let j = 0; j < p; j++) {
      const s = sortedColumn(data, n, p, j);
      const e: number[] = [];
      if (s.length > 0) {
        const lo = s[0];
        const hi = s[s.length - 1];
        for (let b = 1; b < B; b++) {
          const v = this.strategy === 'uniform' ? uniformEdge(lo, hi, b, B) : quantileSorted(s, b / B);
          if (v > lo && v <= hi && (e.length === 0 || v > e[e.length - 1])) e.push(v);
        }
      }
      this.edges.push(Float64Array.from(e));
    }
    return { inputNames: X.names.slice(), outputNames: X.names.slice() };
  }

  protected transformInto(X: FeatureMatrix, out: Float64Array, q: number): void {
    for (let j = 0; j < q; j++) {
      const e = this.edges[j];
      for (let i = 0; i < X.n; i++) {
        const v = X.data[i * q + j];
        if (v !== v) {
          out[i * q + j] = NaN;
          continue;
        }
        let lo = 0;
        let hi = e.length;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (v >= e[mid]) lo = mid + 1;
          else hi = mid;
        }
        out[i * q + j] = lo;
      }
    }
  }

  /** `{kind, version: 1, nBins, strategy, names, edges}`. @throws NotFittedError before fit. */
  toJSON(): EstimatorJSON {
    const s = this.fitted();
    return {
      kind: KIND,
      version: 1,
      nBins: this.nBins,
      strategy: this.strategy,
      names: s.inputNames,
      edges: this.edges.map((e) => encodeNumbers(e)),
    };
  }

  /**
   * Rebuilds a fitted discretizer.
   * @throws ModelFormatError on a wrong kind, version or shape, a saved nBins or strategy the constructor refuses,
   * or edges no fit gives, naming the column and edge: not finite, not strictly ascending (the binary search needs
   * them sorted), or more than nBins - 1 in a column. No edges at all (a constant or all-NaN column) is what fit
   * stores for a column it cannot split.
   */
  static fromJSON(json: unknown): BinDiscretizer {
    const o = checkEstimatorJSON<{ nBins: number; strategy: 'quantile' | 'uniform'; names: unknown; edges: unknown }>(
      json,
      KIND,
      [1],
    );
    const t = fromSavedOptions(KIND, () => new BinDiscretizer({ nBins: o.nBins, strategy: o.strategy }));
    if (!Array.isArray(o.edges)) throw new ModelFormatError(`${KIND}: edges must be an array per column`);
    t.edges = o.edges.map((e, j) => {
      const d = decodeNumbers(e, `edges[${j}]`);
      checkFiniteValues(d, `${KIND}: edges[${j}]`);
      if (d.length > t.nBins - 1) {
        throw new ModelFormatError(
          `${KIND}: edges[${j}] has ${d.length} edges; nBins ${t.nBins} allows ${t.nBins - 1}`,
        );
      }
      for (let b = 1; b < d.length; b++) {
        if (!(d[b] > d[b - 1])) {
          throw new ModelFormatError(
            `${KIND}: edges[${j}][${b}] is ${d[b]}, not above edges[${j}][${b - 1}] = ${d[b - 1]}`,
          );
        }
      }
      return d;
    });
    t.shape = restoreShape(o.names, t.edges.length, KIND);
    return t;
  }
}

registerEstimator(KIND, BinDiscretizer.fromJSON, ['transformer', 'handles-nan']);

/**
 * Edge b of B equal-width bins from lo to hi: `lo + (hi - lo) b / B`, or, when that overflows (`hi - lo` or
 * `(hi - lo) b` beyond the float range: values of both signs near 1.7e308), the same point as
 * `lo (1 - b/B) + hi b/B`, which stays finite.
 */
function uniformEdge(lo: number, hi: number, b: number, B: number): number {
  const v = lo + ((hi - lo) * b) / B;
  return v - v === 0 ? v : lo * (1 - b / B) + hi * (b / B);
}
