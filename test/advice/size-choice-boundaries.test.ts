// Boundaries of size conversion and choice: a float-split exact tie keeps its alternative; betweenMargin's <= and
// its default.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseSize, convertSize, parseSize } from '../../lib/index.js';

test('convertSize: an exact tie that floating point splits by 3e-15 still reports the alternative', () => {
  // W30 jeans: waist 76.2 cm; with chest 131.8: L (106, 94) and XL (114, 102) are both sqrt(25.8^2 + 17.8^2) away.
  const r = convertSize(parseSize('W30 L26', 'jeans'), 'letter', { gender: 'men', body: { chest: 131.8 } });
  assert.equal(r.size.label, 'L');
  assert.deepEqual(
    r.alternatives.map((s) => s.label),
    ['XL'],
  );
});

test('chooseSize: a cost gap exactly equal to betweenMargin is between sizes (<=)', () => {
  // size 8: P = [0.5, 0.5, 0] -> cost 0.5, leans small; size 10: [0, 0.75, 0.25] -> cost 0.25, leans large.
  const c = chooseSize([8, 10], [0.5, 0.5, 0, 0, 0.75, 0.25], { betweenMargin: 0.25 });
  assert.equal(c.index, 1);
  assert.deepEqual([c.between?.lower, c.between?.upper, c.between?.chosen], [0, 1, 1]);
});

test('chooseSize: the default betweenMargin is 0.1', () => {
  // gap 0.4 - 0.25 = 0.15 > 0.1: not between; gap 0.3125 - 0.25 = 0.0625: between.
  assert.equal(chooseSize([8, 10], [0.4, 0.6, 0, 0, 0.75, 0.25]).between, undefined);
  assert.notEqual(chooseSize([8, 10], [0.3125, 0.6875, 0, 0, 0.75, 0.25]).between, undefined);
});
