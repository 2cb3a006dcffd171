import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isotonicProjection, projectMonotoneSizes } from '../../lib/index.js';

const close = (a: ArrayLike<number>, b: number[], tol = 1e-12) =>
  b.forEach((v, i) => assert.ok(Math.abs(a[i] - v) < tol, `[${i}] ${a[i]} != ${v}`));

test('isotonicProjection pools adjacent violators (hand-computed cases)', () => {
  close(isotonicProjection([1, 3, 2, 4], new Float64Array(4)), [1, 2.5, 2.5, 4]);
  close(isotonicProjection([3, 2, 1], new Float64Array(3)), [2, 2, 2]);
  close(isotonicProjection([4, 1, 2, 5, 0], new Float64Array(5)), [7 / 3, 7 / 3, 7 / 3, 2.5, 2.5]);
  close(isotonicProjection([1, 2, 3], new Float64Array(3)), [1, 2, 3]);
});

test('projectMonotoneSizes moves article rows only along the size direction, onto a non-decreasing order', () => {
  // Three articles (rows of width 2), visited in the order 2, 0, 1; direction a = (1, 1).
  const params = Float64Array.from([3, 1, /* article 1 */ 0, 0, /* article 2 */ 1, 1]);
  const a = Float64Array.from([1, 1]);
  projectMonotoneSizes(params, 2, Int32Array.from([2, 0, 1]), 0, 3, a, new Float64Array(6));
  // Scores in visit order were 2, 4, 0 -> projection 2, 2, 2; each row moves by (z - s) / |a|^2 * a.
  close(params, [2, 0, 1, 1, 1, 1]);
  // Already ordered: unchanged.
  const ordered = Float64Array.from([0, 0, 1, 0, 1, 1]);
  projectMonotoneSizes(ordered, 2, Int32Array.from([0, 1, 2]), 0, 3, a, new Float64Array(6));
  close(ordered, [0, 0, 1, 0, 1, 1]);
});
