// Gaps found by mutation testing of lib/core: negative seeds, small shuffles, the default seed, and the checks
// a model's JSON goes through when it loads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ModelFormatError,
  Rng,
  checkEstimatorJSON,
  checkFiniteValues,
  seedOption,
  shownValue,
} from '../../lib/index.js';

const draws = (seed: number): number[] => {
  const rng = new Rng(seed);
  return Array.from({ length: 4 }, () => rng.nextUint32());
};

test('a negative seed does not alias the seed with the same low 32 bits (-1 and 2^32 - 1)', () => {
  // The low 32 bits of -1 and of 2^32 - 1 are equal: only the high bits (-1 for a small negative seed) tell them apart.
  for (const s of [-1, -5, -123456]) assert.notDeepEqual(draws(s), draws(s + 2 ** 32), `seed ${s}`);
});

test('permutation of 2 or 3 values draws every order, about equally often', () => {
  const rng = new Rng(7);
  const counts = new Map<string, number>();
  const n = 3000;
  for (let k = 0; k < n; k++) {
    const p = Array.from(rng.permutation(2)).join(',');
    counts.set(p, (counts.get(p) ?? 0) + 1);
  }
  assert.deepEqual([...counts.keys()].sort(), ['0,1', '1,0']);
  for (const c of counts.values()) assert.ok(Math.abs(c / n - 0.5) < 0.05, `${c} of ${n}`);
  // Each value of 0..2 comes first in about a third of the permutations of 3.
  const first = [0, 0, 0];
  for (let k = 0; k < n; k++) first[rng.permutation(3)[0]]++;
  for (const c of first) assert.ok(Math.abs(c / n - 1 / 3) < 0.05, `first ${first}`);
});

test('seedOption: an absent seed is 0 and a given one is kept', () => {
  assert.equal(seedOption(undefined, 'model'), 0);
  assert.equal(seedOption(0, 'model'), 0);
  assert.equal(seedOption(-3, 'model'), -3);
  assert.throws(() => seedOption(1.5, 'model'), /model: seed must be a safe integer/);
});

test('checkFiniteValues: 0 is refused as positive and accepted as non-negative', () => {
  assert.doesNotThrow(() => checkFiniteValues([1, 0.5], 'w', 'positive'));
  assert.throws(
    () => checkFiniteValues([1, 0], 'w', 'positive'),
    (e: unknown) => e instanceof ModelFormatError && /w\[1\] is 0/.test(e.message),
  );
  assert.doesNotThrow(() => checkFiniteValues([1, 0], 'w', 'non-negative'));
  assert.throws(() => checkFiniteValues([1, -0.5], 'w', 'non-negative'), ModelFormatError);
});

test('checkEstimatorJSON refuses a format version the reader does not list', () => {
  const ok = checkEstimatorJSON({ kind: 'k', version: 2 }, 'k', [1, 2]);
  assert.equal(ok.version, 2);
  assert.throws(
    () => checkEstimatorJSON({ kind: 'k', version: 3 }, 'k', [1, 2]),
    (e: unknown) => e instanceof ModelFormatError && /version 3 is not supported/.test(e.message),
  );
  assert.throws(() => checkEstimatorJSON({ kind: 'other', version: 1 }, 'k', [1]), ModelFormatError);
});

test('shownValue names null as null, not as an object', () => {
  assert.equal(shownValue(null), 'null (null)');
  assert.equal(shownValue('5'), '"5" (string)');
  assert.equal(shownValue({}), '{} (object)');
});
