import { InvalidArgumentError } from '../core/errors.js';
import { baseLayout } from './base-layout.js';
import type { Figure, FigureOptions, PlotTrace } from './figure.js';
import { categoryColor, SINGLE_SERIES_COLOR } from './fit-colors.js';
import { groupRows, jsonNumbers, type GroupInput } from './group-values.js';

/** Options of {@link scatterPlot}. */
export interface ScatterPlotOptions extends FigureOptions {
  /** A category per point: one trace (and colour) per category. */
  groups?: GroupInput;
  /** Order of the categories (default: fit classes first, then sorted). */
  groupOrder?: readonly string[];
  /** Legend title. */
  groupTitle?: string;
  /** Hover text per point (e.g. an item id or a size label). */
  text?: ArrayLike<string>;
  /** Marker size in pixels, a finite number > 0 (default 6). */
  markerSize?: number;
  /** Marker opacity, in [0, 1] (default 0.7). */
  opacity?: number;
  /** Draw with WebGL (`scattergl`) for many points; static images then need WebGL in Chromium. */
  webgl?: boolean;
}

/**
 * A scatter plot of `y` against `x`, coloured by category when `groups` is given, with optional hover
 * text. A point with a NaN coordinate is kept as `null` (not drawn).
 * @throws InvalidArgumentError when `x`, `y`, `groups` or `text` differ in length, `markerSize` is not a finite
 *   number > 0, or `opacity` is not in [0, 1].
 */
export function scatterPlot(x: ArrayLike<number>, y: ArrayLike<number>, options: ScatterPlotOptions = {}): Figure {
  if (x.length !== y.length) throw new InvalidArgumentError(`scatterPlot: x has ${x.length} values; y has ${y.length}`);
  if (options.text !== undefined && options.text.length !== x.length) {
    throw new InvalidArgumentError(`scatterPlot: text has ${options.text.length} values; x has ${x.length}`);
  }
  const type = options.webgl === true ? 'scattergl' : 'scatter';
  const size = options.markerSize ?? 6;
  const opacity = options.opacity ?? 0.7;
  // NaN went to plotly as null (its default size); an opacity of 2 drew as 1.
  if (!(Number.isFinite(size) && size > 0)) {
    throw new InvalidArgumentError(`scatterPlot: markerSize must be a finite number > 0, got ${size}`);
  }
  if (!(opacity >= 0 && opacity <= 1))
    throw new InvalidArgumentError(`scatterPlot: opacity must be in [0, 1], got ${opacity}`);
  const trace = (name: string, color: string, rows?: number[]): PlotTrace => {
    const t: PlotTrace = {
      type,
      mode: 'markers',
      name,
      x: jsonNumbers(x, rows),
      y: jsonNumbers(y, rows),
      marker: { color, size, opacity },
    };
    if (options.text !== undefined) {
      const text = options.text;
      t.text = rows ? rows.map((i) => text[i]) : Array.from(text);
      t.hoverinfo = 'x+y+text+name';
    }
    return t;
  };
  const data =
    options.groups === undefined
      ? [trace(options.yLabel ?? 'y', SINGLE_SERIES_COLOR)]
      : groupRows(x.length, options.groups, options.groupOrder).map((g, k) =>
          trace(g.name, categoryColor(g.name, k), g.rows),
        );
  const layout = baseLayout(options, { x: 'x', y: 'y' });
  layout.showlegend = options.groups !== undefined;
  layout.hovermode = 'closest';
  if (options.groupTitle !== undefined) layout.legend = { title: { text: options.groupTitle } };
  return { data, layout };
}
