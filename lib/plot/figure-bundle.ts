import { createHash } from 'node:crypto';
import type { Figure } from './figure.js';
import { plotlyLoaderScript } from './plotly-source.js';

/** MIME type that JupyterLab's plotly extension renders interactively. */
export const PLOTLY_MIME = 'application/vnd.plotly.v1+json';

/**
 * One Jupyter display bundle for a figure. The plotly entry is the figure object itself (Jupyter sends
 * JSON MIME types as JSON, not as a string); the others are strings (`image/png` in base64).
 */
export interface FigureBundle {
  /** The figure, for JupyterLab's plotly extension. */
  'application/vnd.plotly.v1+json': Figure;
  /** A div holding the static image (or a note), and a script that draws the chart there with Plotly. */
  'text/html': string;
  /** The static image, base64-encoded (absent when it was not rendered). */
  'image/png'?: string;
  /** A one-line description, plus the note when there is one. */
  'text/plain': string;
}

/** Options of {@link figureBundle}. */
export interface FigureBundleOptions {
  /** The static PNG image (bytes or base64). Without it the HTML shows `note` instead of an image. */
  png?: Uint8Array | string;
  /** A note shown under the chart and in the text form, e.g. why the static image is missing. */
  note?: string;
  /** Put plotly.js (~4.8 MB) inline in the HTML, guarded so it is defined once (default false). */
  inlinePlotly?: boolean;
  /** id of the chart's div (default: derived from the figure's content). */
  divId?: string;
}

/**
 * The display bundle of a figure: the plotly JSON, HTML with the static image as fallback, the PNG
 * and a text line. Pure: the same figure and options give the same bundle.
 */
export function figureBundle(fig: Figure, options: FigureBundleOptions = {}): FigureBundle {
  const json = JSON.stringify({ data: fig.data, layout: fig.layout });
  const id = options.divId ?? 'sizefit-plot-' + createHash('sha256').update(json).digest('hex').slice(0, 16);
  const png =
    options.png === undefined
      ? undefined
      : typeof options.png === 'string'
        ? options.png
        : Buffer.from(options.png.buffer, options.png.byteOffset, options.png.byteLength).toString('base64');
  const title = figureTitle(fig);
  const fallback =
    png !== undefined
      ? `<img src="data:image/png;base64,${png}" alt="${escapeHtml(title || 'plot')}" style="max-width:100%;height:auto;">`
      : `<p style="font-family:sans-serif;color:#666;">${escapeHtml(title || 'plot')}: interactive chart (needs JavaScript and plotly.js)</p>`;
  const draw =
    '<script type="text/javascript">(function () {' +
    `var id = ${scriptJson(id)}; var fig = ${scriptJson({ data: fig.data, layout: fig.layout })}; var tries = 0;` +
    'function draw() { var el = document.getElementById(id); var P = window.Plotly;' +
    ' if (el && P) { el.innerHTML = ""; P.newPlot(el, fig.data, fig.layout, { responsive: true, displaylogo: false }); }' +
    ' else if (tries++ < 100) { setTimeout(draw, 100); } }' +
    'draw(); })();</script>';
  const noteHtml =
    options.note !== undefined
      ? `<div style="font-family:sans-serif;font-size:12px;color:#666;">${escapeHtml(options.note)}</div>`
      : '';
  const html =
    (options.inlinePlotly === true ? plotlyLoaderScript() : '') +
    `<div id="${escapeHtml(id)}" class="sizefit-plot">${fallback}</div>${noteHtml}${draw}`;
  const bundle: FigureBundle = {
    [PLOTLY_MIME]: { data: fig.data, layout: fig.layout },
    'text/html': html,
    'text/plain': describeFigure(fig) + (options.note !== undefined ? `\n${options.note}` : ''),
  };
  if (png !== undefined) bundle['image/png'] = png;
  return bundle;
}

/** The figure's title text, or ''. */
function figureTitle(fig: Figure): string {
  const t = fig.layout.title;
  if (typeof t === 'string') return t;
  if (t !== null && typeof t === 'object' && typeof (t as { text?: unknown }).text === 'string') {
    return (t as { text: string }).text;
  }
  return '';
}

/** "Figure 'Height by fit': 3 traces (histogram: small, fit, large)". */
export function describeFigure(fig: Figure): string {
  const title = figureTitle(fig);
  const types = [...new Set(fig.data.map((t) => t.type))].join(', ');
  const names = fig.data.map((t) => t.name).filter((n): n is string => typeof n === 'string' && n !== '');
  const n = fig.data.length;
  return (
    `Figure${title ? ` '${title}'` : ''}: ${n} trace${n === 1 ? '' : 's'} (${types}` +
    `${names.length > 0 ? `: ${names.slice(0, 8).join(', ')}${names.length > 8 ? ', …' : ''}` : ''})`
  );
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** JSON safe to put inside a <script>: no `</script>`, no `<!--`, no line separators. */
function scriptJson(v: unknown): string {
  return JSON.stringify(v)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
