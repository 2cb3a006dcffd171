// Category axes as drawn: SVGs from renderStatic, and hover labels in a browser page (headless Chromium).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { chromium } from 'playwright-core';
import {
  barChart,
  boxPlot,
  CHROMIUM_ARGS,
  closeStaticRenderer,
  figureToHtml,
  heatmap,
  intervalChart,
  renderStatic,
  staticRenderSupport,
} from '../../lib/index.js';

const NUM = String.raw`-?[\d.]+(?:e-?\d+)?`;

/** The tick labels of an axis in a plotly SVG, left to right (x) or top to bottom (y), with their positions. */
function ticks(svg: string, axis: 'x' | 'y'): { text: string; at: number }[] {
  const re = new RegExp(
    `<g class="${axis}tick"><text[^>]*transform="translate\\((${NUM}),(${NUM})\\)"[^>]*>([^<]*)</text>`,
    'g',
  );
  return [...svg.matchAll(re)]
    .map((m) => ({ text: m[3], at: Number(axis === 'x' ? m[1] : m[2]) }))
    .sort((a, b) => a.at - b.at);
}

/** Each drawn bar's horizontal centre, in data order (an undrawn bar has the empty path `M0,0Z`). */
function barCentres(svg: string): number[] {
  const re = new RegExp(`<g class="point"><path d="M(${NUM}),${NUM}V${NUM}H(${NUM})V`, 'g');
  return [...svg.matchAll(re)].map((m) => (Number(m[1]) + Number(m[2])) / 2);
}

/** Asserts b[i] - a[i] is the same for every i (the plot area is offset from the axis labels by its margin). */
function sameOffset(a: readonly number[], b: readonly number[], what: string): void {
  assert.equal(a.length, b.length, what);
  for (let i = 1; i < a.length; i++) assert.ok(Math.abs(b[i] - a[i] - (b[0] - a[0])) < 0.5, `${what}: item ${i}`);
}

describe('category axes as drawn', () => {
  before(() => {
    const support = staticRenderSupport();
    assert.ok(support.available, `static rendering is part of the setup but is unavailable: ${support.reason}`);
  });
  after(() => closeStaticRenderer());

  it('barChart draws one bar per category under its own label, in the order given, numeric-looking or not', async () => {
    // Before: a linear axis (ticks 0, 2, 4...), no bar for 'M'; '__proto__' and 'constructor' had no tick.
    const cats = ['8', '10', 'M', '__proto__', '4', 'constructor'];
    const svg = await renderStatic(barChart(cats, [6, 5, 4, 3, 2, 1]), { format: 'svg', width: 700, height: 400 });
    const xt = ticks(svg, 'x');
    assert.deepEqual(
      xt.map((t) => t.text),
      cats,
    );
    sameOffset(
      barCentres(svg),
      xt.map((t) => t.at),
      'bar under its label',
    );
    // Before: the second 'M' bar was drawn over the first, under one 'M' label, and the axis had two ticks.
    const dup = await renderStatic(barChart(['M', 'M', 'L'], [1, 2, 3]), { format: 'svg', width: 500, height: 300 });
    const dt = ticks(dup, 'x');
    assert.deepEqual(
      dt.map((t) => t.text),
      ['M', 'M', 'L'],
    );
    sameOffset(
      barCentres(dup),
      dt.map((t) => t.at),
      'repeated category: bar under its label',
    );
  });

  it('boxPlot draws one box per group under its own label, in groupOrder, numeric-looking or not', async () => {
    // Before: '10' and '2' made a linear axis (boxes at x = 10 and x = 2, the order lost), 'n/a' sat at x = 0, and
    // 'constructor' and '__proto__' had no box.
    const order = ['10', '2', 'n/a', 'constructor', '__proto__'];
    const groups = ['10', '2', '10', 'n/a', '2', 'n/a', 'constructor', 'constructor', '__proto__', '__proto__'];
    const fig = boxPlot([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], { groups, groupOrder: order, points: false });
    const svg = await renderStatic(fig, { format: 'svg', width: 700, height: 400 });
    const xt = ticks(svg, 'x');
    assert.deepEqual(
      xt.map((t) => t.text),
      order,
    );
    // A box path starts with its median line, across the box: its middle is the box's centre.
    const centres = [...svg.matchAll(new RegExp(`<path class="box" d="M(${NUM}),${NUM}H(${NUM})`, 'g'))].map(
      (m) => (Number(m[1]) + Number(m[2])) / 2,
    );
    sameOffset(
      centres,
      xt.map((t) => t.at),
      'box over its label',
    );
  });

  it('heatmap labels every row and column, and writes each value in its own cell', async () => {
    /** Draws the annotated heatmap; checks its labels and that value k sits in cell (k / columns, k % columns). */
    const check = async (z: number[][], xLabels?: string[], yLabels?: string[]): Promise<void> => {
      const svg = await renderStatic(heatmap(z, { xLabels, yLabels, annotate: true, decimals: 0 }), {
        format: 'svg',
        width: 600,
        height: 400,
      });
      const [xt, yt] = [ticks(svg, 'x'), ticks(svg, 'y')];
      const m = z[0].length;
      assert.deepEqual(
        xt.map((t) => t.text),
        xLabels ?? z[0].map((_, j) => String(j + 1)),
      );
      assert.deepEqual(
        yt.map((t) => t.text),
        yLabels ?? z.map((_, i) => String(i + 1)),
      );
      // An annotation's centre is the point plotly rotates it about; its text is the cell's value.
      const re = new RegExp(
        `class="annotation-text-g" transform="rotate\\(0,(${NUM}),(${NUM})\\)".*?class="annotation-text"[^>]*>([^<]*)<`,
        'g',
      );
      const drawn = [...svg.matchAll(re)].map((a) => [Number(a[1]), Number(a[2]), a[3]]);
      const cells = z.flatMap((row, i) => row.map((v, j) => [xt[j].at, yt[i].at, String(v)]));
      assert.deepEqual(
        drawn.sort((a, b) => Number(a[2]) - Number(b[2])),
        cells.sort((a, b) => Number(a[2]) - Number(b[2])),
        `${m} columns`,
      );
    };
    // Before: '__proto__' and 'constructor' lost their ticks, and '10' put its value ten columns to the right.
    await check(
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
      ['__proto__', '10', 'toString'],
      ['constructor', 'd'],
    );
    // Before: the two 'height' rows were one row, drawn where the first row's values ended up under 'weight'.
    await check(
      [
        [1, 2],
        [3, 4],
        [5, 6],
      ],
      ['PC1', 'PC1'],
      ['height', 'height', 'weight'],
    );
    // Before: the default labels '1', '2', '3' read as positions put every value one column to the right.
    await check([
      [1, 2, 3],
      [4, 5, 6],
    ]);
  });

  it('intervalChart gives each label its own row with its point, first label on top', async () => {
    const fig = intervalChart([
      {
        name: 's',
        points: [
          { label: '__proto__', estimate: 0.5, low: 0.4, high: 0.6 },
          { label: 'b', estimate: 0.7 },
          { label: 'valueOf', estimate: 0.6 },
        ],
      },
    ]);
    const svg = await renderStatic(fig, { format: 'svg', width: 600, height: 400 });
    const yt = ticks(svg, 'y');
    assert.deepEqual(
      yt.map((t) => t.text),
      ['__proto__', 'b', 'valueOf'],
    );
    const points = [...svg.matchAll(new RegExp(`class="point" transform="translate\\(${NUM},(${NUM})\\)"`, 'g'))];
    sameOffset(
      points.map((m) => Number(m[1])),
      yt.map((t) => t.at),
      'point on its row',
    );
  });

  it('hover labels show the categories as given', async () => {
    const browser = await chromium.launch({
      executablePath: staticRenderSupport().executablePath,
      args: [...CHROMIUM_ARGS],
    });
    try {
      const page = await browser.newPage();
      const figs = [
        barChart(['__proto__', 'b'], [1, 2]),
        heatmap([[1, 2]], { xLabels: ['a', 'constructor'], yLabels: ['__proto__'] }),
        intervalChart([{ name: 's', points: [{ label: '__proto__', estimate: 0.5 }] }]),
      ];
      await page.setContent(figureToHtml(figs, 'hover'));
      await page.waitForSelector('#sizefit-plot-3 .main-svg');
      /** The hover label's text on figure k (1-based) for plotly's hover event `at`. */
      const hover = (k: number, at: unknown): Promise<string> =>
        page.evaluate(
          ({ k, at }) => {
            const g = globalThis as unknown as {
              Plotly: { Fx: { hover(gd: unknown, at: unknown): void } };
              document: { getElementById(id: string): { querySelectorAll(s: string): { textContent: string }[] } };
            };
            const gd = g.document.getElementById(`sizefit-plot-${k}`);
            g.Plotly.Fx.hover(gd, at);
            return [...gd.querySelectorAll('.hoverlayer text')].map((e) => e.textContent).join(' | ');
          },
          { k, at },
        );
      const firstPoint = [{ curveNumber: 0, pointNumber: 0 }];
      assert.equal(await hover(1, firstPoint), '(__proto__, 1)');
      // A heatmap cell by its axis positions: row 0, column 1.
      assert.equal(await hover(2, { xval: 1, yval: 0 }), '__proto__ / constructor: 2');
      assert.match(await hover(3, firstPoint), /^\(0\.5\b.*, __proto__\)$/);
    } finally {
      await browser.close();
    }
  });
});
