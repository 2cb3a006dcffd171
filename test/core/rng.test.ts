import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng, InvalidArgumentError } from '../../lib/index.js';

test('the same seed gives the same sequence; another seed another', () => {
  const a = new Rng(42);
  const b = new Rng(42);
  const c = new Rng(43);
  const xa = Array.from({ length: 20 }, () => a.next());
  const xb = Array.from({ length: 20 }, () => b.next());
  const xc = Array.from({ length: 20 }, () => c.next());
  assert.deepEqual(xa, xb);
  assert.notDeepEqual(xa, xc);
  for (const x of xa) assert.ok(x >= 0 && x < 1);
});

test('distinct seeds give distinct sequences: negative, large and small ones; fractions are refused', () => {
  // Before: the seed was folded to 32 bits by XOR, so -1 ran as 0, -2 as 1 and 2^32 + 1 as 0.
  const first = (seed: number): number[] => {
    const r = new Rng(seed);
    return Array.from({ length: 8 }, () => r.nextUint32());
  };
  const seeds = [0, 1, 2, -1, -2, -3, 2 ** 32, 2 ** 32 + 1, -(2 ** 32), 2 ** 40, Number.MAX_SAFE_INTEGER];
  const seen = new Set(seeds.map((s) => first(s).join(',')));
  assert.equal(seen.size, seeds.length);
  assert.deepEqual(first(-7), first(-7));
  for (const bad of [0.5, 1.5, -0.9, 2 ** 60, NaN, Infinity]) {
    assert.throws(
      () => new Rng(bad),
      (e: unknown) => e instanceof InvalidArgumentError && /safe integer/.test(e.message),
    );
  }
});

test('uniform draws have the right mean and normal draws the right moments', () => {
  const r = new Rng(7);
  const n = 200_000;
  let s = 0;
  let s1 = 0;
  let s2 = 0;
  for (let i = 0; i < n; i++) {
    s += r.next();
    const z = r.normal(3, 2);
    s1 += z;
    s2 += z * z;
  }
  assert.ok(Math.abs(s / n - 0.5) < 0.005);
  const mean = s1 / n;
  const sd = Math.sqrt(s2 / n - mean * mean);
  assert.ok(Math.abs(mean - 3) < 0.02, `mean ${mean}`);
  assert.ok(Math.abs(sd - 2) < 0.02, `sd ${sd}`);
});

test('int, categorical and permutation cover their range with the right frequencies', () => {
  const r = new Rng(1);
  const counts = [0, 0, 0];
  for (let i = 0; i < 60_000; i++) counts[r.categorical([1, 2, 3])]++;
  assert.ok(Math.abs(counts[0] / 60_000 - 1 / 6) < 0.01);
  assert.ok(Math.abs(counts[2] / 60_000 - 1 / 2) < 0.01);
  const p = Array.from(r.permutation(50)).sort((x, y) => x - y);
  assert.deepEqual(
    p,
    Array.from({ length: 50 }, (_, i) => i),
  );
  for (let i = 0; i < 1000; i++) {
    const k = r.int(7);
    assert.ok(Number.isInteger(k) && k >= 0 && k < 7);
  }
  assert.throws(() => r.int(0), InvalidArgumentError);
  assert.throws(() => new Rng(Number.NaN), InvalidArgumentError);
});
