import { SizefitError } from '../core/errors.js';

/**
 * A figure could not be drawn: plotly.js, playwright-core or Chromium is missing, or the browser
 * failed. `code` is `PLOT_RENDER`; the message says what is missing and how to get it.
 */
export class PlotRenderError extends SizefitError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('PLOT_RENDER', message, options);
  }
}
