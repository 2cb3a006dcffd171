import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InvalidArgumentError, customerSizeProfiles, type SizeProfileOptions } from '../../lib/index.js';
import { tinyDataset } from './advice-fixtures.js';
import { withColumn } from '../features/make-dataset.js';

// Customer 'a' reports `fit` at 4 and at 12 (step 2): 4 steps apart, contradictory. 'b' (6) only sets the median
// (sizes 4, 6, 12: 6), the centre of the prior.
const contradictory = tinyDataset([
  { user: 'a', item: 'x', size: 4, fit: 'fit' },
  { user: 'a', item: 'y', size: 12, fit: 'fit' },
  { user: 'b', item: 'x', size: 6, fit: 'fit' },
]);

const estimateOf = (data = contradictory, options: SizeProfileOptions = {}) =>
  customerSizeProfiles(data, { step: 2, ...options }).get('a')!.systems[0].estimate;

// References: the documented posterior on the same grid (0.05 steps, 4 steps beyond the sizes), evaluated with mpmath
// at 400 digits (σ(a) - σ(b) exactly, no cancellation), mean and 5% / 95% grid points.
test('outlier 0 with a contradictory customer: a finite, proper posterior matching a high-precision reference', () => {
  // Before: with noise 0.01 every grid point's likelihood was exactly 0 (1 - P(small) - P(large) cancelled), the
  // log-posterior -Infinity everywhere, and the estimate NaN with the interval [20, 20], the grid's end.
  const sharp = estimateOf(contradictory, { outlier: 0, noise: 0.01 });
  assert.ok(Math.abs(sharp.size - 7.8869593863208145) < 1e-9, `size ${sharp.size}`);
  assert.ok(Math.abs(sharp.interval[0] - 5.7) < 1e-9 && Math.abs(sharp.interval[1] - 10.2) < 1e-9, `${sharp.interval}`);
  // The default noise (0.3) and outlier 0: finite before too; the same reference to ~1e-15.
  const soft = estimateOf(contradictory, { outlier: 0 });
  assert.ok(Math.abs(soft.size - 7.836245893326521) < 1e-9, `size ${soft.size}`);
  assert.ok(Math.abs(soft.interval[0] - 5.1) < 1e-9 && Math.abs(soft.interval[1] - 10.6) < 1e-9, `${soft.interval}`);
});

test('ordinary data (outlier > 0) keeps its values: the default options against the reference', () => {
  const e = estimateOf();
  assert.ok(Math.abs(e.size - 7.04691320856869) < 1e-9, `size ${e.size}`);
  assert.ok(Math.abs(e.interval[0] - 1.9) < 1e-9 && Math.abs(e.interval[1] - 13.3) < 1e-9, `${e.interval}`);
});

test('a large keptWeight power that underflows no longer makes the posterior NaN (outlier > 0)', () => {
  // Before: pow(P(fit), 1000) underflowed to 0 at every grid point for kept units at 4 and 12.
  const kept = withColumn(
    tinyDataset([
      { user: 'a', item: 'x', size: 4, fit: null },
      { user: 'a', item: 'y', size: 12, fit: null },
      { user: 'b', item: 'x', size: 6, fit: 'fit' },
    ]),
    'returned',
    { type: 'number', values: Float64Array.from([0, 0, 0]) },
  );
  const e = estimateOf(kept, { keptWeight: 1000 });
  assert.ok(Math.abs(e.size - 7.126357440636978) < 1e-9, `size ${e.size}`);
  assert.ok(Math.abs(e.interval[0] - 3.9) < 1e-9 && Math.abs(e.interval[1] - 12) < 1e-9, `${e.interval}`);
});

test('a posterior with likelihood 0 everywhere is refused, naming the customer and the system', () => {
  // fitTolerance 0 makes `fit` impossible at every true size; with outlier 0 nothing absorbs it. Before: an estimate
  // made of rounding noise (4.21), with no error.
  const one = tinyDataset([
    { user: 'a', item: 'x', size: 4, fit: 'fit' },
    { user: 'b', item: 'x', size: 6, fit: 'fit' },
  ]);
  assert.throws(
    () => estimateOf(one, { outlier: 0, fitTolerance: 0 }),
    (e: unknown) =>
      e instanceof InvalidArgumentError &&
      /customer 'a' in system '\(all\)': every true size from -4 to 12 has likelihood 0 with outlier 0/.test(e.message),
  );
  // With outlier > 0 the same row counts as noise.
  assert.ok(Number.isFinite(estimateOf(one, { fitTolerance: 0 }).size));
});

test('a column option given as undefined keeps its default (fit feedback is read)', () => {
  // Before: `{ fit: undefined }` replaced 'fit' and every row lost its feedback (a: 8.55 instead of 7.59).
  const d = tinyDataset([
    { user: 'a', item: 'x', size: 8, fit: 'fit' },
    { user: 'a', item: 'y', size: 8, fit: 'fit' },
    { user: 'a', item: 'z', size: 10, fit: 'large' },
    { user: 'b', item: 'x', size: 6, fit: 'small' },
  ]);
  const columns = { user: undefined, size: undefined, fit: undefined, returned: undefined, system: undefined };
  const given = customerSizeProfiles(d, { step: 2, columns });
  const plain = customerSizeProfiles(d, { step: 2 });
  for (const u of ['a', 'b']) assert.deepEqual(given.get(u), plain.get(u));
  assert.ok(Math.abs(given.get('a')!.systems[0].estimate.size - 7.586) < 1e-3);
});
