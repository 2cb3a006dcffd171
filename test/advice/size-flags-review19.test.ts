import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sizeFlags } from '../../lib/index.js';
import { tinyDataset, type TinyRow } from './advice-fixtures.js';

// 6 articles of 4 sales each: three dresses and three tops; the first two buyers of every article report `small`.
const rows: TinyRow[] = [];
for (let a = 0; a < 6; a++) {
  for (let k = 0; k < 4; k++) {
    rows.push({
      user: `u${k}`,
      item: `i${a}`,
      size: 4,
      fit: k < 2 ? 'small' : 'fit',
      category: a < 3 ? 'dress' : 'top',
    });
  }
}
const data = tinyDataset(rows);

test('a column option given as undefined keeps its default column', () => {
  // Before: `{ category: undefined }` replaced 'category', and every article fell in one category '(none)';
  // `{ fit: undefined }` and `{ item: undefined }` replaced their columns as well.
  const plain = sizeFlags(data, { draws: 100 });
  assert.deepEqual(
    plain.map((f) => f.category),
    ['dress', 'dress', 'dress', 'top', 'top', 'top'],
  );
  for (const columns of [{ category: undefined }, { fit: undefined }, { item: undefined }, {}]) {
    assert.deepEqual(sizeFlags(data, { draws: 100, columns }), plain, JSON.stringify(Object.keys(columns)));
  }
  assert.deepEqual(
    sizeFlags(data, { draws: 100, columns: { item: undefined, category: undefined, fit: undefined } }),
    plain,
  );
});
