import { baseLayout } from './base-layout.js';
import type { Figure, FigureOptions, PlotTrace } from './figure.js';
import { categoryColor, SINGLE_SERIES_COLOR } from './fit-colors.js';
import { finiteNumbers, groupRows, type GroupInput } from './group-values.js';

/** Options of {@link boxPlot}. */
export interface BoxPlotOptions extends FigureOptions {
  /** A category per value: one box per category, on the x axis. */
  groups?: GroupInput;
  /** Order of the categories (default: fit classes first, then sorted). */
  groupOrder?: readonly string[];
  /** Points drawn beside the box: `outliers` (default), `all`, or `false` for none. */
  points?: 'outliers' | 'all' | false;
  /** Mark the mean with a dashed line (default true). */
  showMean?: boolean;
}

/**
 * Box plots of `values`, one per category of `groups` (fit colours for small/fit/large), or one box
 * for all values. NaN values (missing) are left out. plotly computes the quartiles (its default,
 * linear-interpolation method) and whiskers at 1.5 IQR.
 * @throws InvalidArgumentError when `groups` has a different length than `values`.
 */
export function boxPlot(values: ArrayLike<number>, options: BoxPlotOptions = {}): Figure {
  const points = options.points ?? 'outliers';
  const boxmean = options.showMean ?? true;
  const trace = (name: string, color: string, rows?: number[]): PlotTrace => ({
    type: 'box',
    name,
    y: finiteNumbers(values, rows),
    marker: { color },
    boxpoints: points,
    boxmean,
  });
  const data =
    options.groups === undefined
      ? [trace(options.yLabel ?? 'values', SINGLE_SERIES_COLOR)]
      : groupRows(values.length, options.groups, options.groupOrder).map((g, k) =>
          trace(g.name, categoryColor(g.name, k), g.rows),
        );
  const layout = baseLayout(options);
  layout.showlegend = false;
  return { data, layout };
}
