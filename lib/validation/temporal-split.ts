import { InvalidArgumentError } from '../core/errors.js';
import { checkFraction, checkIntOption, checkN, checkPerRow } from './fold-utils.js';
import type { Fold, Splitter } from './splitter.js';

/** Options of {@link TemporalSplit}: give `cut`, or `testFraction`, or `folds`. */
export interface TemporalSplitOptions {
  /** One fold: train on rows with time < cut, test on rows with time >= cut. */
  cut?: number;
  /** One fold: test on the latest ~testFraction of the rows (default 0.2 when neither cut nor folds is given). */
  testFraction?: number;
  /**
   * Expanding-window folds: rows in time order are cut into folds + 1 blocks of about equal size; fold
   * f trains on blocks 0..f and tests on block f + 1.
   */
  folds?: number;
}

/**
 * Temporal split: every training row is strictly earlier than every test row (rows with equal times
 * always stay on the same side). Deterministic: no seed is needed.
 */
export class TemporalSplit implements Splitter {
  readonly cut: number | undefined;
  readonly testFraction: number;
  readonly folds: number | undefined;

  /** @throws InvalidArgumentError on more than one mode, or an invalid fraction or fold count. */
  constructor(options: TemporalSplitOptions = {}) {
    const modes = [options.cut, options.testFraction, options.folds].filter((v) => v !== undefined).length;
    if (modes > 1) throw new InvalidArgumentError('TemporalSplit: give only one of cut, testFraction, folds');
    this.cut = options.cut;
    this.testFraction = options.testFraction ?? 0.2;
    this.folds = options.folds;
    if (this.cut !== undefined && !Number.isFinite(this.cut)) {
      throw new InvalidArgumentError(`TemporalSplit: cut must be finite, got ${this.cut}`);
    }
    checkFraction('TemporalSplit', 'testFraction', this.testFraction);
    if (this.folds !== undefined) checkIntOption('TemporalSplit', 'folds', this.folds, 1);
  }

  /**
   * Folds by `times` (4th argument).
   * @throws InvalidArgumentError when times are missing or not finite, or a side would be empty.
   */
  split(n: number, _labels?: ArrayLike<number>, _groups?: ArrayLike<number>, times?: ArrayLike<number>): Fold[] {
    checkN('TemporalSplit', n, 2);
    const t = checkPerRow('TemporalSplit', 'times', n, times, true)!;
    const order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    order.sort((a, b) => t[a] - t[b] || a - b);
    // Positions where the time changes: the only places a boundary may go.
    const changes: number[] = [];
    for (let p = 1; p < n; p++) if (t[order[p]] !== t[order[p - 1]]) changes.push(p);
    if (this.cut !== undefined) {
      const cut = this.cut;
      let p = 0;
      while (p < n && t[order[p]] < cut) p++;
      if (p === 0 || p === n) {
        throw new InvalidArgumentError(`TemporalSplit: cut ${cut} leaves ${p === 0 ? 'no training' : 'no test'} rows`);
      }
      return [blockFold(order, p, n)];
    }
    if (changes.length === 0) throw new InvalidArgumentError('TemporalSplit: all rows have the same time');
    if (this.folds === undefined) {
      return [blockFold(order, nearest(changes, n * (1 - this.testFraction)), n)];
    }
    const blocks = this.folds + 1;
    if (changes.length < this.folds) {
      throw new InvalidArgumentError(`TemporalSplit: ${changes.length + 1} distinct times for ${blocks} blocks`);
    }
    const bounds = [0];
    for (let b = 1; b < blocks; b++) {
      // The change point nearest the even cut among those that leave room for the later boundaries.
      const candidates = changes.filter((c) => c > bounds[b - 1]);
      const usable = candidates.slice(0, candidates.length - (blocks - b - 1));
      bounds.push(nearest(usable, (n * b) / blocks));
    }
    bounds.push(n);
    const folds: Fold[] = [];
    for (let f = 0; f < this.folds; f++) folds.push(blockFold(order, bounds[f + 1], bounds[f + 2]));
    return folds;
  }
}

/** The candidate position nearest to `target` (the earlier on ties). */
function nearest(candidates: number[], target: number): number {
  let best = candidates[0];
  for (const c of candidates) if (Math.abs(c - target) < Math.abs(best - target)) best = c;
  return best;
}

/** Train = order[0..trainEnd), test = order[trainEnd..testEnd), each sorted ascending. */
function blockFold(order: Int32Array, trainEnd: number, testEnd: number): Fold {
  return { train: order.slice(0, trainEnd).sort(), test: order.slice(trainEnd, testEnd).sort() };
}
