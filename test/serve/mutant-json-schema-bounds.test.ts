// validateJson's bounds are inclusive, as JSON Schema's are: a value at maxLength, minimum, maximum, minItems or
// maxItems is valid, one past it is a problem; and maxProblems bounds the problems returned, 0 included.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateJson, type JsonSchema } from '../../lib/index.js';

test('validateJson: a string of exactly maxLength characters is valid; one more is a problem', () => {
  const s: JsonSchema = { type: 'string', maxLength: 4 };
  assert.deepEqual(validateJson('abcd', s), []);
  assert.deepEqual(validateJson('', s), []);
  assert.deepEqual(validateJson('abcde', s), [{ path: '$', reason: 'is 5 characters long; the limit is 4' }]);
});

test('validateJson: numbers at minimum and maximum are valid; just outside them are problems', () => {
  const s: JsonSchema = { type: 'number', minimum: -2, maximum: 2.5 };
  assert.deepEqual(validateJson(-2, s), []);
  assert.deepEqual(validateJson(2.5, s), []);
  assert.deepEqual(validateJson(-2.01, s), [{ path: '$', reason: 'must be >= -2, got -2.01' }]);
  assert.deepEqual(validateJson(2.51, s), [{ path: '$', reason: 'must be <= 2.5, got 2.51' }]);
});

test('validateJson: arrays of exactly minItems and maxItems items are valid', () => {
  const s: JsonSchema = { type: 'array', minItems: 2, maxItems: 3, items: { type: 'integer' } };
  assert.deepEqual(validateJson([1, 2], s), []);
  assert.deepEqual(validateJson([1, 2, 3], s), []);
  assert.deepEqual(validateJson([1], s), [{ path: '$', reason: 'has 1 items; at least 2 needed' }]);
  assert.deepEqual(validateJson([1, 2, 3, 4], s), [{ path: '$', reason: 'has 4 items; the limit is 3' }]);
});

test('validateJson: an integer is a number; a schema for other keys checks each of them', () => {
  const s: JsonSchema = {
    type: 'object',
    properties: { n: { type: 'number' } },
    additionalProperties: { type: 'string' },
  };
  assert.deepEqual(validateJson({ n: 3, a: 'x' }, s), []);
  assert.deepEqual(validateJson({ n: 3.5, a: 'x', b: 7 }, s), [{ path: '$.b', reason: 'expected string, got number' }]);
});

test('validateJson: maxProblems 0 returns no problem; maxProblems equal to the count returns them all', () => {
  const s: JsonSchema = { type: 'array', items: { type: 'string' } };
  assert.deepEqual(validateJson(7, s, '$', 0), []);
  assert.deepEqual(validateJson([1, 2], s, '$', 0), []);
  assert.deepEqual(validateJson([1, 'a', 2], s, '$', 2), [
    { path: '$[0]', reason: 'expected string, got number' },
    { path: '$[2]', reason: 'expected string, got number' },
  ]);
  assert.equal(validateJson([1, 2, 3], s, '$', 2).length, 2);
});
