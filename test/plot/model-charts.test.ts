import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  FIT_COLORS,
  InvalidArgumentError,
  Rng,
  calibrationBins,
  calibrationChart,
  intervalChart,
  rocChart,
  rocCurve,
  thinRocPoints,
} from '../../lib/index.js';

const trace = (fig: { data: unknown[] }, k: number) => fig.data[k] as Record<string, unknown>;

/** A seeded binary problem with n rows and all-distinct scores. */
function binary(n: number, seed: number) {
  const rng = new Rng(seed);
  const labels = Array.from({ length: n }, () => (rng.next() < 0.3 ? 1 : 0));
  const scores = labels.map((l) => l + rng.normal());
  return rocCurve(labels, scores);
}

describe('rocChart', () => {
  it('thins a long curve to about maxPoints points, keeping both ends', () => {
    const curve = binary(5000, 1);
    assert.ok(curve.fpr.length > 4000);
    const { fpr, tpr } = thinRocPoints(curve, 100);
    assert.ok(fpr.length <= 102 && fpr.length > 40, `${fpr.length} points`);
    assert.deepEqual([fpr[0], tpr[0]], [0, 0]);
    assert.deepEqual([fpr.at(-1), tpr.at(-1)], [1, 1]);
    for (let i = 1; i < fpr.length; i++) assert.ok(fpr[i] >= fpr[i - 1] && tpr[i] >= tpr[i - 1], 'monotone');
    // The area under the thinned polyline stays within 0.01 of the exact AUC.
    let area = 0;
    for (let i = 1; i < fpr.length; i++) area += ((fpr[i] - fpr[i - 1]) * (tpr[i] + tpr[i - 1])) / 2;
    assert.ok(Math.abs(area - curve.auc) < 0.01, `${area} vs ${curve.auc}`);
  });

  it('names each curve with its AUC, keeps fit colours, and adds the chance diagonal', () => {
    const curve = binary(500, 2);
    const fig = rocChart([
      { name: 'small', curve },
      { name: 'model B', curve, dash: 'dash' },
    ]);
    assert.equal(fig.data.length, 3);
    assert.equal(trace(fig, 0).name, `small (AUC ${curve.auc.toFixed(3)})`);
    assert.equal((trace(fig, 0).line as { color: string }).color, FIT_COLORS.small);
    assert.equal((trace(fig, 1).line as { dash: string }).dash, 'dash');
    assert.equal(trace(fig, 2).name, 'chance');
    assert.deepEqual((fig.layout.xaxis as { range: number[] }).range, [0, 1]);
    assert.throws(() => rocChart([]), InvalidArgumentError);
    assert.throws(() => rocChart([{ name: 'a', curve }], { maxPoints: 1 }), InvalidArgumentError);
  });

  it('thinRocPoints refuses maxPoints below 2 or NaN (before: both ends only, silently)', () => {
    const curve = binary(200, 3);
    for (const maxPoints of [NaN, 1, 0, -5]) {
      assert.throws(
        () => thinRocPoints(curve, maxPoints),
        (e: unknown) =>
          e instanceof InvalidArgumentError && e.message === `thinRocPoints: maxPoints ${maxPoints} must be >= 2`,
      );
      assert.throws(
        () => rocChart([{ name: 'a', curve }], { maxPoints }),
        (e: unknown) =>
          e instanceof InvalidArgumentError && e.message === `rocChart: maxPoints ${maxPoints} must be >= 2`,
      );
    }
    assert.equal(thinRocPoints(curve, 2).fpr.length >= 2, true);
  });
});

describe('calibrationChart', () => {
  it('draws observed against predicted per class, dropping sparse bins, with each ECE', () => {
    // Class 0 predicted 0.25 on 40 rows of which 10 are class 0; one row predicted 0.95 (sparse bin).
    const y: number[] = [];
    const P: number[] = [];
    for (let i = 0; i < 40; i++) {
      y.push(i < 10 ? 0 : 1);
      P.push(0.25, 0.75);
    }
    y.push(0);
    P.push(0.95, 0.05);
    const cal = calibrationBins(y, P, { bins: 10 });
    const fig = calibrationChart(cal, { classNames: ['small', 'fit'], minCount: 5 });
    assert.deepEqual(trace(fig, 0).x, [0.25]);
    assert.deepEqual(trace(fig, 0).y, [0.25]);
    assert.equal(trace(fig, 0).name, `small (ECE ${cal.classes[0].ece.toFixed(3)})`);
    assert.equal((trace(fig, 1).line as { color: string }).color, FIT_COLORS.fit);
    assert.equal(trace(fig, 2).name, 'perfectly calibrated');
    assert.deepEqual(calibrationChart(cal, { classNames: ['small', 'fit'], minCount: 1 }).data[0].x, [0.25, 0.95]);
    assert.throws(() => calibrationChart(cal), /3 class names for 2 classes/);
    // Before: minCount NaN left out every bin, an empty chart without a word.
    for (const minCount of [NaN, -1, Infinity]) {
      assert.throws(
        () => calibrationChart(cal, { classNames: ['small', 'fit'], minCount }),
        (e: unknown) =>
          e instanceof InvalidArgumentError &&
          e.message === `calibrationChart: minCount must be a finite number >= 0, got ${minCount}`,
      );
    }
    assert.deepEqual(calibrationChart(cal, { classNames: ['small', 'fit'], minCount: 0 }).data[0].x, [0.25, 0.95]);
  });

  it('gives class names that are Object.prototype keys a palette colour string, not a function', () => {
    const P = [0.8, 0.1, 0.1, 0.1, 0.8, 0.1, 0.1, 0.1, 0.8, 0.6, 0.2, 0.2, 0.2, 0.6, 0.2, 0.2, 0.2, 0.6];
    const cal = calibrationBins([0, 1, 2, 0, 1, 2], P, { bins: 2 });
    const colors = (classNames: string[]) => {
      const fig = calibrationChart(cal, { classNames, minCount: 1 });
      return fig.data.map((_, k) => (trace(fig, k).line as { color: unknown }).color);
    };
    const odd = colors(['constructor', 'toString', 'large']);
    for (const c of odd) assert.equal(typeof c, 'string');
    // The same colours as any other non-fit names in those positions; they survive JSON.
    assert.deepEqual(odd, colors(['a', 'b', 'large']));
    assert.equal(odd[2], FIT_COLORS.large);
    assert.deepEqual(JSON.parse(JSON.stringify(odd)), odd);
  });
});

describe('intervalChart', () => {
  it('draws asymmetric horizontal intervals, rows in the given order from the top', () => {
    const fig = intervalChart(
      [
        {
          name: 'reproduced',
          points: [
            { label: 'K-LF-ML', estimate: 0.7, low: 0.69, high: 0.72 },
            { label: 'best', estimate: 0.75, low: 0.74, high: 0.755 },
          ],
        },
        { name: 'published', points: [{ label: 'K-LF-ML', estimate: 0.719 }], symbol: 'diamond' },
      ],
      { xLabel: 'average AUC' },
    );
    const err = trace(fig, 0).error_x as { array: number[]; arrayminus: number[] };
    assert.deepEqual(
      err.array.map((v) => +v.toFixed(6)),
      [0.02, 0.005],
    );
    assert.deepEqual(
      err.arrayminus.map((v) => +v.toFixed(6)),
      [0.01, 0.01],
    );
    assert.deepEqual((trace(fig, 1).error_x as { array: number[] }).array, [0]);
    assert.deepEqual((fig.layout.yaxis as { categoryarray: string[] }).categoryarray, ['best', 'K-LF-ML']);
    assert.throws(
      () => intervalChart([{ name: 'x', points: [{ label: 'a', estimate: 0.5, low: 0.6, high: 0.7 }] }]),
      /does not contain/,
    );
    assert.throws(() => intervalChart([]), InvalidArgumentError);
  });

  it('draws no interval for a point with one end missing or NaN', () => {
    // Before: {low: 0.6, high: NaN} threw "does not contain 0.7"; {low: 0.9} drew arrayminus -0.2.
    const fig = intervalChart([
      {
        name: 's',
        points: [
          { label: 'a', estimate: 0.7, low: 0.6, high: NaN },
          { label: 'b', estimate: 0.7, low: 0.9 },
          { label: 'c', estimate: 0.7, low: 0.65, high: 0.8 },
        ],
      },
    ]);
    const err = trace(fig, 0).error_x as { array: number[]; arrayminus: number[] };
    assert.deepEqual(
      err.arrayminus.map((v) => +v.toFixed(6)),
      [0, 0, 0.05],
    );
    assert.deepEqual(
      err.array.map((v) => +v.toFixed(6)),
      [0, 0, 0.1],
    );
  });
});
