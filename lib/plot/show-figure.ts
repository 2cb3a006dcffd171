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
 * The bundle {@link showFigure} displays: renders the static PNG (unless turned off or impossible, then
 * with a note saying how to get it) and inlines plotly.js if no earlier bundle of this process carried
 * it (the first call counts as injecting it, displayed or not).
 * @returns the bundle, with a fresh div id.
 */
export async function notebookFigureBundle(fig: Figure, options: ShowFigureOptions = {}): Promise<FigureBundle> {
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
  plotlyInjected = true;
  return figureBundle(fig, { png, note, inlinePlotly, divId: `sizefit-plot-${randomUUID()}` });
}

/**
 * Shows a figure in a tslab notebook as ONE output carrying several MIME types: the plotly JSON
 * (interactive in JupyterLab with jupyterlab-plotly), HTML (a div holding the static image, and a script
 * drawing the interactive chart once `Plotly` is on the page), the PNG, and a text line. The first
 * figure of a kernel process also carries plotly.js inline (once, not per chart), so the notebook works
 * offline. When the static image cannot be made (no Chromium), the output says so and how to fix it.
 * Outside tslab it writes nothing (use {@link notebookFigureBundle} to get the bundle).
 * Await it (`await showFigure(fig)`): the PNG is rendered asynchronously. It returns nothing, so a cell
 * ending with it prints nothing more.
 */
export async function showFigure(fig: Figure, options: ShowFigureOptions = {}): Promise<void> {
  // Take the writer now: it belongs to the cell that called showFigure, even if rendering takes a while.
  const write = tslabDisplayWriter();
  if (write === undefined) return;
  const bundle = await notebookFigureBundle(fig, options);
  write({ data: { ...bundle }, metadata: {} }, false);
}

/**
 * Forces plotly.js onto the notebook page again, for a user who cleared all outputs (and with them the
 * output that carried it). Inside tslab it displays plotly.js now, as one HTML output; outside tslab
 * the next {@link notebookFigureBundle} carries it.
 * @returns the loader HTML.
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

/** Forgets that plotly.js was injected, so the next figure carries it again (a reset hook for tests). */
export function resetNotebookPlotting(): void {
  plotlyInjected = false;
}

/** Whether this process has already put plotly.js on the notebook page. */
export function notebookPlottingInitialized(): boolean {
  return plotlyInjected;
}
