import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  barChart,
  boxPlot,
  CATEGORY_PALETTE,
  correlationHeatmap,
  FIT_COLORS,
  heatmap,
  type HeatmapOptions,
  histogram,
  intervalChart,
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
    // Before: "nbins must be ...", naming no function.
    assert.throws(
      () => histogram([1], { nbins: 2.5 }),
      /^InvalidArgumentError: histogram: nbins must be an integer >= 1, got 2.5$/,
    );
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

  it('sets a category axis in the order given, so numeric-looking sizes are not put on a linear axis', () => {
    // Before: no axis type, so plotly guessed 'linear' from '8', '10', '4' and dropped 'M' and 'other'.
    const cats = ['8', '10', 'M', '4', 'other'];
    const fig = barChart(cats, [{ name: 'fit', values: [5, 4, 3, 2, 1] }]);
    assert.deepEqual(trace(fig, 0).x, cats);
    assert.deepEqual(fig.layout.xaxis, {
      title: { text: '' },
      automargin: true,
      type: 'category',
      categoryorder: 'array',
      categoryarray: cats,
    });
    const h = barChart(['2', '1'], [3, 4], { orientation: 'h', xLabel: '%' });
    assert.deepEqual(trace(h, 0).y, ['2', '1']);
    assert.deepEqual(h.layout.yaxis, {
      title: { text: '' },
      automargin: true,
      type: 'category',
      categoryorder: 'array',
      categoryarray: ['2', '1'],
    });
    assert.equal((h.layout.xaxis as { type?: string }).type, undefined, 'the value axis stays numeric');
  });

  it('gives an empty chart with the categories for an empty series list (before: "series \'value\' has 0 values")', () => {
    const fig = barChart(['a', 'b'], [], { title: 'nothing yet' });
    assert.deepEqual(fig.data, []);
    assert.deepEqual((fig.layout.xaxis as { categoryarray: string[] }).categoryarray, ['a', 'b']);
    assert.equal(fig.layout.showlegend, false);
    roundTrips(fig);
    // An empty typed array is still a single series of numbers, which must fit the categories.
    assert.throws(() => barChart(['a'], new Float64Array(0)), /'value' has 0 values; there are 1 categories/);
  });

  it('keeps categories named like Object.prototype properties apart and labels them as given', () => {
    // plotly looks categories up in a plain object: before, '__proto__' and 'constructor' lost their tick and bar.
    const cats = ['__proto__', 'b', 'constructor', 'toString'];
    const fig = barChart(cats, [1, 2, 3, 4]);
    const x = trace(fig, 0).x as string[];
    assert.equal(new Set(x).size, 4);
    assert.ok(
      x.every((n) => !(n in Object.prototype)),
      JSON.stringify(x),
    );
    assert.deepEqual(
      x.map((n) => n.replace(/\u200b/g, '')),
      cats,
    );
    const axis = fig.layout.xaxis as Record<string, unknown>;
    assert.deepEqual([axis.categoryarray, axis.tickmode, axis.tickvals, axis.ticktext], [x, 'array', x, cats]);
    roundTrips(fig);
    // Names that plotly can look up are left alone, with no fixed tick labels.
    assert.equal((barChart(['a'], [1]).layout.xaxis as { tickmode?: string }).tickmode, undefined);
  });

  it('gives a repeated category its own bar, labelled as given (before: plotly merged the bars)', () => {
    const cats = ['M', 'M', 'L', 'M'];
    for (const orientation of ['v', 'h'] as const) {
      const fig = barChart(cats, [1, 2, 3, 4], { orientation });
      const names = trace(fig, 0)[orientation === 'v' ? 'x' : 'y'] as string[];
      assert.equal(new Set(names).size, 4, JSON.stringify(names));
      assert.deepEqual(
        names.map((n) => n.replace(/\u200b/g, '')),
        cats,
      );
      // The first 'M' keeps its name; the axis shows every bar under the name given.
      assert.equal(names[0], 'M');
      const axis = fig.layout[orientation === 'v' ? 'xaxis' : 'yaxis'] as Record<string, unknown>;
      assert.deepEqual([axis.categoryarray, axis.tickvals, axis.ticktext], [names, names, cats]);
      roundTrips(fig);
    }
    // A given name equal to a renamed one's stays apart from it.
    const x = trace(barChart(['M', 'M', 'M\u200b'], [1, 2, 3]), 0).x as string[];
    assert.equal(new Set(x).size, 3);
    assert.equal(x[2], 'M\u200b');
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
    assert.throws(() => scatterPlot([1, 2], [1]), /^InvalidArgumentError: scatterPlot: x has 2 values; y has 1$/);
    assert.throws(() => scatterPlot([1, 2], [1, 2], { text: ['a'] }), /^InvalidArgumentError: scatterPlot: text has 1/);
  });

  it('refuses a marker size that is not a finite number > 0 and an opacity outside [0, 1]', () => {
    // Before: markerSize NaN went to plotly as null (its default size), opacity 2 drew as 1.
    for (const markerSize of [NaN, 0, -2, Infinity]) {
      assert.throws(
        () => scatterPlot([1], [2], { markerSize }),
        (e: unknown) =>
          e instanceof InvalidArgumentError &&
          e.message === `scatterPlot: markerSize must be a finite number > 0, got ${markerSize}`,
      );
    }
    for (const opacity of [NaN, -0.1, 2]) {
      assert.throws(
        () => scatterPlot([1], [2], { opacity }),
        (e: unknown) =>
          e instanceof InvalidArgumentError && e.message === `scatterPlot: opacity must be in [0, 1], got ${opacity}`,
      );
    }
    const marker = (o: object) => scatterPlot([1], [2], o).data[0].marker;
    assert.deepEqual(
      [marker({ markerSize: 0.5, opacity: 0 }), marker({ opacity: 1 })],
      [
        { color: SINGLE_SERIES_COLOR, size: 0.5, opacity: 0 },
        { color: SINGLE_SERIES_COLOR, size: 6, opacity: 1 },
      ],
    );
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
    // Annotations sit at category positions (row, column), not at names that plotly may read as positions.
    const ann = fig.layout.annotations as { x: number; y: number; text: string; font: { color: string } }[];
    assert.deepEqual(
      ann.map((a) => [a.y, a.x, a.text, a.font.color]),
      [
        [0, 0, '1.00', '#ffffff'],
        [0, 1, '-0.25', '#000000'],
        [1, 0, '-0.25', '#000000'],
        [1, 1, '1.00', '#ffffff'],
      ],
    );
    roundTrips(fig);
  });

  it('writes only the values with |r| >= annotateMin as written, in the annotationFontSize, hover unchanged', () => {
    // 0.095 is written 0.10 and kept; 0.0949 is written 0.09 and left out; NaN has no label.
    const r = [
      new Float64Array([1, 0.095, -0.0949, -0.5]),
      new Float64Array([0.095, 1, NaN, 0.1]),
      new Float64Array([-0.0949, NaN, 1, -0.1]),
      new Float64Array([-0.5, 0.1, -0.1, 1]),
    ];
    const names = ['a', 'b', 'c', 'd'];
    const all = correlationHeatmap(r, names);
    const fig = correlationHeatmap(r, names, { annotateMin: 0.1, annotationFontSize: 9 });
    const ann = fig.layout.annotations as {
      x: number;
      y: number;
      text: string;
      font: { color: string; size: number };
    }[];
    assert.deepEqual(
      ann.map((a) => [a.y, a.x, a.text]),
      [
        [0, 0, '1.00'],
        [0, 1, '0.10'],
        [0, 3, '-0.50'],
        [1, 0, '0.10'],
        [1, 1, '1.00'],
        [1, 3, '0.10'],
        [2, 2, '1.00'],
        [2, 3, '-0.10'],
        [3, 0, '-0.50'],
        [3, 1, '0.10'],
        [3, 2, '-0.10'],
        [3, 3, '1.00'],
      ],
    );
    assert.ok(ann.every((a) => a.font.size === 9));
    // The labels kept are the default figure's, with only the size changed; the traces are the same.
    const byCell = new Map((all.layout.annotations as typeof ann).map((a) => [`${a.y},${a.x}`, a]));
    for (const a of ann) assert.deepEqual(a, { ...byCell.get(`${a.y},${a.x}`)!, font: { ...a.font, size: 9 } });
    assert.deepEqual(fig.data, all.data);
    assert.equal((all.layout.annotations as typeof ann).length, 14);
    assert.ok((all.layout.annotations as typeof ann).every((a) => a.font.size === 12));
    // Each option alone.
    assert.equal((correlationHeatmap(r, names, { annotateMin: 0.5 }).layout.annotations as typeof ann).length, 6);
    const small = correlationHeatmap(r, names, { annotationFontSize: 7 }).layout.annotations as typeof ann;
    assert.deepEqual([small.length, small.every((a) => a.font.size === 7)], [14, true]);
    for (const bad of [
      { annotateMin: -0.1 },
      { annotateMin: NaN },
      { annotationFontSize: 0 },
      { annotationFontSize: Infinity },
    ]) {
      assert.throws(() => correlationHeatmap(r, names, bad), InvalidArgumentError);
    }
    roundTrips(fig);
  });

  it('heatmap writes only the values with |z| >= annotateMin as written with its decimals, in annotationFontSize', () => {
    // Before: heatmap ignored both options (every value written, in size 12); only correlationHeatmap had them.
    const z = [
      [0.04, 0.05, -1.2],
      [NaN, -0.049, 3],
    ];
    type Label = { x: number; y: number; text: string; font: { color: string; size: number } };
    const labels = (o: HeatmapOptions) => heatmap(z, { annotate: true, ...o }).layout.annotations as Label[];
    // 0.05 is written 0.1 with 1 decimal and kept; 0.04 (0.0) and -0.049 (-0.0) are left out.
    const kept = labels({ decimals: 1, annotateMin: 0.1, annotationFontSize: 8 });
    assert.deepEqual(
      kept.map((a) => [a.y, a.x, a.text, a.font.size]),
      [
        [0, 1, '0.1', 8],
        [0, 2, '-1.2', 8],
        [1, 2, '3.0', 8],
      ],
    );
    // The labels kept are those of the figure without the options, with only the size changed.
    const all = labels({ decimals: 1 });
    assert.equal(all.length, 5);
    for (const a of kept) assert.deepEqual(a, { ...all.find((b) => b.x === a.x && b.y === a.y)!, font: { ...a.font } });
    assert.deepEqual(
      labels({ annotateMin: 0.05 }).map((a) => a.text),
      ['0.05', '-1.20', '-0.05', '3.00'],
    );
    // Without annotate nothing is written, with or without the options.
    assert.equal(heatmap(z, { annotateMin: 0.1, annotationFontSize: 8 }).layout.annotations, undefined);
  });

  it('correlationHeatmap is heatmap on a -1..1 diverging scale, passing annotateMin and annotationFontSize through', () => {
    const r = [
      [1, 0.095, -0.5],
      [0.095, 1, NaN],
      [-0.5, NaN, 1],
    ];
    const names = ['a', 'b', 'c'];
    for (const o of [{}, { annotateMin: 0.1 }, { annotationFontSize: 9, title: 'R', width: 400 }]) {
      const expected = heatmap(r, {
        title: 'Correlation',
        ...o,
        xLabels: names,
        yLabels: names,
        zmin: -1,
        zmax: 1,
        diverging: true,
        annotate: true,
        decimals: 2,
        colorbarTitle: 'r',
      });
      assert.deepEqual(correlationHeatmap(r, names, o), expected);
    }
  });

  it('refuses bad options, naming the function called (before: a RangeError from toFixed, or a null zmin)', () => {
    const z = [
      [1, 0.5],
      [0.5, 1],
    ];
    const bad: [HeatmapOptions, RegExp][] = [
      [{ annotateMin: -0.1 }, /annotateMin must be a finite number >= 0; got -0.1$/],
      [{ annotateMin: NaN }, /annotateMin must be a finite number >= 0; got NaN$/],
      [{ annotationFontSize: 0 }, /annotationFontSize must be a finite number > 0; got 0$/],
      [{ annotationFontSize: Infinity }, /annotationFontSize must be a finite number > 0; got Infinity$/],
    ];
    for (const [o, message] of bad) {
      for (const [what, draw] of [
        ['heatmap', () => heatmap(z, { annotate: true, ...o })],
        ['correlationHeatmap', () => correlationHeatmap(z, ['a', 'b'], o)],
      ] as const) {
        assert.throws(draw, (e: unknown) => e instanceof InvalidArgumentError && e.message.startsWith(`${what}: `));
        assert.throws(draw, message);
      }
    }
    for (const decimals of [-1, 2.5, 21, NaN]) {
      assert.throws(
        () => heatmap(z, { annotate: true, decimals }),
        (e: unknown) =>
          e instanceof InvalidArgumentError &&
          e.message === `heatmap: decimals must be an integer in 0..20; got ${decimals}`,
      );
    }
    for (const zmin of [NaN, -Infinity]) {
      assert.throws(
        () => heatmap(z, { zmin }),
        (e: unknown) => e instanceof InvalidArgumentError && /^heatmap: zmin must be finite/.test(e.message),
      );
    }
    assert.throws(
      () => heatmap(z, { zmax: Infinity }),
      /^InvalidArgumentError: heatmap: zmax must be finite; got Infinity$/,
    );
  });

  it('correlationHeatmap refuses a matrix that is not one row and column per name, in terms of the names', () => {
    // Before: "xLabels has 3 labels; z has 2 columns", an option the caller never gave, from no named function.
    const r = [
      [1, 0.5],
      [0.5, 1],
    ];
    assert.throws(
      () => correlationHeatmap(r, ['a', 'b', 'c']),
      (e: unknown) =>
        e instanceof InvalidArgumentError &&
        e.message === 'correlationHeatmap: the matrix must be 3 x 3, one row and column per name; it has 2 rows',
    );
    assert.throws(
      () => correlationHeatmap([[1, 0.5], [0.5]], ['a', 'b']),
      (e: unknown) =>
        e instanceof InvalidArgumentError &&
        e.message === 'correlationHeatmap: the matrix must be 2 x 2, one row and column per name; row 1 has 1 values',
    );
    assert.throws(
      () => correlationHeatmap([], []),
      /^InvalidArgumentError: correlationHeatmap needs a non-empty matrix$/,
    );
    assert.throws(() => heatmap([[1, 2], [3]]), /^InvalidArgumentError: heatmap: row 1 has 1 values; row 0 has 2$/);
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

  it('places labels named like Object.prototype properties, with hover text showing them as given', () => {
    const fig = heatmap(
      [
        [1, 2],
        [3, 4],
      ],
      { xLabels: ['__proto__', 'b'], yLabels: ['constructor', 'd'], annotate: true },
    );
    const t = trace(fig, 0);
    const [x, y] = [t.x as string[], t.y as string[]];
    assert.ok(
      [...x, ...y].every((n) => !(n in Object.prototype)),
      JSON.stringify([x, y]),
    );
    const xaxis = fig.layout.xaxis as Record<string, unknown>;
    const yaxis = fig.layout.yaxis as Record<string, unknown>;
    assert.deepEqual([xaxis.tickvals, xaxis.ticktext], [x, ['__proto__', 'b']]);
    assert.deepEqual([yaxis.tickvals, yaxis.ticktext, yaxis.autorange], [y, ['constructor', 'd'], 'reversed']);
    assert.deepEqual(t.text, [
      ['constructor / __proto__', 'constructor / b'],
      ['d / __proto__', 'd / b'],
    ]);
    assert.equal(t.hovertemplate, '%{text}: %{z}<extra></extra>');
    roundTrips(fig);
  });

  it('gives repeated row and column labels a row and column each (loadings, correlations), hover as given', () => {
    // Before: the two 'height' rows were one category; the first row's values were drawn under 'weight'.
    const fig = heatmap(
      [
        [1, 2],
        [3, 4],
        [5, 6],
      ],
      { xLabels: ['PC1', 'PC1'], yLabels: ['height', 'height', 'weight'] },
    );
    const t = trace(fig, 0);
    const [x, y] = [t.x as string[], t.y as string[]];
    assert.deepEqual([new Set(x).size, new Set(y).size], [2, 3]);
    const yaxis = fig.layout.yaxis as Record<string, unknown>;
    assert.deepEqual([yaxis.categoryarray, yaxis.tickvals, yaxis.ticktext], [y, y, ['height', 'height', 'weight']]);
    assert.deepEqual((fig.layout.xaxis as Record<string, unknown>).ticktext, ['PC1', 'PC1']);
    assert.deepEqual(t.text, [
      ['height / PC1', 'height / PC1'],
      ['height / PC1', 'height / PC1'],
      ['weight / PC1', 'weight / PC1'],
    ]);
    const c = trace(
      correlationHeatmap(
        [
          [1, 0.5],
          [0.5, 1],
        ],
        ['x', 'x'],
      ),
      0,
    );
    assert.deepEqual([new Set(c.x as string[]).size, new Set(c.y as string[]).size], [2, 2]);
  });
});

describe('intervalChart', () => {
  it('gives every label a row, labels named like Object.prototype properties too, top to bottom in order', () => {
    const fig = intervalChart(
      [
        {
          name: 's',
          points: [
            { label: '__proto__', estimate: 0.5, low: 0.4, high: 0.6 },
            { label: 'b', estimate: 0.7 },
          ],
        },
      ],
      { order: ['b', '__proto__'] },
    );
    const y = trace(fig, 0).y as string[];
    assert.ok(y.every((n) => !(n in Object.prototype)) && y[0] !== y[1], JSON.stringify(y));
    const axis = fig.layout.yaxis as Record<string, unknown>;
    assert.deepEqual(
      [axis.type, axis.categoryarray, axis.tickvals, axis.ticktext],
      ['category', [y[0], 'b'], [y[0], 'b'], ['__proto__', 'b']],
    );
    // A label repeated in the order keeps its first place and one row.
    const again = intervalChart(
      [
        {
          name: 's',
          points: [
            { label: 'a', estimate: 0.5 },
            { label: 'b', estimate: 0.7 },
          ],
        },
      ],
      { order: ['b', 'a', 'b'] },
    );
    assert.deepEqual((again.layout.yaxis as Record<string, unknown>).categoryarray, ['a', 'b']);
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
