import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FoldSums } from '../../lib/features/fold-sums.js';

// Two groups, three values, four folds: value j of group g in fold k is 100 g + 10 k + j (+ 1000 for a second row).
const table = (): FoldSums => {
  const t = new FoldSums(2, 3, 4);
  for (let g = 0; g < 2; g++) {
    for (let k = 0; k < 4; k++) for (let j = 0; j < 3; j++) t.add(g, k, j, 100 * g + 10 * k + j);
  }
  t.add(1, 2, 0, 1000);
  return t;
};

test('FoldSums.excluding: sums of the folds other than one or two, or the totals', () => {
  const t = table();
  const out = new Float64Array(3);
  // Group 1 without folds 0 and 2: folds 1 and 3.
  assert.deepEqual([...t.excluding(1, 0, 2, out)], [110 + 130, 111 + 131, 112 + 132]);
  // Group 1 without fold 3 (b = -1): folds 0, 1, 2 and the second row.
  assert.deepEqual([...t.excluding(1, 3, -1, out)], [100 + 110 + 120 + 1000, 101 + 111 + 121, 102 + 112 + 122]);
  assert.deepEqual([...t.excluding(1, -1, -1, out)], [460 + 1000, 464, 468]);
  assert.deepEqual([...t.excluding(-1, 0, 1, out)], [0, 0, 0]);
});

test('FoldSums.excluding: a width sums only the first values and leaves the rest of `out` alone', () => {
  const t = table();
  for (const [a, b] of [
    [0, 2],
    [3, -1],
    [-1, -1],
  ]) {
    const full = t.excluding(1, a, b, new Float64Array(3));
    const out = new Float64Array([7, 7, 7]);
    t.excluding(1, a, b, out, 2);
    assert.deepEqual([...out], [full[0], full[1], 7], `folds ${a}, ${b}`);
  }
  const out = new Float64Array([7, 7, 7]);
  t.excluding(-1, 0, 1, out, 1);
  assert.deepEqual([...out], [0, 7, 7]);
});
