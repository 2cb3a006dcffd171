// Gaps found by mutation testing of lib/plot: exact thinning steps, defaults, text colours on a heatmap, and
// intervals whose estimate is an end.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { boxPlot, heatmap, intervalChart, rocChart, thinRocPoints, type RocCurve } from '../../lib/index.js';

const curve = (fpr: number[], tpr: number[]): RocCurve => ({
  fpr: Float64Array.from(fpr),
  tpr: Float64Array.from(tpr),
  thresholds: Float64Array.from(fpr, (_, i) => fpr.length - i),
  auc: 0.5,
});

/** The text colours of a heatmap's annotations, in row-major order. */
const textColors = (fig: ReturnType<typeof heatmap>): string[] =>
  (fig.layout.annotations as { font: { color: string } }[]).map((a) => a.font.color);

describe('rocChart thinning', () => {
  it('keeps a point exactly 2 / maxPoints (in fpr + tpr) from the last kept one', () => {
    // maxPoints 4: step 0.5; every point is 0.5 from the one before it, so all five are kept.
    const c = curve([0, 0, 0.5, 0.5, 1], [0, 0.5, 0.5, 1, 1]);
    assert.deepEqual(thinRocPoints(c, 4), { fpr: [0, 0, 0.5, 0.5, 1], tpr: [0, 0.5, 0.5, 1, 1] });
    // maxPoints 2: step 1; from (0, 0) the first point 1 away is (0.5, 0.5); then (1, 1), the last.
    assert.deepEqual(thinRocPoints(c, 2), { fpr: [0, 0.5, 1], tpr: [0, 0.5, 1] });
  });

  it('keeps about 250 points per curve by default', () => {
    const t = Array.from({ length: 2001 }, (_, i) => i / 2000);
    const series = [{ name: 'fit', curve: curve(t, t) }];
    const byDefault = rocChart(series);
    assert.deepEqual(byDefault.data, rocChart(series, { maxPoints: 250 }).data);
    const kept = (byDefault.data[0].x as number[]).length;
    assert.ok(kept >= 200 && kept <= 260, `${kept} points`);
  });
});

describe('boxPlot mean', () => {
  it('marks the mean by default and not with showMean false', () => {
    assert.equal(boxPlot([1, 2, 3]).data[0].boxmean, true);
    assert.equal(boxPlot([1, 2, 3], { showMean: false }).data[0].boxmean, false);
  });
});

describe('heatmap annotation colours', () => {
  it('writes white on the dark low end of Viridis and black on its light high end', () => {
    assert.deepEqual(textColors(heatmap([[0, 1]], { annotate: true })), ['#ffffff', '#000000']);
  });

  it('a matrix of one value (zero-width colour range) is drawn in the low colour and written in white', () => {
    // plotly (d3) maps every value of a zero-width range to the low end of the scale: dark for Viridis and for the
    // blue end of the diverging scale.
    assert.deepEqual(textColors(heatmap([[0.5, 0.5]], { annotate: true })), ['#ffffff', '#ffffff']);
    assert.deepEqual(textColors(heatmap([[0.5, 0.5]], { annotate: true, diverging: true })), ['#ffffff', '#ffffff']);
  });
});

describe('intervalChart ends and legend', () => {
  it('accepts an estimate equal to an end of its interval, with a zero-length whisker on that side', () => {
    const fig = intervalChart([
      {
        name: 'a',
        points: [
          { label: 'm1', estimate: 0.8, low: 0.7, high: 0.8 },
          { label: 'm2', estimate: 0.6, low: 0.6, high: 0.9 },
        ],
      },
    ]);
    const e = fig.data[0].error_x as { array: number[]; arrayminus: number[] };
    assert.deepEqual(
      e.array.map((v) => Math.round(v * 1e9) / 1e9),
      [0, 0.3],
    );
    assert.deepEqual(
      e.arrayminus.map((v) => Math.round(v * 1e9) / 1e9),
      [0.1, 0],
    );
  });

  it('shows a legend only when there is more than one series', () => {
    const s = (name: string) => ({ name, points: [{ label: 'm', estimate: 0.5 }] });
    assert.equal(intervalChart([s('a')]).layout.showlegend, false);
    assert.equal(intervalChart([s('a'), s('b')]).layout.showlegend, true);
  });
});
