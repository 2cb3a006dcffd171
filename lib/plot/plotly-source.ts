import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { PlotRenderError } from './plot-render-error.js';

let cached: string | undefined;

/**
 * The path of the installed `plotly.js-dist-min/plotly.min.js`, resolved from this package.
 * @throws PlotRenderError when plotly.js-dist-min is not installed.
 */
export function plotlyJsPath(): string {
  try {
    return createRequire(import.meta.url).resolve('plotly.js-dist-min/plotly.min.js');
  } catch (e) {
    throw new PlotRenderError('plotly.js-dist-min is not installed: npm install plotly.js-dist-min', { cause: e });
  }
}

/**
 * The text of plotly.min.js (about 4.8 MB), read on first use and kept. Nothing is read when sizefit
 * is imported, so a service that never plots never loads it.
 * @throws PlotRenderError when plotly.js-dist-min is not installed.
 */
export function plotlyJsSource(): string {
  cached ??= readFileSync(plotlyJsPath(), 'utf8');
  return cached;
}

/**
 * A `<script>` element that defines the global `Plotly` from the inlined plotly.min.js, only when it is
 * not defined yet (a page or notebook holding two copies draws with the first). `module`/`exports` are
 * hidden so the bundle always sets `window.Plotly`, even on pages with a CommonJS-like loader.
 */
export function plotlyLoaderScript(): string {
  const js = plotlyJsSource().replace(/<\/script/gi, '<\\/script');
  return (
    '<script type="text/javascript">if (typeof window.Plotly === "undefined") {' +
    '(function (module, exports, define) {\n' +
    js +
    '\n}).call(window, undefined, undefined, undefined);}</script>'
  );
}
