import assert from 'node:assert/strict';
import { test } from 'node:test';
import { histogramByGroup, histogramByGroupChart } from '../../lib/index.js';

test('histogramByGroupChart: one bar series per group with its percent per bin, legend "fit" by default', () => {
  const fit = {
    type: 'category' as const,
    codes: Int32Array.from([0, 1, 1, 1, 2]),
    categories: ['small', 'fit', 'large'],
  };
  const h = histogramByGroup(Float64Array.from([1, 1, 2, 2, 2]), fit, [0.5, 1.5, 2.5], { labels: ['1', '2'] });
  const fig = histogramByGroupChart(h, { title: 't' });
  const traces = fig.data as unknown as { name: string; x: string[]; y: number[] }[];
  assert.deepEqual(
    traces.map((t) => t.name),
    ['small', 'fit', 'large'],
  );
  assert.deepEqual(traces[0].x, ['1', '2']);
  assert.deepEqual(traces[0].y, [100, 0]);
  assert.ok(Math.abs(traces[1].y[0] - 100 / 3) < 1e-12 && Math.abs(traces[1].y[1] - 200 / 3) < 1e-12);
  assert.equal((fig.layout.legend as { title: { text: string } }).title.text, 'fit');
  assert.equal((fig.layout.yaxis as { title: { text: string } }).title.text, '% of the label');
  assert.equal(
    (histogramByGroupChart(h, { legendTitle: 'label' }).layout.legend as { title: { text: string } }).title.text,
    'label',
  );
});

test('histogramByGroupChart: no group with a value gives an empty chart with the bin labels', () => {
  // Before: "bar series '% of the label' has 0 values; there are 2 categories".
  const none = { type: 'category' as const, codes: new Int32Array(0), categories: [] };
  const h = histogramByGroup(new Float64Array(0), none, [0, 1, 2]);
  assert.deepEqual(h.groups, []);
  const fig = histogramByGroupChart(h, { title: 'weight' });
  assert.deepEqual(fig.data, []);
  assert.deepEqual((fig.layout.xaxis as { categoryarray: string[] }).categoryarray, h.labels);
  assert.equal(h.labels.length, 2);
});
