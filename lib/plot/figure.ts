/**
 * A plotly.js figure as plain JSON: the `data` (traces) and `layout` objects that `Plotly.newPlot`
 * takes. It holds only JSON values (numbers, strings, null, arrays, objects), so it can be saved with
 * `JSON.stringify`, compared in tests and sent to a browser as is.
 */
export interface Figure {
  /** The traces, drawn in order. */
  data: PlotTrace[];
  /** The layout: title, axes, legend, size, annotations. */
  layout: PlotLayout;
}

/** One plotly.js trace. `type` names the trace type; the other attributes follow plotly.js's schema. */
export interface PlotTrace {
  /** plotly.js trace type, e.g. `histogram`, `bar`, `scatter`, `heatmap`, `box`. */
  type: string;
  /** Legend entry. */
  name?: string;
  [attribute: string]: unknown;
}

/** A plotly.js layout object; attributes follow plotly.js's schema. */
export interface PlotLayout {
  [attribute: string]: unknown;
}

/** Options shared by every figure builder. */
export interface FigureOptions {
  /** Figure title. */
  title?: string;
  /** x-axis label. */
  xLabel?: string;
  /** y-axis label. */
  yLabel?: string;
  /** Width in pixels (the layout size; static images default to it too). */
  width?: number;
  /** Height in pixels. */
  height?: number;
}
