import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvalidArgumentError, Rng, coldStartChart, coldStartTable, type ColdStartRow } from '../../lib/index.js';

/** A seeded 3-class problem: labels, probabilities that carry some signal, and training counts 0..40. */
function problem(n: number, seed: number): { y: Int32Array; P: Float64Array; counts: Int32Array } {
  const rng = new Rng(seed);
  const y = new Int32Array(n);
  const P = new Float64Array(n * 3);
  const counts = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = rng.int(3);
    const raw = [0, 1, 2].map((c) => Math.exp((c === y[i] ? 1 : 0) + rng.normal()));
    const s = raw[0] + raw[1] + raw[2];
    for (let c = 0; c < 3; c++) P[i * 3 + c] = raw[c] / s;
    counts[i] = rng.int(41);
  }
  return { y, P, counts };
}

const { y, P, counts } = problem(600, 3);
const edges = [0, 1, 10, 30];
const best = coldStartTable(y, P, counts, { edges, samples: 100, seed: 1 });
const flat = coldStartTable(y, new Float64Array(P.length).fill(1 / 3), counts, { edges, samples: 100, seed: 1 });

test('coldStartChart: one row per bin named with its rows, a dot at each avg AUC with its interval', () => {
  const fig = coldStartChart([
    { name: 'BEST', rows: best },
    { name: 'flat', rows: flat },
  ]);
  assert.equal(fig.data.length, 2);
  const t = fig.data[0] as unknown as { x: number[]; y: string[]; error_x: { array: number[]; arrayminus: number[] } };
  assert.deepEqual(
    t.y,
    best.map((r) => `${r.group} (${r.rows} rows)`),
  );
  assert.deepEqual(
    t.x,
    best.map((r) => r.avgAuc),
  );
  best.forEach((r, i) => {
    assert.ok(r.low < r.avgAuc && r.avgAuc < r.high, `bin ${r.group} has an interval`);
    assert.ok(Math.abs(t.error_x.array[i] - (r.high - r.avgAuc)) < 1e-12);
    assert.ok(Math.abs(t.error_x.arrayminus[i] - (r.avgAuc - r.low)) < 1e-12);
  });
  // bins from the top in table order; the x axis is not cut at an arbitrary value
  const yaxis = fig.layout.yaxis as { categoryarray: string[] };
  assert.deepEqual(yaxis.categoryarray, [...t.y].reverse());
  assert.equal((fig.layout.xaxis as { range?: unknown }).range, undefined);
});

test('coldStartChart: a bin with an undefined AUC has no dot; different bins or no series are refused', () => {
  const undefinedBin: ColdStartRow[] = best.map((r, i) => (i === 1 ? { ...r, avgAuc: NaN, low: NaN, high: NaN } : r));
  const fig = coldStartChart([{ name: 'BEST', rows: undefinedBin }]);
  assert.equal((fig.data[0] as unknown as { x: number[] }).x.length, best.length - 1);
  assert.throws(() => coldStartChart([]), InvalidArgumentError);
  assert.throws(
    () =>
      coldStartChart([
        { name: 'BEST', rows: best },
        { name: 'other', rows: best.slice(1) },
      ]),
    (e: unknown) => e instanceof InvalidArgumentError && /'other' has bins/.test(e.message),
  );
});
