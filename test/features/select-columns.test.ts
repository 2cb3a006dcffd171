import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  InvalidArgumentError,
  completeRows,
  matrixFromRows,
  matrixToRows,
  selectColumns,
  takeMatrixRows,
} from '../../lib/index.js';

test('selectColumns: by name and index, in the given order', () => {
  const X = matrixFromRows(
    [
      [1, 2, 3],
      [4, 5, 6],
    ],
    ['a', 'b', 'c'],
  );
  const Y = selectColumns(X, ['c', 0]);
  assert.deepEqual(Y.names, ['c', 'a']);
  assert.deepEqual(matrixToRows(Y), [
    [3, 1],
    [6, 4],
  ]);
  assert.throws(() => selectColumns(X, ['d']), /no column "d"/);
  assert.throws(() => selectColumns(X, [3]), InvalidArgumentError);
  assert.throws(() => selectColumns(X, ['a', 0]), /twice/);
  assert.throws(() => selectColumns(X, []), InvalidArgumentError);
});

test('completeRows: indices of the rows without NaN', () => {
  const X = matrixFromRows(
    [
      [1, 2],
      [NaN, 2],
      [3, 4],
      [5, NaN],
      [0, 0],
    ],
    ['a', 'b'],
  );
  assert.deepEqual(Array.from(completeRows(X)), [0, 2, 4]);
  assert.deepEqual(Array.from(completeRows(selectColumns(X, ['a']))), [0, 2, 3, 4]);
  assert.equal(completeRows(matrixFromRows([[NaN]])).length, 0);
});

test('takeMatrixRows: rows in the given order; a fractional or out-of-range index is refused', () => {
  const rows = [
    [1, 2],
    [3, 4],
    [5, 6],
  ];
  const X = matrixFromRows(rows, ['a', 'b']);
  assert.deepEqual(matrixToRows(takeMatrixRows(X, [2, 0, 2])), [rows[2], rows[0], rows[2]]);
  for (const bad of [0.5, 1.25, -1, 3, NaN]) {
    assert.throws(() => takeMatrixRows(X, [0, bad]), InvalidArgumentError, `index ${bad}`);
  }
});
