/** One train/test split: row indices into the data, each sorted ascending, disjoint. */
export interface Fold {
  train: Int32Array;
  test: Int32Array;
}

/**
 * A splitter: every splitter has this one `split` shape and returns index arrays; it uses only the
 * arguments it needs (`labels` for stratified, `groups` for group, `times` for temporal splits) and
 * throws InvalidArgumentError when a needed one is missing. Seeded splitters return the same folds for
 * the same seed.
 */
export interface Splitter {
  /**
   * @param n - number of rows. @param labels - class codes per row. @param groups - group id per row
   * (e.g. a customer code). @param times - a time per row (e.g. days since 1970-01-01).
   * @returns the folds.
   */
  split(n: number, labels?: ArrayLike<number>, groups?: ArrayLike<number>, times?: ArrayLike<number>): Fold[];
}
