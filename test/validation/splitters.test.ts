import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  GroupKFold,
  HoldoutSplit,
  InvalidArgumentError,
  KFold,
  Rng,
  StratifiedKFold,
  TemporalSplit,
  type Fold,
} from '../../lib/index.js';

/** Asserts that the test folds partition 0..n-1 and each train is the complement of its test. */
function assertPartition(folds: Fold[], n: number): void {
  const seen = new Int32Array(n);
  for (const f of folds) {
    for (const i of f.test) seen[i]++;
    assert.equal(f.train.length + f.test.length, n);
    const inTest = new Set(f.test);
    for (const i of f.train) assert.ok(!inTest.has(i));
    for (let i = 1; i < f.train.length; i++) assert.ok(f.train[i - 1] < f.train[i]);
    for (let i = 1; i < f.test.length; i++) assert.ok(f.test[i - 1] < f.test[i]);
  }
  assert.deepEqual(Array.from(seen), new Array(n).fill(1));
}

const rng = new Rng(42);
const n = 103;
const labels = Int32Array.from({ length: n }, () => rng.categorical([0.6, 0.3, 0.1]));
const groups = Int32Array.from({ length: n }, () => rng.int(17));
const times = Float64Array.from({ length: n }, () => rng.int(40));

test('KFold: folds partition 0..n-1 with sizes differing by at most 1', () => {
  const folds = new KFold({ k: 5, seed: 1 }).split(n);
  assert.equal(folds.length, 5);
  assertPartition(folds, n);
  assert.deepEqual(
    folds.map((f) => f.test.length),
    [21, 21, 21, 20, 20],
  );
  const plain = new KFold({ k: 2, shuffle: false }).split(5);
  assert.deepEqual(Array.from(plain[0].test), [0, 1, 2]);
  assert.deepEqual(Array.from(plain[1].test), [3, 4]);
});

test('KFold: a seed reproduces the folds, another seed changes them', () => {
  const a = new KFold({ k: 4, seed: 9 }).split(n);
  const b = new KFold({ k: 4, seed: 9 }).split(n);
  const c = new KFold({ k: 4, seed: 10 }).split(n);
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
});

test('StratifiedKFold: each class share per test fold is within 1 row of n_c / k', () => {
  const k = 5;
  const folds = new StratifiedKFold({ k, seed: 3 }).split(n, labels);
  assertPartition(folds, n);
  for (let c = 0; c < 3; c++) {
    let nc = 0;
    for (const v of labels) if (v === c) nc++;
    for (const f of folds) {
      let m = 0;
      for (const i of f.test) if (labels[i] === c) m++;
      assert.ok(Math.abs(m - nc / k) < 1, `class ${c}: ${m} rows vs ${nc / k}`);
    }
  }
  const sizes = folds.map((f) => f.test.length);
  assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 1);
  assert.deepEqual(folds, new StratifiedKFold({ k, seed: 3 }).split(n, labels));
  assert.throws(() => new StratifiedKFold().split(n), /needs labels/);
});

test('GroupKFold: no group is shared between train and test, and folds are balanced', () => {
  const folds = new GroupKFold({ k: 4, seed: 2 }).split(n, undefined, groups);
  assertPartition(folds, n);
  for (const f of folds) {
    const testGroups = new Set(Array.from(f.test, (i) => groups[i]));
    for (const i of f.train) assert.ok(!testGroups.has(groups[i]), `group ${groups[i]} cut across a fold`);
  }
  const sizes = folds.map((f) => f.test.length);
  assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 10, `sizes ${sizes}`);
  assert.deepEqual(folds, new GroupKFold({ k: 4, seed: 2 }).split(n, undefined, groups));
  assert.throws(() => new GroupKFold({ k: 3 }).split(4, undefined, [1, 1, 2, 2]), /2 distinct groups/);
});

test('TemporalSplit by cut: train strictly before the cut, test at or after', () => {
  const [f] = new TemporalSplit({ cut: 30 }).split(n, undefined, undefined, times);
  assertPartition([{ train: new Int32Array(0), test: Int32Array.from([...f.train, ...f.test]).sort() }], n);
  for (const i of f.train) assert.ok(times[i] < 30);
  for (const i of f.test) assert.ok(times[i] >= 30);
  assert.throws(() => new TemporalSplit({ cut: 100 }).split(n, undefined, undefined, times), /no test/);
  assert.throws(() => new TemporalSplit({ cut: 3 }).split(4), /needs times/);
});

test('TemporalSplit by testFraction: latest ~20% of rows, ties kept on one side', () => {
  const [f] = new TemporalSplit({ testFraction: 0.2 }).split(n, undefined, undefined, times);
  const maxTrain = Math.max(...Array.from(f.train, (i) => times[i]));
  const minTest = Math.min(...Array.from(f.test, (i) => times[i]));
  assert.ok(maxTrain < minTest);
  assert.equal(f.train.length + f.test.length, n);
  assert.ok(Math.abs(f.test.length - 0.2 * n) <= 6, `${f.test.length} test rows`);
});

test('TemporalSplit expanding window: each fold trains on everything before its test block', () => {
  const folds = new TemporalSplit({ folds: 4 }).split(n, undefined, undefined, times);
  assert.equal(folds.length, 4);
  let prevTrain = 0;
  const tested = new Set<number>();
  for (const f of folds) {
    const maxTrain = Math.max(...Array.from(f.train, (i) => times[i]));
    const minTest = Math.min(...Array.from(f.test, (i) => times[i]));
    assert.ok(maxTrain < minTest);
    assert.ok(f.train.length > prevTrain);
    prevTrain = f.train.length;
    for (const i of f.test) {
      assert.ok(!tested.has(i));
      tested.add(i);
    }
  }
  // The 4 test blocks cover all but the first of 5 blocks: about 4/5 of the rows.
  assert.ok(Math.abs(tested.size - (4 / 5) * n) <= 8, `${tested.size} tested`);
  assert.throws(() => new TemporalSplit({ folds: 3 }).split(3, undefined, undefined, [1, 1, 2]), /distinct times/);
});

test('HoldoutSplit random, stratified and by group', () => {
  const [r] = new HoldoutSplit({ testFraction: 0.25, seed: 4 }).split(n);
  assert.equal(r.test.length, Math.round(0.25 * n));
  assert.equal(r.train.length + r.test.length, n);
  const [s] = new HoldoutSplit({ testFraction: 0.25, strategy: 'stratified', seed: 4 }).split(n, labels);
  for (let c = 0; c < 3; c++) {
    let nc = 0;
    let m = 0;
    for (let i = 0; i < n; i++) if (labels[i] === c) nc++;
    for (const i of s.test) if (labels[i] === c) m++;
    assert.equal(m, Math.round(nc * 0.25));
  }
  const [g] = new HoldoutSplit({ testFraction: 0.25, strategy: 'group', seed: 4 }).split(n, undefined, groups);
  const testGroups = new Set(Array.from(g.test, (i) => groups[i]));
  for (const i of g.train) assert.ok(!testGroups.has(groups[i]));
  assert.ok(g.test.length >= 0.25 * n);
  assert.deepEqual(new HoldoutSplit({ seed: 4 }).split(n), new HoldoutSplit({ seed: 4 }).split(n));
  assert.throws(() => new HoldoutSplit({ testFraction: 1 }), InvalidArgumentError);
  assert.throws(() => new HoldoutSplit({ strategy: 'group' }).split(n), /needs groups/);
});

test('splitters reject bad arguments', () => {
  assert.throws(() => new KFold({ k: 1 }), InvalidArgumentError);
  assert.throws(() => new KFold({ k: 5 }).split(3), InvalidArgumentError);
  assert.throws(() => new StratifiedKFold({ k: 2 }).split(3, [0, 1]), /2 labels for 3 rows/);
  assert.throws(() => new TemporalSplit({ cut: 1, folds: 2 }), /only one/);
});

test('a seed that is not a safe integer is refused when the splitter is built, naming it', () => {
  // Before: KFold({seed: NaN}) was built and failed at split() inside the random generator, or never with shuffle off.
  for (const [make, who] of [
    [(seed: number) => new KFold({ k: 3, seed }), 'KFold'],
    [(seed: number) => new StratifiedKFold({ k: 3, seed }), 'StratifiedKFold'],
    [(seed: number) => new GroupKFold({ k: 3, seed }), 'GroupKFold'],
    [(seed: number) => new HoldoutSplit({ seed }), 'HoldoutSplit'],
  ] as const) {
    for (const seed of [NaN, 1.5, 2 ** 60]) {
      assert.throws(
        () => make(seed),
        (e: unknown) =>
          e instanceof InvalidArgumentError && e.message.startsWith(`${who}: seed must be a safe integer`),
        `${who} ${seed}`,
      );
    }
    assert.doesNotThrow(() => make(-7));
  }
});
