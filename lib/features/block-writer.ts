import type { ColumnarDataset } from '../data/columnar-dataset.js';

/**
 * A fitted dataset step that can write its output straight into a block of columns of a wider
 * row-major matrix, so a pipeline joins its output without an intermediate matrix and a copy (used
 * by {@link FeaturePipeline} for sparse blocks such as the one-hot encoding).
 */
export interface BlockWriter {
  /** Output column names of the block. @throws NotFittedError before fit. */
  blockNames(): string[];
  /**
   * Writes the block of every row of `ds` into `out` (row-major with `stride` columns) at columns
   * `offset` .. `offset + blockNames().length - 1`. Those cells are zero on entry; a writer may leave
   * its zero cells untouched.
   * @throws as the step's `transform` does.
   */
  writeBlock(ds: ColumnarDataset, out: Float64Array, stride: number, offset: number): void;
}

/** True when `step` implements {@link BlockWriter}. */
export function isBlockWriter(step: unknown): step is BlockWriter {
  const s = step as Partial<BlockWriter> | null;
  return typeof s?.blockNames === 'function' && typeof s.writeBlock === 'function';
}
