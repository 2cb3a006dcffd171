// Splitters at their documented boundaries: a group holdout that reaches its target exactly stops there, and a
// temporal cut halfway between two change points takes the earlier one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HoldoutSplit, TemporalSplit } from '../../lib/index.js';

test('HoldoutSplit by group stops at the first group that brings the test rows to n x testFraction', () => {
  // Five groups of 2 rows, testFraction 0.4: the target is exactly 4 rows, reached by the second group drawn.
  const groups = [0, 0, 1, 1, 2, 2, 3, 3, 4, 4];
  for (let seed = 0; seed < 5; seed++) {
    const [fold] = new HoldoutSplit({ strategy: 'group', testFraction: 0.4, seed }).split(10, undefined, groups);
    assert.equal(fold.test.length, 4, `seed ${seed}: ${Array.from(fold.test)}`);
    assert.equal(fold.train.length, 6, `seed ${seed}`);
  }
  // Ten groups of one row, testFraction 0.2: exactly 2 test rows.
  const singles = Array.from({ length: 10 }, (_, i) => i);
  const [fold] = new HoldoutSplit({ strategy: 'group', testFraction: 0.2, seed: 1 }).split(10, undefined, singles);
  assert.equal(fold.test.length, 2);
});

test('TemporalSplit testFraction: a target halfway between two change points takes the earlier one', () => {
  // Times change at positions 4 and 6; testFraction 0.5 aims at position 10 x 0.5 = 5, one away from both.
  const times = [0, 0, 0, 0, 1, 1, 2, 2, 2, 2];
  const [fold] = new TemporalSplit({ testFraction: 0.5 }).split(10, undefined, undefined, times);
  assert.deepEqual(Array.from(fold.train), [0, 1, 2, 3]);
  assert.deepEqual(Array.from(fold.test), [4, 5, 6, 7, 8, 9]);
});
