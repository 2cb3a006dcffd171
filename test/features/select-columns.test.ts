import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvalidArgumentError, completeRows, matrixFromRows, matrixToRows, selectColumns } from '../../lib/index.js';

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
