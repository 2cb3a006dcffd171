import { test } from 'node:test';
import assert from 'node:assert/strict';
import { certainlyNoDuplicateKeys, findDuplicateJsonKeys, Rng } from '../../lib/index.js';

test('a JSON text without repeated keys has no duplicates, at any depth and with keys inside strings', () => {
  for (const text of [
    '{}',
    '[]',
    '"a"',
    '12',
    '{"a": 1, "b": {"a": 1, "b": [{"a": 1}, {"a": 2}]}}',
    '{"a": "\\"a\\": 1, \\"a\\": 2", "b": "x"}',
    '[{"a": 1}, {"a": 1}]',
    '{"a\\\\": 1, "a": 2}',
  ]) {
    JSON.parse(text);
    assert.deepEqual(findDuplicateJsonKeys(text), [], text);
  }
});

test('a repeated key is found with its object path and whether its values differ', () => {
  assert.deepEqual(findDuplicateJsonKeys('{"fit": "small", "size": 8, "fit": "large"}'), [
    { path: '$', key: 'fit', conflicting: true },
  ]);
  assert.deepEqual(findDuplicateJsonKeys('{"fit":"fit","fit":"fit"}'), [{ path: '$', key: 'fit', conflicting: false }]);
  const nested = '{"requests": [{"record": {"size": 4}}, {"record": {"size": 4, "size": 40}, "sizes": [1]}]}';
  assert.deepEqual(findDuplicateJsonKeys(nested), [{ path: '$.requests[1].record', key: 'size', conflicting: true }]);
  // a key that is not an identifier is written in brackets; values that are objects are compared as written
  assert.deepEqual(findDuplicateJsonKeys('{"bust size": {"x": [1, 2]}, "bust size": {"x": [1, 2]}}'), [
    { path: '$', key: 'bust size', conflicting: false },
  ]);
  assert.deepEqual(findDuplicateJsonKeys('{"odd key": {"a": 1, "a": 2}}'), [
    { path: '$["odd key"]', key: 'a', conflicting: true },
  ]);
});

test('keys are compared as JSON.parse reads them; a third occurrence that differs marks the key conflicting', () => {
  assert.deepEqual(findDuplicateJsonKeys('{"a": 1, "\\u0061": 1}'), [{ path: '$', key: 'a', conflicting: false }]);
  assert.deepEqual(findDuplicateJsonKeys('{"a": 1, "a": 1, "a": 2}'), [{ path: '$', key: 'a', conflicting: true }]);
  assert.deepEqual(findDuplicateJsonKeys('{"a": null, "a": true, "b": false, "b": -1.5e3}'), [
    { path: '$', key: 'a', conflicting: true },
    { path: '$', key: 'b', conflicting: true },
  ]);
});

test('the scan stops at the limit and handles nesting deeper than the call stack', () => {
  const many = `{${Array.from({ length: 30 }, (_, k) => `"k${k}": 1, "k${k}": 2`).join(', ')}}`;
  assert.equal(findDuplicateJsonKeys(many).length, 10);
  assert.equal(findDuplicateJsonKeys(many, 3).length, 3);
  const deep = `${'{"a":'.repeat(20000)}{"b": 1, "b": 2}${'}'.repeat(20000)}`;
  const found = findDuplicateJsonKeys(deep);
  assert.equal(found.length, 1);
  assert.equal(found[0].key, 'b');
  assert.ok(found[0].path.startsWith('$.a.a.a'));
});

test('certainlyNoDuplicateKeys is never sure of a text with a repeated key, and sure of plain flat records', () => {
  assert.equal(certainlyNoDuplicateKeys('{"a": 1, "b": "x"}', { a: 1, b: 'x' }), true);
  assert.equal(certainlyNoDuplicateKeys('{"a": "10:30", "b": "\\"}', { a: '10:30', b: '\\' }), true);
  assert.equal(certainlyNoDuplicateKeys('{"a": 1, "a": 2}', { a: 2 }), false);
  assert.equal(certainlyNoDuplicateKeys('{"a" : 1 , "a"\t: 2}', { a: 2 }), false);
  assert.equal(certainlyNoDuplicateKeys('{"a": {"b": 1}}', { a: { b: 1 } }), false);
  // random flat records: keys from a small set (so some repeat), values with colons, quotes and spaces
  const rng = new Rng(7);
  const pieces = ['1', 'null', ' "y" ', ...['x', ':', 'a": 1', '\\":', '10:30'].map((v) => JSON.stringify(v))];
  let repeated = 0;
  let sure = 0;
  for (let t = 0; t < 2000; t++) {
    const n = 1 + Math.floor(rng.next() * 5);
    const parts: string[] = [];
    for (let k = 0; k < n; k++) {
      const key = JSON.stringify(['a', 'b', 'c', 'a:b', 'd"'][Math.floor(rng.next() * 5)]);
      const value = pieces[Math.floor(rng.next() * pieces.length)];
      parts.push(`${key}${rng.next() < 0.3 ? ' ' : ''}:${value}`);
    }
    const text = `{${parts.join(', ')}}`;
    const parsed = JSON.parse(text) as Record<string, unknown>;
    const dups = findDuplicateJsonKeys(text);
    assert.equal(dups.length > 0, n > Object.keys(parsed).length, text);
    if (dups.length > 0) {
      repeated++;
      assert.equal(certainlyNoDuplicateKeys(text, parsed), false, text);
    } else if (certainlyNoDuplicateKeys(text, parsed)) sure++;
  }
  assert.ok(repeated > 500, `only ${repeated} texts with a repeated key`);
  assert.ok(sure > 100, `sure of only ${sure} texts without one`);
});

test('with conflictingOnly, harmless repeats neither hide nor crowd out a conflicting key', () => {
  // Before: the callers kept the conflicting keys of the first 10 duplicates, so ten harmless repeats hid a conflict.
  const harmless = Array.from({ length: 12 }, (_, k) => `"k${k}": 1, "k${k}": 1`).join(', ');
  const text = `{${harmless}, "fit": "small", "fit": "large"}`;
  assert.equal(findDuplicateJsonKeys(text).length, 10);
  assert.deepEqual(findDuplicateJsonKeys(text, 10, true), [{ path: '$', key: 'fit', conflicting: true }]);
  // a key that first repeats its value and then differs is reported once, when it differs
  assert.deepEqual(findDuplicateJsonKeys('{"a": 1, "a": 1, "b": 2, "b": 2, "a": 3}', 10, true), [
    { path: '$', key: 'a', conflicting: true },
  ]);
});
