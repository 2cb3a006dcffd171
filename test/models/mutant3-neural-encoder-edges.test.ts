// The NeuralFitEncoder's numeric scaling at its edges: standardized values are clipped at -5 as at +5, and a saved
// scaler's sd must be finite and > 0 (an sd of 0 divides by zero: a value at the mean encodes as NaN). A third
// mutation round changed each without a failing test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ColumnarDataset,
  ModelFormatError,
  NeuralFitEncoder,
  resolveNeuralFitOptions,
  type Column,
  type FieldSchema,
} from '../../lib/index.js';

/** Customer, item and size of each row (sizes may be NaN = missing). */
function sizes(values: number[]): ColumnarDataset {
  const n = values.length;
  const ids = (prefix: string): Column => ({
    type: 'category',
    codes: Int32Array.from({ length: n }, (_, i) => i),
    categories: Array.from({ length: n }, (_, i) => `${prefix}${i}`),
  });
  const schema: FieldSchema[] = [
    { name: 'user_id', type: 'category', description: 'customer' },
    { name: 'item_id', type: 'category', description: 'item' },
    { name: 'size', type: 'number', description: 'size' },
  ];
  const cols = new Map<string, Column>([
    ['user_id', ids('u')],
    ['item_id', ids('i')],
    ['size', { type: 'number', values: Float64Array.from(values) }],
  ]);
  return new ColumnarDataset(schema, cols, new Int32Array(n), {
    name: 'sizes',
    source: 'generated',
    format: 'test',
    sha256: '',
  });
}

const options = resolveNeuralFitOptions({ columns: { numeric: ['size'], categorical: [] } });

test('standardized values are clipped to [-5, 5] on both sides; a missing value is 0 with its indicator 1', () => {
  // Training sizes 4, 6, 8: mean 6, population sd sqrt(8 / 3) = 1.633.
  const enc = NeuralFitEncoder.fit(sizes([4, 6, 8]), Int32Array.from([0, 1, 2]), options);
  const [s] = enc.scalers;
  assert.equal(s.mean, 6);
  assert.ok(Math.abs(s.sd - Math.sqrt(8 / 3)) < 1e-12);
  // -100 and 100 are about 65 sd from the mean; 0 is 3.67 sd below it, within the clip; NaN is missing.
  const x = enc.encode(sizes([-100, 100, 0, NaN])).numeric;
  const expected = [-5, 0, 5, 0, -6 / Math.sqrt(8 / 3), 0, 0, 1];
  assert.equal(x.length, expected.length);
  expected.forEach((v, k) => assert.ok(Math.abs(x[k] - v) < 1e-6, `numeric[${k}] = ${x[k]}, expected ${v}`));
});

test('fromJSON refuses a scaler whose sd is 0, negative or not finite, naming it', () => {
  const enc = NeuralFitEncoder.fit(sizes([4, 6, 8]), Int32Array.from([0, 1, 2]), options);
  const json = enc.toJSON();
  for (const sd of [0, -1, Infinity, NaN]) {
    const edited = structuredClone(json);
    edited.numeric[0].sd = sd;
    assert.throws(
      () => NeuralFitEncoder.fromJSON(edited),
      (e: unknown) =>
        e instanceof ModelFormatError &&
        e.message === 'neural-fit encoder: numeric[0] must be {name, mean finite, sd finite > 0}',
      `sd ${sd}`,
    );
  }
  // The unedited scaler loads and encodes as the fitted one.
  const data = sizes([5, 6, NaN]);
  assert.deepEqual(NeuralFitEncoder.fromJSON(structuredClone(json)).encode(data), enc.encode(data));
});
