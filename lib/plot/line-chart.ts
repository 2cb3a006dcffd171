import { InvalidArgumentError } from '../core/errors.js';
import { baseLayout } from './base-layout.js';
import type { Figure, FigureOptions, PlotTrace } from './figure.js';
import { categoryColor } from './fit-colors.js';
import { jsonNumbers } from './group-values.js';

/** One line: `y` against `x` (default x = 1, 2, …, n). */
export interface LineSeries {
  /** Legend entry; `small`, `fit` and `large` get the fit colours. */
  name: string;
  /** x values (default 1..n, e.g. component numbers of a scree plot). */
  x?: ArrayLike<number>;
  /** y values (NaN = gap). */
  y: ArrayLike<number>;
  /** Line colour (default: fit colour or the palette). */
  color?: string;
  /** Line dash: `solid` (default), `dash`, `dot`, `dashdot`. */
  dash?: 'solid' | 'dash' | 'dot' | 'dashdot';
}

/** Options of {@link lineChart}. */
export interface LineChartOptions extends FigureOptions {
  /** Draw markers on the points too (default false). */
  markers?: boolean;
  /** Add a grey dashed y = x line from (0,0) to (1,1), the chance line of a ROC plot (default false). */
  diagonal?: boolean;
  /** Make the axes square, both from 0 to 1 (for ROC curves; default false). */
  unitSquare?: boolean;
  /** Legend title. */
  legendTitle?: string;
}

/**
 * A line chart of several series: ROC curves (with `diagonal` and `unitSquare`), a scree plot, a
 * learning curve.
 * @throws InvalidArgumentError when a series' x and y differ in length, or there is no series.
 */
export function lineChart(series: readonly LineSeries[], options: LineChartOptions = {}): Figure {
  if (series.length === 0) throw new InvalidArgumentError('lineChart needs at least one series');
  const mode = options.markers === true ? 'lines+markers' : 'lines';
  const data: PlotTrace[] = series.map((s, k) => {
    if (s.x !== undefined && s.x.length !== s.y.length) {
      throw new InvalidArgumentError(`line series '${s.name}': x has ${s.x.length} values; y has ${s.y.length}`);
    }
    const x = s.x !== undefined ? jsonNumbers(s.x) : Array.from({ length: s.y.length }, (_, i) => i + 1);
    return {
      type: 'scatter',
      mode,
      name: s.name,
      x,
      y: jsonNumbers(s.y),
      line: { color: s.color ?? categoryColor(s.name, k), dash: s.dash ?? 'solid', width: 2 },
    };
  });
  if (options.diagonal === true) {
    data.push({
      type: 'scatter',
      mode: 'lines',
      name: 'chance',
      x: [0, 1],
      y: [0, 1],
      line: { color: '#999999', dash: 'dash', width: 1 },
      hoverinfo: 'skip',
    });
  }
  const layout = baseLayout(options, { x: 'x', y: 'y' });
  if (options.unitSquare === true) {
    layout.xaxis = { ...(layout.xaxis as object), range: [0, 1], constrain: 'domain' };
    layout.yaxis = { ...(layout.yaxis as object), range: [0, 1], scaleanchor: 'x', scaleratio: 1, constrain: 'domain' };
  }
  layout.showlegend = data.length > 1;
  layout.hovermode = 'closest';
  if (options.legendTitle !== undefined) layout.legend = { title: { text: options.legendTitle } };
  return { data, layout };
}
