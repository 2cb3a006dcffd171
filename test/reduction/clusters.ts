// Test data of the reduction tests: seeded, separated Gaussian clusters.
import { Rng, matrixFromRows, type FeatureMatrix } from '../../lib/index.js';

/** Three well separated Gaussian clusters in 10-D, `m` points each, with each point's cluster. */
export function clusters(m: number, seed: number): { X: FeatureMatrix; label: number[] } {
  const rng = new Rng(seed);
  const rows: number[][] = [];
  const label: number[] = [];
  for (let c = 0; c < 3; c++) {
    for (let i = 0; i < m; i++) {
      rows.push(Array.from({ length: 10 }, (_, j) => (j === c ? 10 : 0) + rng.normal()));
      label.push(c);
    }
  }
  return { X: matrixFromRows(rows), label };
}
