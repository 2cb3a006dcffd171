import { Rng, seedOption } from '../core/rng.js';
import { checkIntOption, checkN, foldsFromAssignment } from './fold-utils.js';
import type { Fold, Splitter } from './splitter.js';

/** Options of {@link KFold}. */
export interface KFoldOptions {
  /** Number of folds (default 5, >= 2). */
  k?: number;
  /** Shuffle rows before cutting folds (default true); false cuts contiguous blocks. */
  shuffle?: boolean;
  /** Seed of the shuffle (default 0). */
  seed?: number;
}

/**
 * K-fold cross-validation splitter: every row is in exactly one test fold; test fold sizes differ by at
 * most one row.
 */
export class KFold implements Splitter {
  readonly k: number;
  readonly shuffle: boolean;
  readonly seed: number;

  /** @throws InvalidArgumentError when k is not an integer >= 2. */
  constructor(options: KFoldOptions = {}) {
    this.k = options.k ?? 5;
    this.shuffle = options.shuffle ?? true;
    this.seed = seedOption(options.seed, 'KFold');
    checkIntOption('KFold', 'k', this.k, 2);
  }

  /** k folds over rows 0..n-1. @throws InvalidArgumentError when n < k. */
  split(n: number): Fold[] {
    checkN('KFold', n, this.k);
    const order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    if (this.shuffle) new Rng(this.seed).shuffle(order);
    const assign = new Int32Array(n);
    // Contiguous blocks of the (shuffled) order: the first n % k folds get one extra row.
    const base = Math.floor(n / this.k);
    const extra = n % this.k;
    let pos = 0;
    for (let f = 0; f < this.k; f++) {
      const size = base + (f < extra ? 1 : 0);
      for (let j = 0; j < size; j++) assign[order[pos++]] = f;
    }
    return foldsFromAssignment(assign, this.k);
  }
}
