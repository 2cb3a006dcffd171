import { randomUUID } from 'node:crypto';
import type { Figure } from './figure.js';
import { figureBundle, type FigureBundle } from './figure-bundle.js';
import { plotlyLoaderScript } from './plotly-source.js';
import { renderStatic, staticRenderSupport } from './static-renderer.js';
import { tslabDisplayWriter } from './tslab-display.js';

/** Options of {@link showFigure}. */
export interface ShowFigureOptions {
  /** Add a static PNG (default: true unless env `SIZEFIT_STATIC_PLOTS=0`). */
  static?: boolean;
  /** Static image width (default: the layout's width, else 800). */
  width?: number;
  /** Static image height (default: the layout's height, else 500). */
  height?: number;
}

let plotlyInjected = false;

/**
 * Shows a figure in a tslab notebook as ONE output carrying several MIME types: the plotly JSON
 * (interactive in JupyterLab with jupyterlab-plotly), HTML (a div holding the static image, and a script
 * drawing the interactive chart once `Plotly` is on the page), the PNG, and a text line. The first
 * figure of a kernel process also carries plotly.js inline (once, not per chart), so the notebook works
 * offline. When the static image cannot be made (no Chromium), the output says so and how to fix it.
 * Outside tslab nothing is written; the bundle is returned either way.
 * Await it (`await showFigure(fig)`): the PNG is rendered asynchronously.
 * @returns the bundle that was (or would have been) displayed.
 */
export async function showFigure(fig: Figure, options: ShowFigureOptions = {}): Promise<FigureBundle> {
  // Capture the writer now: it belongs to the cell that called showFigure, even if rendering takes a while.
  const write = tslabDisplayWriter();
  const wantStatic = options.static ?? process.env.SIZEFIT_STATIC_PLOTS !== '0';
  let png: Buffer | undefined;
  let note: string | undefined;
  if (wantStatic) {
    const support = staticRenderSupport();
    if (support.available) {
      try {
        png = await renderStatic(fig, { format: 'png', width: options.width, height: options.height });
      } catch (e) {
        note = `Static image skipped: ${(e as Error).message}`;
      }
    } else {
      note = `Static image skipped: ${support.reason}.`;
    }
  }
  const inlinePlotly = !plotlyInjected;
  const bundle = figureBundle(fig, { png, note, inlinePlotly, divId: `sizefit-plot-${randomUUID()}` });
  if (write !== undefined) {
    write({ data: { ...bundle }, metadata: {} }, false);
  }
  plotlyInjected = true;
  return bundle;
}

/**
 * Puts plotly.js on the notebook page now (one HTML output, inside tslab) and counts it as injected.
 * Use it after clearing all outputs, when the output that carried plotly.js is gone.
 * @returns the HTML that was (or, outside tslab, would have been) displayed.
 */
export function initNotebookPlotting(): string {
  const html = plotlyLoaderScript();
  const write = tslabDisplayWriter();
  if (write !== undefined) {
    write({ data: { 'text/html': html, 'text/plain': 'plotly.js loaded' }, metadata: {} }, false);
    plotlyInjected = true;
  } else {
    plotlyInjected = false;
  }
  return html;
}

/** Forgets that plotly.js was injected, so the next {@link showFigure} carries it again (for tests). */
export function resetNotebookPlotting(): void {
  plotlyInjected = false;
}

/** Whether this process has already put plotly.js on the notebook page. */
export function notebookPlottingInitialized(): boolean {
  return plotlyInjected;
}
