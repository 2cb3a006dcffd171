import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { certainlyNoDuplicateKeys, findDuplicateJsonKeys, Rng, type DuplicateJsonKey } from '../../lib/index.js';

/** The path, key and conflicting flag of each duplicate (the placing fields are tested on their own). */
const brief = (found: DuplicateJsonKey[]): Pick<DuplicateJsonKey, 'path' | 'key' | 'conflicting'>[] =>
  found.map(({ path, key, conflicting }) => ({ path, key, conflicting }));

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
    assert.deepEqual(brief(findDuplicateJsonKeys(text)), [], text);
  }
});

test('a repeated key is found with its object path and whether its values differ', () => {
  assert.deepEqual(brief(findDuplicateJsonKeys('{"fit": "small", "size": 8, "fit": "large"}')), [
    { path: '$', key: 'fit', conflicting: true },
  ]);
  assert.deepEqual(brief(findDuplicateJsonKeys('{"fit":"fit","fit":"fit"}')), [
    { path: '$', key: 'fit', conflicting: false },
  ]);
  const nested = '{"requests": [{"record": {"size": 4}}, {"record": {"size": 4, "size": 40}, "sizes": [1]}]}';
  assert.deepEqual(brief(findDuplicateJsonKeys(nested)), [
    { path: '$.requests[1].record', key: 'size', conflicting: true },
  ]);
  // a key that is not an identifier is written in brackets; values that are objects are compared as written
  assert.deepEqual(brief(findDuplicateJsonKeys('{"bust size": {"x": [1, 2]}, "bust size": {"x": [1, 2]}}')), [
    { path: '$', key: 'bust size', conflicting: false },
  ]);
  assert.deepEqual(brief(findDuplicateJsonKeys('{"odd key": {"a": 1, "a": 2}}')), [
    { path: '$["odd key"]', key: 'a', conflicting: true },
  ]);
});

test('keys are compared as JSON.parse reads them; a third occurrence that differs marks the key conflicting', () => {
  assert.deepEqual(brief(findDuplicateJsonKeys('{"a": 1, "\\u0061": 1}')), [
    { path: '$', key: 'a', conflicting: false },
  ]);
  assert.deepEqual(brief(findDuplicateJsonKeys('{"a": 1, "a": 1, "a": 2}')), [
    { path: '$', key: 'a', conflicting: true },
  ]);
  assert.deepEqual(brief(findDuplicateJsonKeys('{"a": null, "a": true, "b": false, "b": -1.5e3}')), [
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
  assert.deepEqual(brief(findDuplicateJsonKeys(text, 10, true)), [{ path: '$', key: 'fit', conflicting: true }]);
  // a key that first repeats its value and then differs is reported once, when it differs
  assert.deepEqual(brief(findDuplicateJsonKeys('{"a": 1, "a": 1, "b": 2, "b": 2, "a": 3}', 10, true)), [
    { path: '$', key: 'a', conflicting: true },
  ]);
});

test('each duplicate tells its depth and the first steps of its path', () => {
  const text = '{"a": 1, "a": 2, "requests": [{"r": {"x": 1, "x": 2}, "s": 1, "s": 2}], "odd key": {"b": 1, "b": 2}}';
  assert.deepEqual(
    findDuplicateJsonKeys(text).map(({ key, depth, head }) => ({ key, depth, head })),
    [
      { key: 'a', depth: 0, head: [] },
      { key: 'x', depth: 3, head: ['requests', 0] },
      { key: 's', depth: 2, head: ['requests', 0] },
      { key: 'b', depth: 1, head: ['odd key'] },
    ],
  );
});

test('a key repeated in every object of a deep nesting is found in memory linear in the text', () => {
  // Before: each duplicate's path was rebuilt from the root, so a 360 KB body with a conflicting key at each of its
  // 20,000 levels built 20,000 paths of up to 40,000 characters (gigabytes). The scan runs in a process whose heap is
  // capped at 64 MB, which the old scan overflowed within a second; the paths now extend their parent's.
  const depth = 20_000;
  const module = new URL('../../lib/core/index.js', import.meta.url).href;
  const script = `
    import { findDuplicateJsonKeys } from ${JSON.stringify(module)};
    const text = '{"a":1,"a":2,"b":'.repeat(${depth}) + '0' + '}'.repeat(${depth});
    const found = findDuplicateJsonKeys(text, Infinity, true);
    const last = found[found.length - 1];
    console.log(JSON.stringify({ n: found.length, depth: last.depth, head: last.head, path: last.path.length }));`;
  const r = spawnSync(
    process.execPath,
    ['--max-old-space-size=64', '--import', 'tsx', '--input-type=module', '--eval', script],
    { encoding: 'utf8', timeout: 120_000 },
  );
  assert.equal(r.status, 0, `exit ${r.status} ${r.signal}: ${r.stderr.slice(-600)}`);
  // one conflict per level, the deepest at depth 19,999 with the path $.b.b...b (two characters a level)
  assert.deepEqual(JSON.parse(r.stdout), { n: depth, depth: depth - 1, head: ['b', 'b'], path: 1 + 2 * (depth - 1) });
});
