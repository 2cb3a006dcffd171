import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { boxPlot, type Figure } from '../../lib/index.js';

type Trace = Record<string, unknown>;

/** The x axis' category attributes of a figure. */
function xAxis(fig: Figure): Record<string, unknown> {
  return fig.layout.xaxis as Record<string, unknown>;
}

/** Each box as [name, category it is drawn at, its values]. */
function boxes(fig: Figure): [unknown, unknown, unknown][] {
  return fig.data.map((t) => [(t as Trace).name, (t as Trace).x0, (t as Trace).y]);
}

describe('boxPlot category axis', () => {
  it('puts number-like group names on a category axis in groupOrder, each box at its own category', () => {
    // Before: no axis type and no position: plotly guessed a linear axis from '10' and '2', put the boxes at x = 10
    // and x = 2 (groupOrder lost), and 'n/a' at x = 0 on top of nothing it belonged to.
    const fig = boxPlot([1, 2, 3, 4, 5, 6], {
      groups: ['10', '2', '10', 'n/a', '2', 'n/a'],
      groupOrder: ['10', '2', 'n/a'],
      xLabel: 'size',
    });
    assert.deepEqual(boxes(fig), [
      ['10', '10', [1, 3]],
      ['2', '2', [2, 5]],
      ['n/a', 'n/a', [4, 6]],
    ]);
    const axis = xAxis(fig);
    assert.equal(axis.type, 'category');
    assert.equal(axis.categoryorder, 'array');
    assert.deepEqual(axis.categoryarray, ['10', '2', 'n/a']);
    // The axis title from baseLayout stays.
    assert.deepEqual(axis.title, { text: 'size' });
    // Names used as given: no tick relabelling.
    assert.equal(axis.tickvals, undefined);
  });

  it('keeps the default order (fit classes, then sorted) on the axis, with names such as 14W', () => {
    const fig = boxPlot([1, 2, 3, 4, 5, 6, 7, 8], { groups: ['4', '6', '8', '14W', '4', '6', 'large', 'small'] });
    const order = ['small', 'large', '14W', '4', '6', '8'];
    assert.deepEqual(xAxis(fig).categoryarray, order);
    assert.deepEqual(
      fig.data.map((t) => (t as Trace).x0),
      order,
    );
  });

  it("gives 'constructor' and '__proto__' groups a box of their own, labelled as given", () => {
    // Before: plotly looked these names up in a plain object and lost their boxes.
    const fig = boxPlot([1, 2, 3, 4, 5, 6], {
      groups: ['constructor', 'a', '__proto__', 'a', 'constructor', '__proto__'],
    });
    const names = fig.data.map((t) => (t as Trace).name);
    assert.deepEqual(names, ['__proto__', 'a', 'constructor']);
    const axis = xAxis(fig);
    assert.equal(axis.type, 'category');
    const positions = fig.data.map((t) => (t as Trace).x0 as string);
    // Each box at a distinct category of the axis, in order; a renamed one only gets zero-width spaces appended.
    assert.deepEqual(axis.categoryarray, positions);
    assert.equal(new Set(positions).size, 3);
    positions.forEach((p, k) => assert.equal(p.replace(/\u200b/g, ''), names[k]));
    assert.ok(!(positions[0] in Object.prototype) && !(positions[2] in Object.prototype));
    // The ticks show the names as given.
    assert.deepEqual(axis.tickvals, positions);
    assert.deepEqual(axis.ticktext, names);
    assert.deepEqual(
      fig.data.map((t) => (t as Trace).y),
      [
        [3, 6],
        [2, 4],
        [1, 5],
      ],
    );
  });

  it('draws one box for all values at its own category without groups', () => {
    const fig = boxPlot([3, NaN, 1], { yLabel: 'height' });
    assert.deepEqual(boxes(fig), [['height', 'height', [3, 1]]]);
    assert.deepEqual(xAxis(fig).categoryarray, ['height']);
    assert.equal(fig.layout.showlegend, false);
  });
});
