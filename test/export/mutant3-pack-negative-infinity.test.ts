// packLargeArrays moves an array holding '-Infinity' (the estimator JSON's encoding of -∞, as null is NaN's and
// 'Infinity' +∞'s) into the binary file like any numeric array: before no test told it apart from an array left in
// the JSON, which unpacks to the same value but keeps a large array of a model with -∞ in estimator.json.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { packLargeArrays, unpackLargeArrays } from '../../lib/index.js';

test("packLargeArrays packs null, 'Infinity' and '-Infinity' as float64 and unpackLargeArrays restores them", () => {
  const values = [1.5, '-Infinity', null, 'Infinity', -0.25];
  const { json, buffer } = packLargeArrays({ w: values }, 5);
  assert.deepEqual(json, { w: { $bin: { offset: 0, length: 5 } } });
  const f = new Float64Array(buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength));
  assert.deepEqual([...f], [1.5, -Infinity, NaN, Infinity, -0.25]);
  assert.deepEqual(unpackLargeArrays(json, buffer), { w: values });
});

test("an array of only '-Infinity' strings is numeric too; one with any other string stays in the JSON", () => {
  const negative = packLargeArrays(['-Infinity', '-Infinity', '-Infinity'], 3);
  assert.deepEqual(negative.json, { $bin: { offset: 0, length: 3 } });
  assert.deepEqual(
    [...new Float64Array(negative.buffer.buffer.slice(negative.buffer.byteOffset))],
    [-Infinity, -Infinity, -Infinity],
  );
  const other = packLargeArrays(['-Infinity', '-inf', 1], 3);
  assert.deepEqual(other.json, ['-Infinity', '-inf', 1]);
  assert.equal(other.buffer.byteLength, 0);
});
