import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InvalidArgumentError, convertSize, parseSize } from '../../lib/index.js';

// options.body of convertSize takes lengths in cm that are > 0 (found by mutation testing).

test('a body dimension of 0 cm is refused, as a negative one is', () => {
  for (const inseam of [0, -0]) {
    assert.throws(
      () => convertSize(parseSize('38', 'women-eu'), 'jeans', { body: { inseam } }),
      (e: unknown) => e instanceof InvalidArgumentError && /options\.body\.inseam must be .*> 0/.test(e.message),
      String(inseam),
    );
  }
  // Positive control: the smallest inseam of the table, 26 in = 66.04 cm, is W28 L26 for EU 38 (waist 70 cm).
  assert.equal(convertSize(parseSize('38', 'women-eu'), 'jeans', { body: { inseam: 66.04 } }).size.label, 'W28 L26');
});
