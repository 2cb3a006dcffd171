// probabilitiesByUsualOffset: each available size placed by its steps from the size nearest the usual size.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AdviceHistory, InvalidArgumentError, probabilitiesByUsualOffset } from '../../lib/index.js';
import { StubFitModel, tinyDataset } from './advice-fixtures.js';

const history = new AdviceHistory(
  tinyDataset([
    // Article A comes in 4, 8, 12 and 16; c1's usual size is 8 (lower median of 8, 8, 12), c2's is 12, c3's 10.
    { user: 'x', item: 'A', size: 4, fit: 'fit' },
    { user: 'x', item: 'A', size: 16, fit: 'fit' },
    { user: 'c1', item: 'A', size: 8, fit: 'fit' },
    { user: 'c1', item: 'B', size: 8, fit: 'fit' },
    { user: 'c1', item: 'B', size: 12, fit: 'small' },
    { user: 'c2', item: 'A', size: 12, fit: 'fit' },
    { user: 'c3', item: 'B', size: 10, fit: 'fit' },
  ]),
);
// P(small) = size / 100: the mean at each offset is the mean size there, over 100.
const model = new StubFitModel((_c, _i, size) => [size / 100, 0.9 - size / 100, 0.1]);

test('probabilities are averaged by steps from the size nearest the usual size; unknown ones are skipped', () => {
  const r = probabilitiesByUsualOffset(model, history, [
    { customer: 'c1', item: 'A' },
    { customer: 'c2', item: 'A' },
    { customer: 'nobody', item: 'A' }, // no usual size
    { customer: 'c1', item: 'unknown' }, // no sizes
  ]);
  assert.equal(r.questions, 2);
  const small = r.byOffset.map((o) => [o.offset, o.rows, Math.round(o.mean[0] * 1000) / 1000]);
  // c1: 4 8 12 16 at -1 0 +1 +2; c2: at -2 -1 0 +1.
  assert.deepEqual(small, [
    [-2, 1, 0.04],
    [-1, 2, 0.06],
    [0, 2, 0.1],
    [1, 2, 0.14],
    [2, 1, 0.16],
  ]);
  for (const o of r.byOffset) assert.ok(Math.abs(o.mean[0] + o.mean[1] + o.mean[2] - 1) < 1e-12);
});

test('a tie between two sizes goes to the smaller; offsets without rows are NaN; bad offsets are refused', () => {
  // c3's usual size 10 is as near 8 as 12: 8 (index 1) is the reference.
  const r = probabilitiesByUsualOffset(model, history, [{ customer: 'c3', item: 'A' }], [0, 3]);
  assert.equal(r.byOffset[0].mean[0], 0.08);
  assert.equal(r.byOffset[1].rows, 0);
  assert.ok(r.byOffset[1].mean.every(Number.isNaN));
  assert.throws(() => probabilitiesByUsualOffset(model, history, [], [0.5]), InvalidArgumentError);
  assert.equal(probabilitiesByUsualOffset(model, history, []).questions, 0);
});

test('a question with a bad date is refused by its own index, whether or not it is skipped', () => {
  // Before: the check ran on the kept questions only, so a skipped question's NaN date passed and a kept one's was
  // named by its place among the kept.
  const refused = (questions: Parameters<typeof probabilitiesByUsualOffset>[2], index: number) =>
    assert.throws(
      () => probabilitiesByUsualOffset(model, history, questions),
      (e: unknown) => e instanceof InvalidArgumentError && e.message.startsWith(`request ${index}: date NaN`),
    );
  refused([{ customer: 'nobody', item: 'A', date: NaN }], 0);
  refused(
    [
      { customer: 'nobody', item: 'A' },
      { customer: 'c1', item: 'A', date: NaN },
    ],
    1,
  );
});
