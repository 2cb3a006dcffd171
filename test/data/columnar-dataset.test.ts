// ColumnarDataset row access: indices that are not rows are refused, never read as invented rows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ColumnarDataset, InvalidArgumentError, parseFitData, type Column } from '../../lib/index.js';

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

const meta = { name: 'built', source: 'test', format: 'test', sha256: '' };
const built = (
  schema: { name: string; type: 'number' | 'category' | 'date' }[],
  cols: [string, Column][],
  n: number,
): ColumnarDataset =>
  new ColumnarDataset(
    schema.map((f) => ({ ...f, description: '' })),
    new Map(cols),
    new Int32Array(n),
    meta,
  );
const refusedWith =
  (re: RegExp) =>
  (e: unknown): boolean =>
    e instanceof InvalidArgumentError && re.test(e.message);

test('the constructor refuses a column whose kind does not match its schema type, naming the column', () => {
  // Before: accepted; numbers('v') then failed later, far from where the dataset was built.
  const cat: Column = { type: 'category', codes: Int32Array.of(0, 0), categories: ['x'] };
  const num: Column = { type: 'number', values: Float64Array.of(1, NaN) };
  assert.throws(() => built([{ name: 'v', type: 'number' }], [['v', cat]], 2), refusedWith(/column 'v' .*'number'/));
  assert.throws(() => built([{ name: 'd', type: 'date' }], [['d', cat]], 2), refusedWith(/column 'd' .*'date'/));
  assert.throws(
    () => built([{ name: 'c', type: 'category' }], [['c', num]], 2),
    refusedWith(/column 'c' .*'category'/),
  );
  const ok = built(
    [
      { name: 'c', type: 'category' },
      { name: 'v', type: 'number' },
      { name: 'd', type: 'date' },
    ],
    [
      ['c', cat],
      ['v', num],
      ['d', num],
    ],
    2,
  );
  assert.deepEqual(ok.toRecords(), [
    { c: 'x', v: 1, d: 1 },
    { c: 'x', v: null, d: null },
  ]);
});

test('the constructor refuses a category code past the categories or below -1, naming the column and the row', () => {
  // Before: accepted, and value('c', 1) was undefined (neither a category nor null).
  const codes = (...k: number[]): Column => ({ type: 'category', codes: Int32Array.from(k), categories: ['a', 'b'] });
  const one = (c: Column): ColumnarDataset => built([{ name: 'c', type: 'category' }], [['c', c]], 3);
  assert.throws(() => one(codes(0, 2, 1)), refusedWith(/column 'c' row 1: category code 2 .*0 to 1 \(2 categories\)/));
  assert.throws(() => one(codes(0, 1, -7)), refusedWith(/column 'c' row 2: category code -7/));
  assert.throws(
    () =>
      built(
        [{ name: 'e', type: 'category' }],
        [['e', { type: 'category', codes: Int32Array.of(0), categories: [] }]],
        1,
      ),
    refusedWith(/column 'e' row 0: category code 0 .*\(0 categories\)/),
  );
  const ok = one(codes(-1, 1, 0));
  assert.deepEqual(
    ok.toRecords().map((r) => r.c),
    [null, 'b', 'a'],
  );
  assert.deepEqual(
    ok
      .take([2, 0])
      .toRecords()
      .map((r) => r.c),
    ['a', null],
  );
});
