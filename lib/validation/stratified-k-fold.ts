import { Rng, seedOption } from '../core/rng.js';
import { checkIntOption, checkN, checkPerRow, foldsFromAssignment } from './fold-utils.js';
import type { Fold, Splitter } from './splitter.js';

/** Options of {@link StratifiedKFold}. */
export interface StratifiedKFoldOptions {
  /** Number of folds (default 5, >= 2). */
  k?: number;
  /** Seed of the within-class shuffle (default 0). */
  seed?: number;
}

/**
 * Stratified k-fold: every test fold holds each class's rows within one row of n_class / k, and test
 * fold sizes differ by at most one row. Rows of each class are shuffled (seeded) and dealt to the folds
 * in turn, the dealing continuing from class to class.
 */
export class StratifiedKFold implements Splitter {
  readonly k: number;
  readonly seed: number;

  /** @throws InvalidArgumentError when k is not an integer >= 2. */
  constructor(options: StratifiedKFoldOptions = {}) {
    this.k = options.k ?? 5;
    this.seed = seedOption(options.seed, 'StratifiedKFold');
    checkIntOption('StratifiedKFold', 'k', this.k, 2);
  }

  /** k folds stratified by `labels`. @throws InvalidArgumentError when labels are missing or n < k. */
  split(n: number, labels?: ArrayLike<number>): Fold[] {
    checkN('StratifiedKFold', n, this.k);
    const y = checkPerRow('StratifiedKFold', 'labels', n, labels, true)!;
    const rng = new Rng(this.seed);
    const byClass = new Map<number, number[]>();
    for (let i = 0; i < n; i++) {
      const list = byClass.get(y[i]);
      if (list) list.push(i);
      else byClass.set(y[i], [i]);
    }
    const assign = new Int32Array(n);
    let j = 0;
    for (const c of [...byClass.keys()].sort((a, b) => a - b)) {
      const rows = rng.shuffle(byClass.get(c)!);
      for (const r of rows) assign[r] = j++ % this.k;
    }
    return foldsFromAssignment(assign, this.k);
  }
}
