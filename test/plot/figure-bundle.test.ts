import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { afterEach, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  figureBundle,
  figureToHtml,
  histogram,
  initNotebookPlotting,
  PLOTLY_MIME,
  notebookPlottingInitialized,
  resetNotebookPlotting,
  notebookFigureBundle,
  showFigure,
} from '../../lib/index.js';

interface Jupyter {
  lastWriteDisplayData: unknown;
}

const PLOTLY_MARK = 'window.Plotly = Plotly;'; // last statement of plotly.min.js
const count = (s: string, sub: string) => s.split(sub).length - 1;
const fig = histogram([1, 2, 2, 3], { groups: ['small', 'fit', 'fit', 'large'], title: 'Heights </script><b>' });
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);

describe('figureBundle', () => {
  it('holds the four MIME types; the HTML div contains the PNG as <img> fallback and a draw script', () => {
    const b = figureBundle(fig, { png: PNG, divId: 'p1' });
    assert.deepEqual(Object.keys(b).sort(), ['application/vnd.plotly.v1+json', 'image/png', 'text/html', 'text/plain']);
    assert.deepEqual(b[PLOTLY_MIME], fig);
    assert.equal(b['image/png'], Buffer.from(PNG).toString('base64'));
    const html = b['text/html'];
    const div = html.slice(html.indexOf('<div id="p1"'), html.indexOf('</div>'));
    assert.ok(div.includes(`<img src="data:image/png;base64,${b['image/png']}"`), div);
    assert.ok(html.includes('P.newPlot(el, fig.data, fig.layout'));
    assert.equal(count(html, '</script>'), 1, 'the title must not close the script early');
    assert.ok(!html.includes(PLOTLY_MARK));
    assert.equal(b['text/plain'], "Figure 'Heights </script><b>': 3 traces (histogram: small, fit, large)");
  });

  it('is pure: the same input gives the same bundle; inlinePlotly adds plotly.js once, guarded', () => {
    assert.deepEqual(figureBundle(fig), figureBundle(fig));
    const html = figureBundle(fig, { inlinePlotly: true })['text/html'];
    assert.equal(count(html, PLOTLY_MARK), 1);
    assert.ok(html.startsWith('<script type="text/javascript">if (typeof window.Plotly === "undefined")'));
    assert.ok(html.length > 4_000_000);
  });

  it('without a PNG shows a text fallback and the note', () => {
    const b = figureBundle(fig, { note: 'Static image skipped: no Chromium' });
    assert.equal(b['image/png'], undefined);
    assert.ok(!b['text/html'].includes('<img'));
    assert.ok(b['text/html'].includes('Static image skipped: no Chromium'));
    assert.ok(b['text/plain'].endsWith('\nStatic image skipped: no Chromium'));
  });
});

describe('notebookFigureBundle (what showFigure displays)', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env.SIZEFIT_STATIC_PLOTS = saved.SIZEFIT_STATIC_PLOTS;
    process.env.SIZEFIT_CHROMIUM = saved.SIZEFIT_CHROMIUM;
    if (saved.SIZEFIT_STATIC_PLOTS === undefined) delete process.env.SIZEFIT_STATIC_PLOTS;
    if (saved.SIZEFIT_CHROMIUM === undefined) delete process.env.SIZEFIT_CHROMIUM;
  });

  it('inlines plotly.js only in the first bundle of the process, again after a reset', async () => {
    resetNotebookPlotting();
    assert.equal(notebookPlottingInitialized(), false);
    const first = await notebookFigureBundle(fig, { static: false });
    assert.equal(notebookPlottingInitialized(), true);
    const second = await notebookFigureBundle(fig, { static: false });
    assert.equal(count(first['text/html'], PLOTLY_MARK), 1);
    assert.equal(count(second['text/html'], PLOTLY_MARK), 0);
    assert.notEqual(first['text/html'].match(/id="([^"]+)"/)![1], second['text/html'].match(/id="([^"]+)"/)![1]);
    initNotebookPlotting(); // outside tslab: forces the next figure to carry plotly.js again
    assert.equal(notebookPlottingInitialized(), false);
    assert.equal(count((await notebookFigureBundle(fig, { static: false }))['text/html'], PLOTLY_MARK), 1);
  });

  it('SIZEFIT_STATIC_PLOTS=0 turns the static image off, with no note (the user asked for it)', async () => {
    process.env.SIZEFIT_STATIC_PLOTS = '0';
    const b = await notebookFigureBundle(fig);
    assert.equal(b['image/png'], undefined);
    assert.equal(b['text/plain'], "Figure 'Heights </script><b>': 3 traces (histogram: small, fit, large)");
    assert.deepEqual(b[PLOTLY_MIME], fig);
  });

  it('a missing Chromium still gives the interactive forms and a note on how to get the image', async () => {
    process.env.SIZEFIT_CHROMIUM = '/nonexistent/chromium';
    const b = await notebookFigureBundle(fig);
    assert.equal(b['image/png'], undefined);
    assert.ok(b['text/html'].includes('apt-get install chromium'));
    assert.match(b['text/plain'], /SIZEFIT_CHROMIUM=\/nonexistent\/chromium does not exist/);
  });
});

describe('showFigure', () => {
  it('outside tslab writes nothing, returns nothing and does not count plotly.js as injected', async () => {
    resetNotebookPlotting();
    assert.equal(await showFigure(fig, { static: false }), undefined);
    assert.equal(count((await notebookFigureBundle(fig, { static: false }))['text/html'], PLOTLY_MARK), 1);
  });

  it('inside tslab sends ONE display_data with all MIME types through the kernel writer', async () => {
    const jupyter = createRequire(import.meta.url)('tslab/dist/jupyter') as Jupyter;
    const sent: { content: { data: Record<string, unknown> }; update: boolean }[] = [];
    const saved = jupyter.lastWriteDisplayData;
    jupyter.lastWriteDisplayData = (content: { data: Record<string, unknown> }, update: boolean) =>
      sent.push({ content, update });
    (globalThis as { __tslab__?: unknown }).__tslab__ = {};
    try {
      resetNotebookPlotting();
      await showFigure(fig, { static: false });
      await showFigure(fig, { static: false });
    } finally {
      delete (globalThis as { __tslab__?: unknown }).__tslab__;
      jupyter.lastWriteDisplayData = saved;
    }
    assert.equal(sent.length, 2);
    assert.deepEqual(Object.keys(sent[0].content.data).sort(), [PLOTLY_MIME, 'text/html', 'text/plain']);
    assert.equal(sent[0].update, false);
    assert.deepEqual(sent[0].content.data[PLOTLY_MIME], fig);
    assert.equal(count(sent[0].content.data['text/html'] as string, PLOTLY_MARK), 1);
    assert.equal(count(sent[1].content.data['text/html'] as string, PLOTLY_MARK), 0);
  });
});

describe('figureToHtml', () => {
  it('makes one standalone page with plotly.js inlined once for several figures', () => {
    const html = figureToHtml([fig, fig], 'Report <1>');
    assert.ok(html.startsWith('<!doctype html>'));
    assert.equal(count(html, PLOTLY_MARK), 1);
    assert.equal(count(html, 'class="sizefit-plot"'), 2);
    assert.ok(html.includes('<title>Report &lt;1&gt;</title>'));
  });
});

describe('importing sizefit', () => {
  it('loads neither playwright-core nor plotly.js', () => {
    const root = fileURLToPath(new URL('../../', import.meta.url));
    const script = `
      import { createRequire, syncBuiltinESMExports } from 'node:module';
      import fs from 'node:fs';
      const reads = [];
      const orig = fs.readFileSync;
      fs.readFileSync = (p, ...a) => { reads.push(String(p)); return orig(p, ...a); };
      syncBuiltinESMExports();
      await import('./lib/index.ts');
      const cached = Object.keys(createRequire(import.meta.url).cache);
      console.log(JSON.stringify({ playwright: cached.filter((f) => f.includes('playwright')),
        plotly: [...cached, ...reads].filter((f) => f.includes('plotly')) }));`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: root,
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout.trim().split('\n').pop()!), { playwright: [], plotly: [] });
  });
});
