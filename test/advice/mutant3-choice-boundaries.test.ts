// Boundaries of the size choice not pinned before (found by mutation testing): which neighbour the between-sizes
// rule compares when both neighbours cost the same (either side, whichever makes a pair), the strict "leans small" of the lower size, and the strict
// "below" of the flat-P(fit) note of adviseSize.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FLAT_FIT_SPREAD, adviseSize, chooseSize } from '../../lib/index.js';
import { StubFitModel, tinyDataset } from './advice-fixtures.js';

test('chooseSize: with both neighbours at the same cost, the between pair is the one whose leans agree', () => {
  // 8 leans small (cost 0.3), 10 is chosen and leans large (cost 0.25), 12 leans large (cost 0.3). The only pair of
  // a small-leaning lower and a large-leaning upper size is 8 / 10 (10 / 12 has a large-leaning lower size).
  const c = chooseSize([8, 10, 12], [0.3, 0.7, 0, 0, 0.75, 0.25, 0, 0.7, 0.3]);
  assert.equal(c.index, 1);
  assert.deepEqual([c.between?.lower, c.between?.upper, c.between?.chosen], [0, 1, 1]);
});

test('chooseSize: with both neighbours at the same cost, a between pair on the upper side is found too', () => {
  // 8 leans small (cost 0.3), 10 is chosen and leans small (cost 0.25), 12 leans large (cost 0.3). Now the pair is
  // 10 / 12. Before, an exact tie of the neighbours' costs compared the lower neighbour only, and no pair was found,
  // while the same probabilities with 8's cost 0.01 higher gave 10 / 12.
  const tie = chooseSize([8, 10, 12], [0.3, 0.7, 0, 0.25, 0.75, 0, 0, 0.7, 0.3]);
  assert.equal(tie.index, 1);
  assert.deepEqual([tie.between?.lower, tie.between?.upper, tie.between?.chosen], [1, 2, 1]);
  const apart = chooseSize([8, 10, 12], [0.31, 0.69, 0, 0.25, 0.75, 0, 0, 0.7, 0.3]);
  assert.deepEqual([apart.between?.lower, apart.between?.upper], [1, 2]);
});

test('chooseSize: a lower size with P(small) equal to P(large) does not lean small: not between sizes', () => {
  // 8: [0.125, 0.75, 0.125], cost 0.25 (chosen); 10: [0, 0.6875, 0.3125], cost 0.3125, leans large. The costs are
  // 0.0625 apart (within the default margin 0.1), but 8 leans neither way.
  const even = chooseSize([8, 10], [0.125, 0.75, 0.125, 0, 0.6875, 0.3125]);
  assert.equal(even.index, 0);
  assert.equal(even.between, undefined);
  // Positive control: a lower size leaning small by 1/16 is between.
  const leaning = chooseSize([8, 10], [0.15625, 0.75, 0.09375, 0, 0.6875, 0.3125]);
  assert.equal(leaning.index, 0);
  assert.deepEqual([leaning.between?.lower, leaning.between?.upper], [0, 1]);
});

test('adviseSize: a P(fit) spread of exactly FLAT_FIT_SPREAD is not called flat; a smaller one is', () => {
  assert.equal(FLAT_FIT_SPREAD, 0.05);
  const history = tinyDataset([{ user: 'ann', item: 'd1', size: 8, fit: 'fit', category: 'dress' }]);
  const request = { customer: 'ann', item: 'd1', sizes: [8, 10] };
  const advise = (fitAt8: number) =>
    adviseSize(
      new StubFitModel((_u, _i, s) => (s === 8 ? [0.5, fitAt8, 0.5 - fitAt8] : [0.5, 0, 0.5])),
      history,
      request,
      { minFitProbability: 0 },
    );
  const at = advise(0.05);
  assert.equal(at.fitSpread, 0.05);
  assert.equal(at.size, 8);
  assert.doesNotMatch(at.reason, /barely changes/);
  const below = advise(0.04);
  assert.equal(below.fitSpread, 0.04);
  assert.match(below.reason, /barely changes with the size/);
});
