import { Rng, seedOption } from '../core/rng.js';
import { InvalidArgumentError } from '../core/errors.js';
import { checkFraction, checkN, checkPerRow, distinctCodes, foldFromMask } from './fold-utils.js';
import type { Fold, Splitter } from './splitter.js';

/** Options of {@link HoldoutSplit}. */
export interface HoldoutSplitOptions {
  /** Share of rows in the test set (default 0.2). */
  testFraction?: number;
  /**
   * 'random' (default): round(n x testFraction) random rows; 'stratified': round(n_c x testFraction)
   * random rows of each class c (needs labels); 'group': whole groups in random order until at least
   * n x testFraction rows are in test (needs groups; no group is cut).
   */
  strategy?: 'random' | 'stratified' | 'group';
  /** Seed (default 0). */
  seed?: number;
}

/** A single seeded train/test holdout split (random, stratified or by group). Returns one fold. */
export class HoldoutSplit implements Splitter {
  readonly testFraction: number;
  readonly strategy: 'random' | 'stratified' | 'group';
  readonly seed: number;

  /** @throws InvalidArgumentError on a fraction outside (0, 1) or an unknown strategy. */
  constructor(options: HoldoutSplitOptions = {}) {
    this.testFraction = options.testFraction ?? 0.2;
    this.strategy = options.strategy ?? 'random';
    this.seed = seedOption(options.seed, 'HoldoutSplit');
    checkFraction('HoldoutSplit', 'testFraction', this.testFraction);
    if (!['random', 'stratified', 'group'].includes(this.strategy)) {
      throw new InvalidArgumentError(`HoldoutSplit: unknown strategy '${this.strategy}'`);
    }
  }

  /**
   * One fold.
   * @throws InvalidArgumentError when labels (stratified) or groups (group) are missing, or a side would
   * be empty.
   */
  split(n: number, labels?: ArrayLike<number>, groups?: ArrayLike<number>): Fold[] {
    checkN('HoldoutSplit', n, 2);
    const rng = new Rng(this.seed);
    const inTest = new Uint8Array(n);
    if (this.strategy === 'random') {
      const perm = rng.permutation(n);
      const m = Math.round(n * this.testFraction);
      for (let j = 0; j < m; j++) inTest[perm[j]] = 1;
    } else if (this.strategy === 'stratified') {
      const y = checkPerRow('HoldoutSplit', 'labels', n, labels, true)!;
      const { distinct, code, sizes } = distinctCodes(y);
      const rowsOf: number[][] = distinct.map(() => []);
      for (let i = 0; i < n; i++) rowsOf[code[i]].push(i);
      const classOrder = distinct.map((_, c) => c).sort((a, b) => distinct[a] - distinct[b]);
      for (const c of classOrder) {
        const rows = rng.shuffle(rowsOf[c]);
        const m = Math.round(sizes[c] * this.testFraction);
        for (let j = 0; j < m; j++) inTest[rows[j]] = 1;
      }
    } else {
      const g = checkPerRow('HoldoutSplit', 'groups', n, groups, true)!;
      const { code, sizes } = distinctCodes(g);
      const perm = rng.permutation(sizes.length);
      const target = n * this.testFraction;
      const chosen = new Uint8Array(sizes.length);
      let rows = 0;
      for (let j = 0; j < perm.length && rows < target; j++) {
        chosen[perm[j]] = 1;
        rows += sizes[perm[j]];
      }
      for (let i = 0; i < n; i++) inTest[i] = chosen[code[i]];
    }
    const fold = foldFromMask(
      inTest,
      (v) => v === 1,
      (v) => v === 0,
    );
    if (fold.train.length === 0 || fold.test.length === 0) {
      throw new InvalidArgumentError(
        `HoldoutSplit: ${fold.train.length} train and ${fold.test.length} test rows: a side is empty`,
      );
    }
    return [fold];
  }
}
