// ColumnarDataset row access: indices that are not rows are refused, never read as invented rows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InvalidArgumentError, parseFitData } from '../../lib/index.js';

const { dataset } = parseFitData(
  [
    '{"fit": "small", "user_id": "u1", "item_id": "i1", "category": "dress", "size": 8}',
    '{"fit": "fit", "user_id": "u2", "item_id": "i2", "category": "gown", "size": 12}',
    '{"fit": "large", "user_id": "u3", "item_id": "i1", "size": 4}',
  ].join('\n'),
  { format: 'renttherunway' },
);

test('take keeps the rows asked for, in order, repeats included', () => {
  const t = dataset.take([2, 0, 0]);
  assert.deepEqual(
    t.toRecords().map((r) => [r.user_id, r.fit, r.size, r.category]),
    [
      ['u3', 'large', 4, null],
      ['u1', 'small', 8, 'dress'],
      ['u1', 'small', 8, 'dress'],
    ],
  );
  assert.deepEqual(Array.from(t.lineNumbers), [3, 1, 1]);
  assert.equal(dataset.take([]).length, 0);
});

test('take, value and toRecords refuse indices that are not rows', () => {
  // Before: take([length + 5, -1, 1.5]) gave three rows of category code 0 ('u1', 'small') and line 0.
  const refused = (f: () => unknown, re: RegExp): void => {
    assert.throws(f, (e: unknown) => e instanceof InvalidArgumentError && re.test(e.message));
  };
  refused(() => dataset.take([0, 8]), /take: index 1 is 8, not a row of .* \(0 to 2\)/);
  refused(() => dataset.take([-1]), /take: index 0 is -1, not a row/);
  refused(() => dataset.take([1.5]), /take: index 0 is 1\.5, not a row/);
  refused(() => dataset.take(Float64Array.of(NaN)), /take: index 0 is NaN, not a row/);
  refused(() => dataset.value('user_id', 3), /value: 3, not a row/);
  refused(() => dataset.toRecords(-2, 1), /toRecords: start and end must be integers/);
  assert.deepEqual(
    dataset.toRecords(1, 99).map((r) => r.user_id),
    ['u2', 'u3'],
  );
});
