import { InvalidArgumentError } from '../core/errors.js';
import { Rng, seedOption } from '../core/rng.js';
import { checkIntOption, checkN, checkPerRow, distinctCodes, foldsFromAssignment } from './fold-utils.js';
import type { Fold, Splitter } from './splitter.js';

/** Options of {@link GroupKFold}. */
export interface GroupKFoldOptions {
  /** Number of folds (default 5, >= 2). */
  k?: number;
  /** Seed that breaks ties between groups of equal size (default 0). */
  seed?: number;
}

/**
 * Group k-fold: all rows of a group (e.g. a customer) fall in the same test fold, so no group is ever
 * cut between train and test. Groups are placed largest first, each into the fold with the fewest rows
 * so far (as scikit-learn's GroupKFold), equal-sized groups in a seeded random order.
 */
export class GroupKFold implements Splitter {
  readonly k: number;
  readonly seed: number;

  /** @throws InvalidArgumentError when k is not an integer >= 2. */
  constructor(options: GroupKFoldOptions = {}) {
    this.k = options.k ?? 5;
    this.seed = seedOption(options.seed, 'GroupKFold');
    checkIntOption('GroupKFold', 'k', this.k, 2);
  }

  /**
   * k folds by `groups`.
   * @throws InvalidArgumentError when groups are missing or there are fewer distinct groups than k.
   */
  split(n: number, _labels?: ArrayLike<number>, groups?: ArrayLike<number>): Fold[] {
    checkN('GroupKFold', n, this.k);
    const g = checkPerRow('GroupKFold', 'groups', n, groups, true)!;
    const { distinct, code, sizes } = distinctCodes(g);
    const m = distinct.length;
    if (m < this.k) throw new InvalidArgumentError(`GroupKFold: ${m} distinct groups for k = ${this.k} folds`);
    const order = new Rng(this.seed).permutation(m);
    const rank = new Int32Array(m);
    for (let i = 0; i < m; i++) rank[order[i]] = i;
    const byPlacement = Array.from(order).sort((a, b) => sizes[b] - sizes[a] || rank[a] - rank[b]);
    const foldOf = new Int32Array(m);
    const load = new Float64Array(this.k);
    for (const grp of byPlacement) {
      let best = 0;
      for (let f = 1; f < this.k; f++) if (load[f] < load[best]) best = f;
      foldOf[grp] = best;
      load[best] += sizes[grp];
    }
    const assign = new Int32Array(n);
    for (let i = 0; i < n; i++) assign[i] = foldOf[code[i]];
    return foldsFromAssignment(assign, this.k);
  }
}
