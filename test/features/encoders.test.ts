import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  BinDiscretizer,
  InvalidArgumentError,
  ModelFormatError,
  OneHotEncoder,
  OrdinalEncoder,
  matrixFromRows,
  matrixToRows,
} from '../../lib/index.js';

const X = matrixFromRows([[2], [0], [2], [5]], ['c']);

test('OneHotEncoder: one column per sorted category value, named <col>=<value>', () => {
  const e = new OneHotEncoder({ unseen: 'error' }).fit(X);
  assert.deepEqual(e.outputNames, ['c=0', 'c=2', 'c=5']);
  assert.deepEqual(matrixToRows(e.transform(X)), [
    [0, 1, 0],
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1],
  ]);
});

test('OneHotEncoder: unseen policies error, ignore (all zeros) and unknown (extra slot)', () => {
  const Y = matrixFromRows([[9], [0]], ['c']);
  assert.throws(() => new OneHotEncoder({ unseen: 'error' }).fit(X).transform(Y), /row 0, column 'c' has category 9/);
  assert.deepEqual(matrixToRows(new OneHotEncoder({ unseen: 'ignore' }).fit(X).transform(Y)), [
    [0, 0, 0],
    [1, 0, 0],
  ]);
  const u = new OneHotEncoder({ unseen: 'unknown' }).fit(X);
  assert.deepEqual(u.outputNames, ['c=0', 'c=2', 'c=5', 'c=__unknown__']);
  assert.deepEqual(matrixToRows(u.transform(Y)), [
    [0, 0, 0, 1],
    [1, 0, 0, 0],
  ]);
  assert.throws(() => new OneHotEncoder({ unseen: 'drop' as 'error' }), InvalidArgumentError);
});

test('OneHotEncoder: NaN is refused (missing must be its own code)', () => {
  assert.throws(() => new OneHotEncoder().fit(matrixFromRows([[1], [NaN]])), /row 1, column 'x0' is NaN/);
});

test('OrdinalEncoder: codes in given order; unseen -> K (unknown), NaN (ignore) or error', () => {
  const e = new OrdinalEncoder({ categories: [[5, 2, 0]] }).fit(X);
  assert.deepEqual(matrixToRows(e.transform(X)), [[1], [2], [1], [0]]);
  const Y = matrixFromRows([[7]], ['c']);
  assert.deepEqual(matrixToRows(e.transform(Y)), [[3]]);
  assert.ok(Number.isNaN(new OrdinalEncoder({ unseen: 'ignore' }).fit(X).transform(Y).data[0]));
  assert.throws(() => new OrdinalEncoder({ unseen: 'error' }).fit(X).transform(Y), /category 7 not seen/);
});

test('BinDiscretizer: uniform edges split [min, max] evenly; quantile edges split counts', () => {
  const V = matrixFromRows([[0], [1], [2], [3], [4], [5], [6], [7], [8], [10]]);
  const u = new BinDiscretizer({ nBins: 4, strategy: 'uniform' }).fit(V);
  assert.deepEqual(Array.from(u.binEdges[0]), [2.5, 5, 7.5]);
  assert.deepEqual(Array.from(u.transform(V).data), [0, 0, 0, 1, 1, 2, 2, 2, 3, 3]);
  const q = new BinDiscretizer({ nBins: 2, strategy: 'quantile' }).fit(V);
  assert.deepEqual(Array.from(q.binEdges[0]), [4.5]);
  // Out-of-range values go to the end bins; NaN passes through.
  const W = q.transform(matrixFromRows([[-100], [100], [NaN]]));
  assert.deepEqual(Array.from(W.data.subarray(0, 2)), [0, 1]);
  assert.ok(Number.isNaN(W.data[2]));
});

test('BinDiscretizer: tied quantile edges merge into fewer bins', () => {
  const V = matrixFromRows([[0], [0], [0], [0], [0], [0], [1], [2]]);
  const q = new BinDiscretizer({ nBins: 4 }).fit(V);
  assert.deepEqual(Array.from(q.binEdges[0]), [0.25]);
});

test('OneHotEncoder and OrdinalEncoder: explicit categories survive JSON, so a refit keeps them', () => {
  const given = [[5, 2, 0, 9]];
  const Y = matrixFromRows([[2], [2]], ['c']);
  for (const [make, load] of [
    [(o: { categories?: number[][] }) => new OneHotEncoder(o), (j: unknown) => OneHotEncoder.fromJSON(j)],
    [(o: { categories?: number[][] }) => new OrdinalEncoder(o), (j: unknown) => OrdinalEncoder.fromJSON(j)],
  ] as const) {
    const json = JSON.parse(JSON.stringify(make({ categories: given }).fit(X).toJSON())) as Record<string, unknown>;
    const back = load(json).fit(Y);
    const direct = make({ categories: given }).fit(Y);
    assert.deepEqual(back.categories, direct.categories);
    assert.deepEqual(back.outputNames, direct.outputNames);
    assert.deepEqual(matrixToRows(back.transform(X)), matrixToRows(direct.transform(X)));
    // Without given categories the field is null; an older file without it still loads and learns.
    const plain = JSON.parse(JSON.stringify(make({}).fit(X).toJSON())) as Record<string, unknown>;
    assert.equal(plain.categories, null);
    const { categories: _omit, ...older } = json;
    assert.deepEqual(load(older).categories, given);
    assert.deepEqual(load(older).fit(Y).categories, make({}).fit(Y).categories);
    assert.throws(() => load({ ...json, categories: [['a']] }), ModelFormatError);
  }
});

test('OneHotEncoder and OrdinalEncoder fromJSON: repeated levels or categories are a ModelFormatError naming the place', () => {
  for (const [fitted, load] of [
    [new OneHotEncoder().fit(X), (j: unknown) => OneHotEncoder.fromJSON(j)],
    [new OrdinalEncoder().fit(X), (j: unknown) => OrdinalEncoder.fromJSON(j)],
  ] as const) {
    const json = JSON.parse(JSON.stringify(fitted.toJSON())) as object;
    const kind = fitted.kind;
    // Before: [1, 1, 3] loaded, giving two 'c=1' columns of which only the second was ever set.
    assert.throws(
      () => load({ ...json, levels: [[1, 1, 3]] }),
      (e: unknown) => e instanceof ModelFormatError && e.message === `${kind}: levels[0][1] repeats levels[0][0] = 1`,
    );
    // -0 and 0 are one level (as learnLevels and the value -> index map see them).
    assert.throws(() => load({ ...json, levels: [[0, 2, -0]] }), /levels\[0\]\[2\] repeats levels\[0\]\[0\] = 0/);
    assert.throws(
      () => load({ ...json, categories: [[5, 2, 5]], levels: [[5, 2]] }),
      (e: unknown) =>
        e instanceof ModelFormatError && /: categories\[0\]\[2\] repeats categories\[0\]\[0\] = 5/.test(e.message),
    );
  }
});

test('BinDiscretizer fromJSON: edges that are not finite, not strictly ascending or too many are refused', () => {
  const V = matrixFromRows(
    [
      [0, 1],
      [1, 5],
      [2, 3],
      [3, 9],
    ],
    ['a', 'b'],
  );
  const json = JSON.parse(JSON.stringify(new BinDiscretizer({ nBins: 3 }).fit(V).toJSON())) as object;
  for (const [edges, re] of [
    // Before: descending edges loaded and the binary search put 0 into bin 2 and 3 into bin 0.
    [[[5, 1], [2]], /^bin-discretizer: edges\[0\]\[1\] is 1, not above edges\[0\]\[0\] = 5$/],
    [[[1, 1], [2]], /edges\[0\]\[1\] is 1, not above edges\[0\]\[0\] = 1/],
    [[[1], [null]], /^bin-discretizer: edges\[1\]\[0\] is NaN, not a finite number$/],
    [[[1, 'Infinity'], [2]], /edges\[0\]\[1\] is Infinity, not a finite number/],
    [[[0.5, 1, 2], [2]], /^bin-discretizer: edges\[0\] has 3 edges; nBins 3 allows 2$/],
  ] as const) {
    assert.throws(
      () => BinDiscretizer.fromJSON({ ...json, edges }),
      (e: unknown) => e instanceof ModelFormatError && re.test(e.message),
      JSON.stringify(edges),
    );
  }
});

test('BinDiscretizer: edges fit gives on constant, all-NaN, tiny and wide columns load and bin the same', () => {
  const V = matrixFromRows(
    [
      [5, NaN, 1e-300, -1e308, 0],
      [5, NaN, 2e-300, 1e308, 0],
      [5, NaN, 1e-300, 0, 1],
    ],
    ['const', 'none', 'tiny', 'wide', 'bin'],
  );
  const W = matrixFromRows(
    [
      [4, 1, 1.5e-300, 5e307, 0.5],
      [NaN, NaN, 3e-300, -1, 7],
    ],
    V.names,
  );
  for (const strategy of ['quantile', 'uniform'] as const) {
    for (const nBins of [2, 5]) {
      const b = new BinDiscretizer({ nBins, strategy }).fit(V);
      assert.equal(b.binEdges[0].length, 0);
      assert.equal(b.binEdges[1].length, 0);
      const back = BinDiscretizer.fromJSON(JSON.parse(JSON.stringify(b.toJSON())));
      assert.deepEqual(back.transform(W).data, b.transform(W).data, `${strategy} ${nBins}`);
    }
  }
});
