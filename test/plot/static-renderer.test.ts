import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium } from 'playwright-core';
import {
  CHROMIUM_ARGS,
  closeStaticRenderer,
  figureBundle,
  figureToHtml,
  InvalidArgumentError,
  lineChart,
  renderStatic,
  scatterPlot,
  notebookFigureBundle,
  staticRenderSupport,
} from '../../lib/index.js';

/** Width and height from a PNG's IHDR chunk, after checking the 8-byte signature. */
function pngSize(png: Uint8Array): { width: number; height: number } {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  assert.deepEqual([...png.subarray(0, 8)], signature, 'not a PNG: bad signature');
  const view = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  assert.equal(view.toString('latin1', 12, 16), 'IHDR');
  return { width: view.readUInt32BE(16), height: view.readUInt32BE(20) };
}

/** Process ids of this process's Chromium children, from /proc (Linux, as the Chromium setup is). */
function chromiumChildren(): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    // "pid (comm) state ppid ...": comm may hold spaces and parentheses.
    const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(ppid) === process.pid && state !== 'Z' && /chrom/i.test(comm)) pids.push(Number(name));
  }
  return pids;
}

const roc = lineChart(
  [
    { name: 'small vs rest', x: [0, 0.1, 0.4, 1], y: [0, 0.5, 0.85, 1] },
    { name: 'large vs rest', x: [0, 0.2, 0.5, 1], y: [0, 0.4, 0.8, 1] },
  ],
  {
    title: 'ROC curves',
    xLabel: 'false positive rate',
    yLabel: 'true positive rate',
    diagonal: true,
    unitSquare: true,
  },
);

describe('renderStatic options', () => {
  it('refuses a width, height or scale that is not a finite number > 0, before any browser starts', async () => {
    // Before: Chromium started, then plotly refused NaN, 0 or -5 and the error was a PlotRenderError
    // ("Plotly.toImage failed"), which blames the environment.
    const support = process.env.SIZEFIT_STATIC_PLOTS;
    process.env.SIZEFIT_STATIC_PLOTS = '0'; // a launch would fail with a PlotRenderError
    try {
      for (const [key, v] of [
        ['width', NaN],
        ['width', 0],
        ['height', -5],
        ['height', Infinity],
        ['scale', 0],
        ['scale', NaN],
      ] as const) {
        await assert.rejects(
          renderStatic(roc, { [key]: v }),
          (e: unknown) =>
            e instanceof InvalidArgumentError &&
            e.message === `renderStatic: ${key} must be a finite number > 0, got ${v}`,
        );
      }
    } finally {
      if (support === undefined) delete process.env.SIZEFIT_STATIC_PLOTS;
      else process.env.SIZEFIT_STATIC_PLOTS = support;
    }
  });
});

describe('renderStatic (headless Chromium)', () => {
  before(() => {
    const support = staticRenderSupport();
    assert.ok(
      support.available,
      `static rendering is part of the setup but is unavailable: ${support.reason}. ` +
        'Install Chromium (apt-get install -y chromium) or set SIZEFIT_CHROMIUM.',
    );
  });
  after(() => closeStaticRenderer());

  it('makes a PNG of exactly the asked size, and scale multiplies it', async () => {
    assert.deepEqual(pngSize(await renderStatic(roc, { width: 640, height: 360 })), { width: 640, height: 360 });
    assert.deepEqual(pngSize(await renderStatic(roc, { width: 300, height: 200, scale: 2 })), {
      width: 600,
      height: 400,
    });
  });

  it('makes an SVG holding the titles and legend names', async () => {
    const svg = await renderStatic(roc, { format: 'svg', width: 500, height: 400 });
    assert.ok(svg.startsWith('<svg'), svg.slice(0, 40));
    for (const text of ['ROC curves', 'small vs rest', 'large vs rest', 'false positive rate', 'true positive rate']) {
      assert.ok(svg.includes(text), `SVG lacks '${text}'`);
    }
  });

  it('starts a new browser after its Chromium died, with idle close off (as in tslab)', async () => {
    // Before: every later render failed with "Target page, context or browser has been closed".
    await closeStaticRenderer();
    const idle = process.env.SIZEFIT_STATIC_IDLE_MS;
    process.env.SIZEFIT_STATIC_IDLE_MS = '0';
    try {
      assert.deepEqual(pngSize(await renderStatic(roc, { width: 200, height: 100 })), { width: 200, height: 100 });
      const pids = chromiumChildren();
      assert.equal(pids.length, 1, `this process's Chromium: ${pids.join(', ')}`);
      // Chromium leads its own process group: kill it with its helper processes, as an OOM kill or crash would.
      process.kill(-pids[0], 'SIGKILL');
      for (let t = 0; t < 100 && chromiumChildren().length > 0; t++) await sleep(50);
      assert.deepEqual(chromiumChildren(), [], 'Chromium is gone');
      // No wait for playwright to notice the closed pipe: before, a render right after the kill failed with "Target
      // page, context or browser has been closed" (always without a wait, and under load with 200 ms).
      assert.deepEqual(pngSize(await renderStatic(roc, { width: 200, height: 100 })), { width: 200, height: 100 });
      assert.equal(chromiumChildren().length, 1, 'a new Chromium runs');
    } finally {
      if (idle === undefined) delete process.env.SIZEFIT_STATIC_IDLE_MS;
      else process.env.SIZEFIT_STATIC_IDLE_MS = idle;
      await closeStaticRenderer();
    }
  });

  it('notebookFigureBundle puts the PNG in the bundle and inside the HTML div', async () => {
    const b = await notebookFigureBundle(scatterPlot([1, 2, 3], [3, 1, 2], { groups: ['small', 'fit', 'large'] }), {
      width: 400,
      height: 300,
    });
    assert.ok(b['image/png'] !== undefined, b['text/plain']);
    assert.deepEqual(pngSize(Buffer.from(b['image/png'], 'base64')), { width: 400, height: 300 });
    assert.ok(b['text/html'].includes(`<img src="data:image/png;base64,${b['image/png']}"`));
  });

  it('the HTML draws the interactive chart in a browser, with plotly.js defined once', async () => {
    const browser = await chromium.launch({
      executablePath: staticRenderSupport().executablePath,
      args: [...CHROMIUM_ARGS],
    });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.setContent(figureToHtml(roc, 'ROC'));
      await page.waitForSelector('#sizefit-plot-1 .main-svg');
      assert.equal(await page.locator('#sizefit-plot-1 .legendtext').count(), 3);
      // A second bundle carrying plotly.js again (outputs of two kernel runs): the guard keeps the first.
      await page.evaluate(() =>
        Object.assign(globalThis, { firstPlotly: (globalThis as { Plotly?: unknown }).Plotly }),
      );
      const again = figureBundle(roc, { inlinePlotly: true, divId: 'again', png: new Uint8Array([1]) })['text/html'];
      await page.evaluate((html) => {
        const doc = (
          globalThis as unknown as {
            document: {
              createRange(): { createContextualFragment(h: string): unknown };
              body: { append(n: unknown): void };
            };
          }
        ).document;
        doc.body.append(doc.createRange().createContextualFragment(html));
      }, again);
      await page.waitForSelector('#again .main-svg');
      assert.equal(await page.locator('#again img').count(), 0, 'the chart replaces the fallback image');
      assert.equal(
        await page.evaluate(() => {
          const g = globalThis as { Plotly?: unknown; firstPlotly?: unknown };
          return g.Plotly === g.firstPlotly;
        }),
        true,
      );
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
    }
  });
});
