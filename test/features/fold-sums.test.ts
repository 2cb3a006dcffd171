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

test('FoldSums.excludingEach: for every fold, the sums excluding() gives without that fold and another', () => {
  const t = table();
  for (const b of [-1, 0, 2]) {
    for (const g of [0, 1]) {
      const each = t.excludingEach(g, b, 2, new Float64Array(8));
      for (let f = 0; f < 4; f++) {
        const one = t.excluding(g, f, b, new Float64Array(3));
        assert.deepEqual([...each.subarray(2 * f, 2 * f + 2)], [one[0], one[1]], `group ${g}, folds ${f} and ${b}`);
      }
    }
  }
  // Group 1 without folds 1 and 2: folds 0 and 3 and the second row (fold 2) left out.
  assert.deepEqual(
    [...t.excludingEach(1, 2, 1, new Float64Array(4))],
    [110 + 130, 100 + 130, 100 + 110 + 130, 100 + 110],
  );
  assert.deepEqual([...t.excludingEach(-1, 0, 2, new Float64Array(8).fill(7))], [0, 0, 0, 0, 0, 0, 0, 0]);
});
