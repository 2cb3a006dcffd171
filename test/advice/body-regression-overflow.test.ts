// The body-size regression of an advice history whose least-squares coefficients lie beyond the float range, although
// every sum of its normal equations is finite and every pivot is well above zero: the regression must say it has no
// finite solution, not pass off infinite coefficients as a regression that is "too few, or collinear".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AdviceHistory, ColumnarDataset, type Column } from '../../lib/index.js';
import { BODY_SIZE_SCHEMA } from './advice-fixtures.js';

/**
 * 12 customers with two 'fit' purchases each: band `k * 1e-5` and size `k * sizeStep` for a whole number k = 0-3, weight
 * and height varying on their own (0.5-1.5, hostile but finite). Least squares is then exact:
 * size = 0 + 0 weight + 0 height + (sizeStep / 1e-5) band, with every sum of products far inside the float range.
 */
function history(sizeStep: number): ColumnarDataset {
  const users: string[] = [];
  const items: string[] = [];
  const size: number[] = [];
  const w: number[] = [];
  const h: number[] = [];
  const b: number[] = [];
  for (let c = 0; c < 12; c++) {
    const k = c % 4;
    for (const item of ['d1', 'd2']) {
      users.push(`u${c}`);
      items.push(item);
      w.push(0.5 + (c % 3) * 0.5);
      h.push(0.5 + ((c * 7) % 5) * 0.25);
      b.push(k * 1e-5);
      size.push(k * sizeStep);
    }
  }
  const dict = (values: string[]): Column => {
    const categories = [...new Set(values)];
    return { type: 'category', categories, codes: Int32Array.from(values, (v) => categories.indexOf(v)) };
  };
  const num = (values: number[]): Column => ({ type: 'number', values: Float64Array.from(values) });
  return new ColumnarDataset(
    BODY_SIZE_SCHEMA,
    new Map<string, Column>([
      ['user_id', dict(users)],
      ['item_id', dict(items)],
      ['size', num(size)],
      ['fit', dict(users.map(() => 'fit'))],
      ['weight_kg', num(w)],
      ['height_cm', num(h)],
      ['bust_band', num(b)],
    ]),
    Int32Array.from(users, (_, i) => i + 1),
    { name: 'hand-made.jsonl', source: 'hand-made.jsonl', format: 'test', sha256: 'abc' },
  );
}

test('a body regression with a finite slope beyond 1e300 is fitted: the coefficients are least squares', () => {
  // Sizes up to 3e299: the slope 1e299 / 1e-5 = 1e304 is finite, so the regression exists and is exact.
  const est = new AdviceHistory(history(1e299)).bodySize!;
  assert.equal(est.rows, 24);
  const c = est.coefficients!;
  assert.ok(c !== null, String(est.why));
  assert.ok(Math.abs(c[3] / 1e304 - 1) < 1e-6, `slope ${c[3]}`);
  // The other coefficients are 0 up to the rounding of a problem whose sizes are about 1e299.
  for (const j of [0, 1, 2]) assert.ok(Math.abs(c[j]) < 1e-6 * 1e299, `coefficient ${j}: ${c[j]}`);
});

test('a body regression whose least-squares slope is beyond the float range has no finite solution, and says so', () => {
  // Sizes up to 3e304 (finite, and so is every sum of the normal equations), but the slope 1e304 / 1e-5 = 1e309 is not
  // a float. Without the check of the plain solution, its infinite coefficients were read as a singular regression.
  const data = history(1e304);
  for (const s of data.numbers('size')) assert.ok(Number.isFinite(s));
  const est = new AdviceHistory(data).bodySize!;
  assert.equal(est.coefficients, null);
  assert.equal(est.rows, 24);
  assert.equal(est.why, 'the body regression has no finite solution');
});
