import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvalidArgumentError, centredBins, histogramByGroup } from '../../lib/index.js';

test('centredBins: bins of width step centred on lo..hi, labelled by their centres', () => {
  assert.deepEqual(centredBins(0, 2), { edges: [-0.5, 0.5, 1.5, 2.5], labels: ['0', '1', '2'] });
  assert.deepEqual(centredBins(45, 55, 5), { edges: [42.5, 47.5, 52.5, 57.5], labels: ['45', '50', '55'] });
  assert.deepEqual(centredBins(58, 59, 1, (c) => `${c}″`).labels, ['58″', '59″']);
  assert.deepEqual(centredBins(4, 4), { edges: [3.5, 4.5], labels: ['4'] });
  // each whole value lands in the bin labelled with it
  const { edges, labels } = centredBins(0, 4, 2);
  const h = histogramByGroup(
    Float64Array.from([0, 2, 2, 4]),
    { type: 'category', codes: new Int32Array(4), categories: ['all'] },
    edges,
    { labels },
  );
  assert.deepEqual(h.groups[0].counts, [1, 2, 1]);
  // fractional steps: labels without floating-point noise; hi off the grid or too many bins are refused
  assert.deepEqual(centredBins(0, 0.9, 0.3).labels, ['0', '0.3', '0.6', '0.9']);
  assert.throws(() => centredBins(0, 1, 0.3), /hi 1 is not lo 0 plus a whole number of steps of 0\.3/);
  assert.throws(() => centredBins(0, 1e12, 1e-6), /bins \(at most 1,000,000\)/);
  for (const [lo, hi, step] of [
    [1, 0, 1],
    [0, 1, 0],
    [0, NaN, 1],
    [0, 1, -1],
  ]) {
    assert.throws(() => centredBins(lo, hi, step), InvalidArgumentError, `${lo} ${hi} ${step}`);
  }
});

test('centredBins: with a step of 0.1 every value on a boundary goes to the upper bin ([low, high))', () => {
  // Before: edges built as lo - step/2 + k·step carried float noise (0.15000000000000002), so 0.15 and 0.25
  // fell in the lower bin while 0.05 went up.
  const { edges, labels } = centredBins(0, 0.4, 0.1);
  assert.deepEqual(edges, [-0.05, 0.05, 0.15, 0.25, 0.35, 0.45]);
  assert.deepEqual(labels, ['0', '0.1', '0.2', '0.3', '0.4']);
  const h = histogramByGroup(
    Float64Array.from([0.05, 0.15, 0.25, 0.35]),
    { type: 'category', codes: new Int32Array(4), categories: ['all'] },
    edges,
    { labels },
  );
  assert.deepEqual(h.groups[0].counts, [0, 1, 1, 1, 1]);
  // whole steps keep their exact edges, also beyond 12 significant digits
  assert.deepEqual(centredBins(-8, -6).edges, [-8.5, -7.5, -6.5, -5.5]);
  assert.deepEqual(
    centredBins(1234567890123, 1234567890124).edges,
    [1234567890122.5, 1234567890123.5, 1234567890124.5],
  );
});
