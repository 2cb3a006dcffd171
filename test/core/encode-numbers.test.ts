import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ModelFormatError,
  SimpleImputer,
  decodeNumbers,
  encodeNumbers,
  estimatorFromJSON,
  matrixFromRows,
} from '../../lib/index.js';

/** The bytes of `values` as float64s: equal bytes are equal bits (-0 and 0 differ, as they must here). */
const bits = (values: ArrayLike<number>): Uint8Array => new Uint8Array(Float64Array.from(values).buffer);

test('encodeNumbers and decodeNumbers round-trip through JSON text bit for bit, -0 included', () => {
  // Before: -0 came back as 0 (JSON.stringify writes -0 as 0).
  const values = [-0, 0, NaN, Infinity, -Infinity, 1.5, -2.25, Number.MIN_VALUE, -Number.MIN_VALUE, -Number.MAX_VALUE];
  const back = decodeNumbers(JSON.parse(JSON.stringify(encodeNumbers(values))));
  assert.deepEqual(bits(back), bits(values));
  assert.ok(Object.is(back[0], -0) && Object.is(back[1], 0));
  assert.deepEqual(encodeNumbers([-0, 0, -1]), ['-0', 0, -1]);
});

test('decodeNumbers reads arrays written before "-0" existed as it always did, and still refuses other strings', () => {
  const old = JSON.parse('[0, 1.5, null, "Infinity", "-Infinity", -3]') as unknown;
  assert.deepEqual(bits(decodeNumbers(old)), bits([0, 1.5, NaN, Infinity, -Infinity, -3]));
  for (const bad of ['-0.0', '0', '+0', 'NaN', '-Infinity ']) {
    assert.throws(
      () => decodeNumbers([1, bad], 'w'),
      (e: unknown) => e instanceof ModelFormatError && e.message === `w[1] is not a number: ${JSON.stringify(bad)}`,
    );
  }
});

test('a transformer with a -0 fill value transforms the same after fromJSON(toJSON()) through JSON text', () => {
  const X = matrixFromRows([
    [1, 2],
    [NaN, 3],
  ]);
  const t = new SimpleImputer({ strategy: 'constant', fillValue: -0 }).fit(X);
  const back = estimatorFromJSON(JSON.parse(JSON.stringify(t.toJSON()))) as SimpleImputer;
  const Q = matrixFromRows([[NaN, NaN]]);
  assert.ok(Object.is(t.transform(Q).data[0], -0));
  assert.deepEqual(back.transform(Q), t.transform(Q));
});
