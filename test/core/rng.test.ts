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

test('categorical refuses a negative, NaN or infinite weight, naming its index and value', () => {
  // Before: [-1, 2] always gave 1, [5, -5, 1] never gave 2, [Infinity, 0] always gave the zero-weight index 1.
  const r = new Rng(3);
  const cases: [number[], RegExp][] = [
    [[-1, 2], /weights\[0\] is -1;/],
    [[5, -5, 1], /weights\[1\] is -5;/],
    [[Infinity, 0], /weights\[0\] is Infinity;/],
    [[1, 2, -Infinity], /weights\[2\] is -Infinity;/],
    [[1, NaN], /weights\[1\] is NaN;/],
    [[Infinity, -1], /weights\[0\] is Infinity;/],
    [[2, Infinity, 1], /weights\[1\] is Infinity;/],
  ];
  for (const [weights, message] of cases) {
    assert.throws(
      () => r.categorical(weights),
      (e: unknown) =>
        e instanceof InvalidArgumentError && message.test(e.message) && /^Rng\.categorical/.test(e.message),
      JSON.stringify(weights),
    );
  }
  assert.throws(() => r.categorical([0, 0, 0]), /all 3 weights are 0/);
  assert.throws(() => r.categorical([]), /no weights/);
});

test('categorical draws in proportion to finite weights whose sum overflows, never a zero weight', () => {
  // Before: the sum was Infinity, so every draw ran past the weights and returned the last (zero-weight) index.
  const r = new Rng(5);
  const counts = [0, 0, 0, 0];
  const n = 40_000;
  for (let i = 0; i < n; i++) counts[r.categorical([1e308, 1e308, 0, 0.5e308])]++;
  assert.equal(counts[2], 0);
  assert.ok(Math.abs(counts[0] / n - 0.4) < 0.01, `${counts}`);
  assert.ok(Math.abs(counts[1] / n - 0.4) < 0.01, `${counts}`);
  assert.ok(Math.abs(counts[3] / n - 0.2) < 0.01, `${counts}`);
  for (let i = 0; i < 1000; i++) assert.equal(r.categorical([Number.MAX_VALUE, Number.MAX_VALUE, 0]) < 2, true);
});

/** An Rng whose next() always gives its largest value, 1 - 2^-53: the top edge of every draw, deterministically. */
class TopRng extends Rng {
  override next(): number {
    return 1 - 2 ** -53;
  }
}

test('uniform never returns hi, also where lo + (hi - lo) * next() rounds up to it', () => {
  // Before: uniform(0.2, 0.7) returned 0.7 at next()'s largest value, and uniform(1e16, 1e16 + 4) returned hi in a
  // quarter of the draws of a seeded stream.
  const top = new TopRng(1);
  const cases: [number, number, number][] = [
    [0.2, 0.7, 0.7 - 2 ** -53], // 0.7 is in [0.5, 1): its ulp is 2^-53
    [0.1, 0.3, 0.29999999999999993],
    [-0.3, -0.1, -0.10000000000000003],
    [1, 1 + 2 ** -50, 1 + 2 ** -50 - 2 ** -52],
    [1e16, 1e16 + 4, 1e16 + 2],
    [-Number.MIN_VALUE, 0, -Number.MIN_VALUE], // hi = 0: the step goes below 0
    [0, Number.MIN_VALUE, 0],
  ];
  for (const [lo, hi, expected] of cases) {
    const v = top.uniform(lo, hi);
    assert.ok(v >= lo && v < hi, `uniform(${lo}, ${hi}) gave ${v}`);
    assert.equal(v, expected, `uniform(${lo}, ${hi})`);
  }
  assert.equal(top.uniform(3, 3), 3);
  const r = new Rng(42);
  let atHi = 0;
  for (let i = 0; i < 20_000; i++) {
    const v = r.uniform(1e16, 1e16 + 4);
    if (v === 1e16 + 4) atHi++;
    assert.ok(v >= 1e16);
  }
  assert.equal(atHi, 0);
});

test('categorical never returns a zero weight, also where rounding leaves the draw past the last weight', () => {
  // Before: at next()'s largest value these returned their last index, whose weight is 0.
  const top = new TopRng(1);
  const cases: [number[], number][] = [
    [[0.1, 0.2, 0.3, 0], 2],
    [[0.1, 0.7, 0], 1],
    [[0.3, 0.6, 0, 0], 1],
    [[0.7, 0.1, 0.2, 0], 2],
    [[1 / 3, 1 / 3, 1 / 3, 0], 2],
    [[0.7, 0, 0.1, 0.2, 0, 0], 3],
    [[1, 2, 3], 2], // a positive last weight stays the top draw
  ];
  for (const [weights, expected] of cases) assert.equal(top.categorical(weights), expected, JSON.stringify(weights));
});

test('categorical, int and normal draw the same streams as before for valid arguments', () => {
  // Pinned draws (seed 11) of the unchecked versions: the checks refuse bad arguments without moving any stream.
  const r = new Rng(11);
  const got = [r.categorical([1, 2, 3]), r.categorical([0, 5, 0.5]), r.int(7), r.int(1000), r.normal(3, 2), r.next()];
  assert.deepEqual(got, [0, 1, 2, 969, 0.6485347910653005, 0.871846517769613]);
});

test('int, permutation, uniform, normal and bernoulli refuse what they cannot draw from, naming method and value', () => {
  const r = new Rng(9);
  const refused: [() => unknown, RegExp][] = [
    // Before: int(2.5) gave 0, 1, 2 at 40/40/20%; permutation(2.5) was a permutation of 2; permutation(-1) threw a
    // RangeError; uniform(5, 1), normal(0, -1) and bernoulli(NaN) drew without complaint.
    [() => r.int(2.5), /^Rng\.int\(n\): n must be a whole number >= 1, got 2\.5$/],
    [() => r.int(0.5), /got 0\.5$/],
    [() => r.int(2 ** 60), /got 1152921504606847000$/],
    [() => r.permutation(2.5), /^Rng\.permutation\(n\): n must be a whole number in \[0, 2\^31\], got 2\.5$/],
    [() => r.permutation(-1), /^Rng\.permutation\(n\).*got -1$/],
    [() => r.permutation(NaN), /^Rng\.permutation\(n\).*got NaN$/],
    [() => r.uniform(5, 1), /^Rng\.uniform\(lo, hi\): needs finite lo <= hi, got lo 5, hi 1$/],
    [() => r.uniform(0, Infinity), /got lo 0, hi Infinity$/],
    [() => r.uniform(NaN, 1), /got lo NaN, hi 1$/],
    [() => r.uniform(-Number.MAX_VALUE, Number.MAX_VALUE), /^Rng\.uniform/],
    [() => r.normal(0, -1), /^Rng\.normal\(mean, sd\): needs a finite mean and a finite sd >= 0, got mean 0, sd -1$/],
    [() => r.normal(0, NaN), /sd NaN$/],
    [() => r.normal(0, Infinity), /sd Infinity$/],
    [() => r.normal(NaN, 1), /got mean NaN, sd 1$/],
    [() => r.bernoulli(NaN), /^Rng\.bernoulli\(p\): p must be in \[0, 1\], got NaN$/],
    [() => r.bernoulli(-0.1), /got -0\.1$/],
    [() => r.bernoulli(1.5), /got 1\.5$/],
  ];
  for (const [call, message] of refused) {
    assert.throws(call, (e: unknown) => e instanceof InvalidArgumentError && message.test(e.message), String(call));
  }
  // The edges that remain valid.
  assert.equal(r.int(1), 0);
  assert.deepEqual(Array.from(r.permutation(0)), []);
  assert.equal(r.uniform(2, 2), 2);
  assert.equal(r.normal(4, 0), 4);
  assert.equal(r.bernoulli(0), false);
  assert.equal(r.bernoulli(1), true);
});
