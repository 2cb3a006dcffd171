import { baseLayout } from './base-layout.js';
import { categoryAxis } from './category-axis.js';
import type { Figure, FigureOptions, PlotTrace } from './figure.js';
import { categoryColor, SINGLE_SERIES_COLOR } from './fit-colors.js';
import { finiteNumbers, groupRows, type GroupInput } from './group-values.js';

/** Options of {@link boxPlot}. */
export interface BoxPlotOptions extends FigureOptions {
  /** A category per value: one box per category, on the x axis. */
  groups?: GroupInput;
  /**
   * Order of the categories, left to right (default: a coded column's categories, else fit classes first); the
   * categories it leaves out follow, sorted.
   */
  groupOrder?: readonly string[];
  /** Points drawn beside the box: `outliers` (default), `all`, or `false` for none. */
  points?: 'outliers' | 'all' | false;
  /** Mark the mean with a dashed line (default true). */
  showMean?: boolean;
}

/**
 * Box plots of `values`, one per category of `groups` (fit colours for small/fit/large), or one box
 * for all values. NaN values (missing) are left out. plotly computes the quartiles (its default,
 * linear-interpolation method) and whiskers at 1.5 IQR. The x axis is a category axis with one box per category,
 * in the order of the groups, even for names that look like numbers (sizes `2`, `10`).
 * @throws InvalidArgumentError when `groups` has a different length than `values`.
 */
export function boxPlot(values: ArrayLike<number>, options: BoxPlotOptions = {}): Figure {
  const points = options.points ?? 'outliers';
  const boxmean = options.showMean ?? true;
  const boxes =
    options.groups === undefined
      ? [{ name: options.yLabel ?? 'values', color: SINGLE_SERIES_COLOR, rows: undefined }]
      : groupRows(values.length, options.groups, options.groupOrder).map((g, k) => ({
          name: g.name,
          color: categoryColor(g.name, k),
          rows: g.rows,
        }));
  // Without a set axis type plotly guessed it from the names: '2' and '10' made a linear axis (the order lost),
  // a name such as 'n/a' then sat on another box, and 'constructor' or '__proto__' lost its box.
  const axis = categoryAxis(boxes.map((b) => b.name));
  const data = boxes.map((b): PlotTrace => ({
    type: 'box',
    name: b.name,
    x0: axis.plotlyName(b.name),
    y: finiteNumbers(values, b.rows),
    marker: { color: b.color },
    boxpoints: points,
    boxmean,
  }));
  const layout = baseLayout(options);
  layout.xaxis = { ...(layout.xaxis as object), ...axis.layout };
  layout.showlegend = false;
  return { data, layout };
}
