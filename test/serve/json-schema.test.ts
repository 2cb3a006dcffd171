import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jsonPathKey, validateJson, type JsonSchema } from '../../lib/index.js';

const schema: JsonSchema = {
  type: 'object',
  required: ['a'],
  additionalProperties: false,
  properties: {
    a: { type: 'array', maxItems: 2, items: { type: 'integer', minimum: 0 } },
    'b c': { type: ['string', 'null'], maxLength: 3 },
    d: { enum: ['x', 'y'] },
  },
};

test('validateJson: a valid value has no problems', () => {
  assert.deepEqual(validateJson({ a: [0, 5], 'b c': null, d: 'x' }, schema), []);
});

test('validateJson: each problem has its JSON path and reason', () => {
  assert.deepEqual(validateJson({ a: [1, -2], 'b c': 'long', d: 'z', e: 1 }, schema), [
    { path: '$.a[1]', reason: 'must be >= 0, got -2' },
    { path: '$["b c"]', reason: 'is 4 characters long; the limit is 3' },
    { path: '$.d', reason: 'must be one of "x", "y"' },
    { path: '$.e', reason: 'is not a known field (known: a, b c, d)' },
  ]);
  assert.deepEqual(validateJson({ a: [1.5] }, schema), [{ path: '$.a[0]', reason: 'expected integer, got number' }]);
  assert.deepEqual(validateJson({ a: [1, 2, 3] }, schema), [{ path: '$.a', reason: 'has 3 items; the limit is 2' }]);
  assert.deepEqual(validateJson([], schema), [{ path: '$', reason: 'expected object, got array' }]);
  assert.deepEqual(validateJson({}, schema), [{ path: '$.a', reason: 'is required' }]);
});

test('validateJson stops at maxProblems; jsonPathKey quotes keys that are not identifiers', () => {
  const many = { a: [-1, -1], x: 1, y: 2, z: 3 };
  assert.equal(validateJson(many, schema, '$', 3).length, 3);
  // An object lacking several required fields at once: still at most maxProblems (it gave all four).
  const required: JsonSchema = { type: 'object', required: ['a', 'b', 'c', 'd'], properties: {} };
  assert.deepEqual(validateJson({}, required, '$', 2), [
    { path: '$.a', reason: 'is required' },
    { path: '$.b', reason: 'is required' },
  ]);
  assert.equal(validateJson({}, required).length, 4);
  assert.equal(jsonPathKey('$', 'bust size'), '$["bust size"]');
  assert.equal(jsonPathKey('$', 'height_cm'), '$.height_cm');
});

test('validateJson: maxDepth bounds the nesting of a value, checked without recursion at any depth', () => {
  const s: JsonSchema = { type: 'object', additionalProperties: { maxDepth: 2 } };
  assert.deepEqual(validateJson({ a: 1, b: [1, { c: 'x' }], c: { d: [] } }, s), []);
  assert.deepEqual(validateJson({ a: [[[]]] }, s), [
    { path: '$.a', reason: 'nests arrays and objects more than 2 levels deep' },
  ]);
  // 100,000 levels (JSON.stringify overflows the stack on them)
  const deep = JSON.parse('['.repeat(100_000) + ']'.repeat(100_000)) as unknown;
  assert.deepEqual(validateJson({ x: deep }, s), [
    { path: '$.x', reason: 'nests arrays and objects more than 2 levels deep' },
  ]);
});
