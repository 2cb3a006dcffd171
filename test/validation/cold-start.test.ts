import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  InvalidArgumentError,
  SizefitError,
  avgOvrAuc,
  bootstrapCi,
  coldStartTable,
  metricsByGroup,
  trainingCounts,
} from '../../lib/index.js';

// Three groups: A predicts every row right with probability 0.8; B is uniform (AUC 1/2, argmax picks
// class 0 on ties); C has no 'large' row (AUC undefined); row 9 has no group.
const y = [0, 1, 2, /* B */ 0, 1, 2, 0, /* C */ 0, 1, /* none */ 2];
const right = (c: number) => [0, 1, 2].map((j) => (j === c ? 0.8 : 0.1));
const P = [...right(0), ...right(1), ...right(2), ...Array(12).fill(1 / 3), ...right(0), ...right(1), ...right(2)];
const groups = [0, 0, 0, 1, 1, 1, 1, 2, 2, -1];

test('metricsByGroup: hand-computed AUC, accuracy and log-loss per group', () => {
  const rows = metricsByGroup(y, P, groups, ['A', 'B', 'C']);
  assert.deepEqual(
    rows.map((r) => [r.group, r.rows, r.share]),
    [
      ['A', 3, 3 / 9],
      ['B', 4, 4 / 9],
      ['C', 2, 2 / 9],
    ],
  );
  assert.equal(rows[0].avgAuc, 1);
  assert.equal(rows[0].accuracy, 1);
  assert.ok(Math.abs(rows[0].logLoss + Math.log(0.8)) < 1e-12);
  assert.equal(rows[1].avgAuc, 0.5);
  assert.equal(rows[1].accuracy, 0.5);
  assert.ok(Math.abs(rows[1].logLoss - Math.log(3)) < 1e-12);
  assert.ok(Number.isNaN(rows[2].avgAuc), 'a group without large rows has no average AUC');
  assert.equal(rows[2].accuracy, 1);
  assert.ok(
    rows.every((r) => Number.isNaN(r.low) && Number.isNaN(r.high)),
    'no interval without samples',
  );
  assert.deepEqual(
    metricsByGroup(y, P, groups, ['A', 'B', 'C'], { minRows: 3 }).map((r) => r.group),
    ['A', 'B'],
  );
  assert.throws(() => metricsByGroup(y, P, groups.slice(1), ['A', 'B', 'C']), InvalidArgumentError);
  assert.throws(() => metricsByGroup(y, P, groups, ['A', 'B']), /group code 2 has no name/);
});

test('metricsByGroup: a bootstrap interval brackets the estimate', () => {
  const n = 300;
  const yy = Array.from({ length: n }, (_, i) => i % 3);
  const PP = yy.flatMap((c, i) => (i % 4 === 0 ? [1 / 3, 1 / 3, 1 / 3] : right(c)));
  const [row] = metricsByGroup(yy, PP, new Array(n).fill(0), ['all'], { samples: 200, seed: 1 });
  assert.ok(row.low <= row.avgAuc && row.avgAuc <= row.high && row.low < row.high, `[${row.low}, ${row.high}]`);
});

test('metricsByGroup and coldStartTable: how many resamples of each interval were used and dropped', () => {
  // Before: a group's row kept only low and high: that a third of its resamples lacked its one 'large' row (and were
  // dropped, the interval being over the resamples in which every class appears) was nowhere to be seen.
  const n = 40;
  const yy = Array.from({ length: 2 * n }, (_, i) => (i === 0 ? 2 : i < n ? i % 2 : i % 3));
  const PP = yy.flatMap((c, i) => (i % 5 === 0 ? [0.5, 0.3, 0.2] : right(c)));
  const codes = yy.map((_, i) => (i < n ? 0 : 1));
  const rows = metricsByGroup(yy, PP, codes, ['rare', 'even'], { samples: 500, seed: 2 });
  const own = bootstrapCi(avgOvrAuc, yy.slice(0, n), PP.slice(0, 3 * n), { samples: 500, seed: 2 });
  assert.deepEqual([rows[0].low, rows[0].high], [own.low, own.high], 'the interval is unchanged');
  assert.deepEqual([rows[0].resamplesUsed, rows[0].resamplesDropped], [own.samples, own.invalid]);
  // A resample lacks the one 'large' row with probability (1 - 1/40)^40 = 0.363: 182 of 500, sd 10.8.
  assert.ok(Math.abs(rows[0].resamplesDropped - 500 * (1 - 1 / n) ** n) < 4 * 10.8, `${rows[0].resamplesDropped}`);
  assert.deepEqual([rows[1].resamplesUsed, rows[1].resamplesDropped], [500, 0], 'every class in every resample');
  const cold = coldStartTable(yy, PP, codes, { edges: [0, 1], samples: 500, seed: 2 });
  assert.deepEqual(
    cold.map((r) => [r.resamplesUsed, r.resamplesDropped]),
    rows.map((r) => [r.resamplesUsed, r.resamplesDropped]),
  );
  const none = metricsByGroup(yy, PP, codes, ['rare', 'even']);
  assert.ok(
    none.every((r) => r.resamplesUsed === 0 && r.resamplesDropped === 0),
    'no interval, no resamples',
  );
});

test('trainingCounts: training rows sharing each scored row key; missing keys count 0', () => {
  const keys = [0, 1, 0, 2, -1, 1, 0];
  assert.deepEqual(Array.from(trainingCounts(keys, [0, 1, 2, 4], [3, 5, 6, 4])), [0, 1, 2, 0]);
  assert.throws(() => trainingCounts(keys, [7], [0]), InvalidArgumentError);
});

test('trainingCounts: an index or a key that is not an integer is refused, naming it', () => {
  // Before: index 0.5 read keys[0.5] (undefined) and counted 0 without a word; NaN keys were counted as one key.
  const keys = [5, 5, 6];
  const refusedAs = (message: string) => (e: unknown) => e instanceof InvalidArgumentError && e.message === message;
  assert.throws(
    () => trainingCounts(keys, [0, 1.5], [0, 1, 2]),
    refusedAs('trainingCounts: index train[1] = 1.5 is not an integer in 0..2'),
  );
  assert.throws(
    () => trainingCounts(keys, [0, 1], [2, 0.5]),
    refusedAs('trainingCounts: index rows[1] = 0.5 is not an integer in 0..2'),
  );
  assert.throws(() => trainingCounts(keys, [0, NaN], [0]), /index train\[1\] = NaN is not an integer/);
  assert.throws(
    () => trainingCounts([NaN, NaN, 6], [0, 1], [2]),
    refusedAs('trainingCounts: row 0: key NaN is not an integer code (-1: missing)'),
  );
  assert.throws(() => trainingCounts([5, 5, 6.5], [0, 1], [2]), /row 2: key 6.5 is not an integer/);
  // -1 stays the missing code, counted 0.
  assert.deepEqual(Array.from(trainingCounts([-1, -1, 5], [0, 1, 2], [0, 2])), [0, 1]);
});

test('coldStartTable: bins of training counts with their ranges and metrics', () => {
  // counts: group A rows have 0, B rows 1-2, C rows 7; the ungrouped row 30.
  const counts = [0, 0, 0, 1, 2, 2, 1, 7, 7, 30];
  const rows = coldStartTable(y.slice(0, 9), P.slice(0, 27), counts.slice(0, 9), { edges: [0, 1, 3, 10] });
  assert.deepEqual(
    rows.map((r) => [r.group, r.min, r.max, r.rows]),
    [
      ['0', 0, 0, 3],
      ['1-2', 1, 2, 4],
      ['3-9', 3, 9, 2],
    ],
  );
  assert.deepEqual(
    rows.map((r) => r.avgAuc),
    [1, 0.5, NaN],
  );
  const open = coldStartTable(y, P, counts, { edges: [0, 3] });
  assert.deepEqual(
    open.map((r) => [r.group, r.rows, r.max]),
    [
      ['0-2', 7, 2],
      ['3+', 3, Infinity],
    ],
  );
  assert.throws(() => coldStartTable(y, P, counts, { edges: [1, 2] }), InvalidArgumentError);
  assert.throws(() => coldStartTable(y, P, counts, { edges: [0, 2, 2] }), InvalidArgumentError);
  // Before: [0, 2.5, 10] named its first bin "0-1.5" while it held rows with count 2.
  assert.throws(() => coldStartTable(y, P, counts, { edges: [0, 2.5, 10] }), /edges must be integers/);
  assert.throws(() => coldStartTable(y, P, [-1, ...counts.slice(1)]), InvalidArgumentError);
});

test('coldStartTable: counts of the wrong length are reported as counts, by coldStartTable', () => {
  // Before: "metricsByGroup: 3 group codes for 10 rows", naming a function and an argument the caller never used.
  assert.throws(
    () => coldStartTable(y, P, [0, 1, 2]),
    (e: unknown) => e instanceof InvalidArgumentError && e.message === 'coldStartTable: 3 counts for 10 rows',
  );
  assert.throws(
    () => coldStartTable(y, P, Array<number>(11).fill(0)),
    (e: unknown) => e instanceof InvalidArgumentError && e.message === 'coldStartTable: 11 counts for 10 rows',
  );
});

test('metricsByGroup and coldStartTable name the data row of a probability row that is not a distribution', () => {
  // Before: "logLoss: row 1: probabilities sum to 1.5, not 1", the row's place in its group (B), not data row 4.
  const bad = P.slice();
  bad.splice(4 * 3, 3, 0.5, 0.5, 0.5);
  assert.throws(
    () => metricsByGroup(y, bad, groups, ['A', 'B', 'C']),
    (e: unknown) =>
      e instanceof InvalidArgumentError && e.message === 'metricsByGroup: row 4: probabilities sum to 1.5, not 1',
  );
  assert.throws(
    () => coldStartTable(y, bad, [0, 0, 0, 1, 2, 2, 1, 7, 7, 30]),
    (e: unknown) =>
      e instanceof InvalidArgumentError && e.message === 'coldStartTable: row 4: probabilities sum to 1.5, not 1',
  );
  // every row of P is checked, the ungrouped one (row 9) too
  const ungrouped = P.slice();
  ungrouped[9 * 3 + 2] = 0.2;
  assert.throws(() => metricsByGroup(y, ungrouped, groups, ['A', 'B', 'C']), /metricsByGroup: row 9: probabilities/);
});

test("metricsByGroup: an error of one group's metrics names the group", () => {
  // One resample of 5 rows of 3 classes lacks a class: the interval is undefined. Before: the message named no group.
  const yy = [0, 1, 2, 0, 1, 2, 0, 1];
  const PP = yy.flatMap((c) => right(c));
  assert.throws(
    () => metricsByGroup(yy, PP, [0, 0, 0, 1, 1, 1, 1, 1], ['a', 'b'], { samples: 1, seed: 10 }),
    (e: unknown) =>
      e instanceof SizefitError &&
      e.code === 'BOOTSTRAP_FAILED' &&
      e.message === "metricsByGroup: group 'b' (5 rows): bootstrapCi: the metric is undefined on every resample" &&
      e.cause instanceof SizefitError &&
      e.cause.message === 'bootstrapCi: the metric is undefined on every resample',
  );
});

test('metricsByGroup and coldStartTable: minRows must be an integer >= 0 (before: NaN kept every group)', () => {
  // Before: NaN kept every group, 2.5 acted as 3 and -1 as 1, silently.
  for (const minRows of [NaN, 2.5, -1, Infinity]) {
    assert.throws(
      () => metricsByGroup(y, P, groups, ['A', 'B', 'C'], { minRows }),
      (e: unknown) =>
        e instanceof InvalidArgumentError &&
        e.message === `metricsByGroup: minRows must be an integer >= 0, got ${minRows}`,
    );
    assert.throws(
      () => coldStartTable(y, P, [0, 0, 1, 1, 1, 2, 2, 5, 5, 9], { minRows }),
      (e: unknown) => e instanceof InvalidArgumentError && /minRows must be an integer >= 0/.test(e.message),
    );
  }
  // 0 and 1 keep every group with a row; 3 leaves out C (2 rows).
  const kept = (minRows: number) => metricsByGroup(y, P, groups, ['A', 'B', 'C'], { minRows }).map((r) => r.group);
  assert.deepEqual(
    [kept(0), kept(1), kept(3)],
    [
      ['A', 'B', 'C'],
      ['A', 'B', 'C'],
      ['A', 'B'],
    ],
  );
});

test('metricsByGroup: samples must be an integer >= 0, not read as "no interval"', () => {
  // Before: samples -5 gave rows without an interval, as samples 0 does.
  for (const samples of [-5, 2.5, NaN]) {
    assert.throws(
      () => metricsByGroup(y, P, groups, ['A', 'B', 'C'], { samples }),
      (e: unknown) =>
        e instanceof InvalidArgumentError &&
        e.message === `metricsByGroup: samples must be an integer >= 0 (0: no interval), got ${samples}`,
    );
  }
  assert.throws(() => metricsByGroup(y, P, groups, ['A', 'B', 'C'], { samples: 10, level: 2 }), /level must be in/);
  assert.ok(metricsByGroup(y, P, groups, ['A', 'B', 'C'], { samples: 0 }).every((r) => Number.isNaN(r.low)));
});

test('coldStartTable: a count that is not a whole number is refused, naming the row', () => {
  // Before: count 0.5 fell in bin "0" (and 2.5 in "1-2" with edges [0, 1, 3]) without a word.
  const counts = [0, 0, 0, 1, 2, 2, 1, 7, 7, 30];
  assert.throws(
    () =>
      coldStartTable(
        y,
        P,
        counts.map((c, i) => (i === 3 ? 0.5 : c)),
      ),
    (e: unknown) =>
      e instanceof InvalidArgumentError && e.message === 'coldStartTable: row 3: count 0.5 is not an integer >= 0',
  );
  assert.throws(
    () =>
      coldStartTable(
        y,
        P,
        counts.map((c, i) => (i === 6 ? Infinity : c)),
      ),
    /row 6: count Infinity/,
  );
  assert.throws(
    () =>
      coldStartTable(
        y,
        P,
        counts.map((c, i) => (i === 0 ? -1 : c)),
      ),
    /row 0: count -1 is not/,
  );
});
