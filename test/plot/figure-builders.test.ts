import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  barChart,
  boxPlot,
  CATEGORY_PALETTE,
  correlationHeatmap,
  FIT_COLORS,
  heatmap,
  histogram,
  InvalidArgumentError,
  lineChart,
  scatterPlot,
  SINGLE_SERIES_COLOR,
  type Figure,
} from '../../lib/index.js';

const trace = (fig: Figure, k: number) => fig.data[k] as Record<string, unknown>;
const roundTrips = (fig: Figure) => assert.deepEqual(JSON.parse(JSON.stringify(fig)), fig);

describe('fit colours', () => {
  it('are three distinct colours, different from the single-series colour', () => {
    const colors = new Set([FIT_COLORS.small, FIT_COLORS.fit, FIT_COLORS.large, SINGLE_SERIES_COLOR]);
    assert.equal(colors.size, 4);
  });
});

describe('histogram', () => {
  it('splits values by fit class in the fixed order small, fit, large, with their colours, dropping NaN', () => {
    const values = new Float64Array([160, 170, NaN, 180, 165, 175]);
    const groups = ['large', 'fit', 'fit', 'small', 'large', ''];
    const fig = histogram(values, { groups, title: 'Height', xLabel: 'height (cm)', nbins: 5 });
    assert.deepEqual(
      fig.data.map((t) => t.name),
      ['small', 'fit', 'large'],
    );
    assert.deepEqual(trace(fig, 0).x, [180]);
    assert.deepEqual(trace(fig, 1).x, [170]);
    assert.deepEqual(trace(fig, 2).x, [160, 165]);
    assert.deepEqual(
      fig.data.map((t) => (t.marker as { color: string }).color),
      [FIT_COLORS.small, FIT_COLORS.fit, FIT_COLORS.large],
    );
    assert.ok(fig.data.every((t) => t.type === 'histogram' && t.bingroup === 'x' && t.nbinsx === 5));
    assert.equal(fig.layout.barmode, 'overlay');
    assert.deepEqual(fig.layout.title, { text: 'Height' });
    assert.deepEqual((fig.layout.xaxis as { title: unknown }).title, { text: 'height (cm)' });
    assert.deepEqual((fig.layout.yaxis as { title: unknown }).title, { text: 'count' });
    roundTrips(fig);
  });

  it('takes a coded category column and keeps its category order; -1 is missing', () => {
    const fig = histogram([1, 2, 3, 4], { groups: { codes: new Int32Array([1, 0, -1, 1]), categories: ['b', 'a'] } });
    assert.deepEqual(
      fig.data.map((t) => [t.name, t.x]),
      [
        ['b', [2]],
        ['a', [1, 4]],
      ],
    );
    assert.deepEqual(
      fig.data.map((t) => (t.marker as { color: string }).color),
      [CATEGORY_PALETTE[0], CATEGORY_PALETTE[1]],
    );
  });

  it('draws one trace without groups and rejects mismatched groups', () => {
    const fig = histogram([1, 2, 3]);
    assert.equal(fig.data.length, 1);
    assert.deepEqual(trace(fig, 0).x, [1, 2, 3]);
    assert.equal(fig.layout.showlegend, false);
    assert.throws(() => histogram([1, 2, 3], { groups: ['fit'] }), InvalidArgumentError);
    assert.throws(() => histogram([1], { nbins: 0 }), InvalidArgumentError);
    assert.throws(() => histogram([1], { nbins: 2.5 }), /nbins must be an integer >= 1, got 2.5/);
    // Before: a TypeError from the `in` operator, not the library's error.
    assert.throws(
      () => histogram([1, 2], { groups: 'ab' as unknown as string[] }),
      (e: unknown) => e instanceof InvalidArgumentError && /groups must be one label per row/.test(e.message),
    );
  });
});

describe('barChart', () => {
  it('refuses label decimals toFixed cannot give (before: a RangeError from toFixed)', () => {
    assert.deepEqual(barChart(['a'], [1.25], { labelDecimals: 1 }).data[0].text, ['1.3']);
    for (const d of [200, -1, 1.5]) {
      assert.throws(() => barChart(['a'], [1], { labelDecimals: d }), InvalidArgumentError, String(d));
    }
  });

  it('groups several series over the categories, with error bars and fit colours', () => {
    const fig = barChart(
      ['S', 'M', 'L'],
      [
        { name: 'small', values: new Float64Array([0.2, 0.1, NaN]), error: [0.01, 0.02, 0.03] },
        { name: 'large', values: [0.1, 0.15, 0.3] },
      ],
      { title: 'Return rate by size', yLabel: 'rate', labelDecimals: 1 },
    );
    assert.equal(fig.layout.barmode, 'group');
    assert.deepEqual(trace(fig, 0).x, ['S', 'M', 'L']);
    assert.deepEqual(trace(fig, 0).y, [0.2, 0.1, null]);
    assert.deepEqual(trace(fig, 0).error_y, { type: 'data', array: [0.01, 0.02, 0.03], visible: true });
    assert.deepEqual(trace(fig, 0).text, ['0.2', '0.1', '']);
    assert.equal((trace(fig, 1).marker as { color: string }).color, FIT_COLORS.large);
    roundTrips(fig);
  });

  it('takes a single array of numbers, horizontal too, and rejects a wrong length', () => {
    const fig = barChart(['a', 'b'], [3, 4], { orientation: 'h' });
    assert.deepEqual(trace(fig, 0).y, ['a', 'b']);
    assert.deepEqual(trace(fig, 0).x, [3, 4]);
    assert.throws(() => barChart(['a', 'b'], [{ name: 's', values: [1] }]), /has 1 values; there are 2 categories/);
  });

  it('draws asymmetric error bars (a Wilson interval) with errorMinus; NaN draws none', () => {
    const fig = barChart(['a', 'b'], [{ name: 'small', values: [20, NaN], error: [3, NaN], errorMinus: [2, NaN] }]);
    assert.deepEqual(trace(fig, 0).error_y, {
      type: 'data',
      symmetric: false,
      array: [3, null],
      arrayminus: [2, null],
      visible: true,
    });
    assert.throws(() => barChart(['a'], [{ name: 's', values: [1], errorMinus: [1] }]), /errorMinus without error/);
    assert.throws(
      () => barChart(['a', 'b'], [{ name: 's', values: [1, 2], error: [1, 1], errorMinus: [1] }]),
      /has 1 errorMinus values; expected 2/,
    );
    roundTrips(fig);
  });
});

describe('scatterPlot', () => {
  it('colours points by category and carries hover text per point', () => {
    const x = new Float32Array([1, 2, 3, 4]);
    const y = [10, 20, NaN, 40];
    const fig = scatterPlot(x, y, { groups: ['fit', 'small', 'fit', 'small'], text: ['a', 'b', 'c', 'd'] });
    assert.deepEqual(
      fig.data.map((t) => [t.name, t.x, t.y, t.text, (t.marker as { color: string }).color]),
      [
        ['small', [2, 4], [20, 40], ['b', 'd'], FIT_COLORS.small],
        ['fit', [1, 3], [10, null], ['a', 'c'], FIT_COLORS.fit],
      ],
    );
    assert.ok(fig.data.every((t) => t.type === 'scatter' && t.mode === 'markers'));
    roundTrips(fig);
  });

  it('rejects x and y of different lengths', () => {
    assert.throws(() => scatterPlot([1, 2], [1]), InvalidArgumentError);
    assert.throws(() => scatterPlot([1, 2], [1, 2], { text: ['a'] }), InvalidArgumentError);
  });
});

describe('lineChart', () => {
  it('draws ROC curves with the chance diagonal on a unit square', () => {
    const fig = lineChart(
      [
        { name: 'small', x: [0, 0.2, 1], y: [0, 0.7, 1] },
        { name: 'model B', x: [0, 1], y: [0, 1], dash: 'dot' },
      ],
      { diagonal: true, unitSquare: true, xLabel: 'false positive rate', yLabel: 'true positive rate' },
    );
    assert.equal(fig.data.length, 3);
    assert.deepEqual(trace(fig, 0).line, { color: FIT_COLORS.small, dash: 'solid', width: 2 });
    assert.deepEqual((trace(fig, 1).line as { color: string }).color, CATEGORY_PALETTE[1]);
    assert.deepEqual([trace(fig, 2).name, trace(fig, 2).x, trace(fig, 2).y], ['chance', [0, 1], [0, 1]]);
    assert.deepEqual((fig.layout.xaxis as { range: number[] }).range, [0, 1]);
    assert.equal((fig.layout.yaxis as { scaleanchor: string }).scaleanchor, 'x');
  });

  it('numbers the points 1..n when x is left out (scree plot)', () => {
    const fig = lineChart([{ name: 'explained variance', y: new Float64Array([0.6, 0.3, 0.1]) }], { markers: true });
    assert.deepEqual(trace(fig, 0).x, [1, 2, 3]);
    assert.equal(trace(fig, 0).mode, 'lines+markers');
    assert.throws(() => lineChart([]), InvalidArgumentError);
    assert.throws(() => lineChart([{ name: 'a', x: [1], y: [1, 2] }]), InvalidArgumentError);
  });
});

describe('heatmap', () => {
  it('annotates a correlation matrix with its values, row 0 on top, white text on dark cells', () => {
    const r = [new Float64Array([1, -0.25]), new Float64Array([-0.25, 1])];
    const fig = correlationHeatmap(r, ['height', 'weight']);
    const t = trace(fig, 0);
    assert.equal(t.type, 'heatmap');
    assert.deepEqual(t.z, [
      [1, -0.25],
      [-0.25, 1],
    ]);
    assert.deepEqual([t.zmin, t.zmax], [-1, 1]);
    assert.equal((fig.layout.yaxis as { autorange: string }).autorange, 'reversed');
    const ann = fig.layout.annotations as { x: string; y: string; text: string; font: { color: string } }[];
    assert.deepEqual(
      ann.map((a) => [a.y, a.x, a.text, a.font.color]),
      [
        ['height', 'height', '1.00', '#ffffff'],
        ['height', 'weight', '-0.25', '#000000'],
        ['weight', 'height', '-0.25', '#000000'],
        ['weight', 'weight', '1.00', '#ffffff'],
      ],
    );
    roundTrips(fig);
  });

  it('uses the data range by default and rejects ragged rows and wrong labels', () => {
    const fig = heatmap([
      [2, 4],
      [6, NaN],
    ]);
    assert.deepEqual([trace(fig, 0).zmin, trace(fig, 0).zmax], [2, 6]);
    assert.deepEqual(trace(fig, 0).z, [
      [2, 4],
      [6, null],
    ]);
    assert.throws(() => heatmap([[1, 2], [3]]), InvalidArgumentError);
    assert.throws(() => heatmap([[1, 2]], { xLabels: ['a'] }), InvalidArgumentError);
  });
});

describe('boxPlot', () => {
  it('draws one box per category with the fit colours (a category whose values are all missing stays, empty)', () => {
    const fig = boxPlot(new Float64Array([1, 2, 3, 4, NaN]), { groups: ['large', 'small', 'large', 'small', 'fit'] });
    assert.deepEqual(
      fig.data.map((t) => [t.type, t.name, t.y, (t.marker as { color: string }).color]),
      [
        ['box', 'small', [2, 4], FIT_COLORS.small],
        ['box', 'fit', [], FIT_COLORS.fit],
        ['box', 'large', [1, 3], FIT_COLORS.large],
      ],
    );
  });
});
