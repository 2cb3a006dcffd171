import { InvalidArgumentError } from '../core/errors.js';
import { baseLayout } from './base-layout.js';
import type { Figure, FigureOptions, PlotTrace } from './figure.js';
import { categoryColor, SINGLE_SERIES_COLOR } from './fit-colors.js';
import { finiteNumbers, groupRows, type GroupInput } from './group-values.js';

/** Options of {@link histogram}. */
export interface HistogramOptions extends FigureOptions {
  /** A category per value: one trace (and colour) per category. */
  groups?: GroupInput;
  /** Order of the categories (default: fit classes first, then sorted). */
  groupOrder?: readonly string[];
  /** Legend title, e.g. the name of the grouping column. */
  groupTitle?: string;
  /** `overlay` (default, semi-transparent bars over each other), `group` (side by side) or `stack`. */
  barmode?: 'overlay' | 'group' | 'stack';
  /** Maximum number of bins (plotly picks the exact edges); bins are shared by all groups. */
  nbins?: number;
  /** Normalisation: `''` counts (default), `percent`, `probability`, `density`, `probability density`. */
  histnorm?: '' | 'percent' | 'probability' | 'density' | 'probability density';
}

/**
 * A histogram of `values`, optionally one trace per category of `groups` (coloured with the fit
 * colours for small/fit/large). NaN values (missing) are left out.
 * @returns the figure: traces of type `histogram` with the finite values in `x`.
 * @throws InvalidArgumentError when `groups` has a different length than `values`, or `nbins` is not an integer >= 1.
 */
export function histogram(values: ArrayLike<number>, options: HistogramOptions = {}): Figure {
  if (options.nbins !== undefined && !(Number.isInteger(options.nbins) && options.nbins >= 1)) {
    throw new InvalidArgumentError(`histogram: nbins must be an integer >= 1, got ${options.nbins}`);
  }
  const histnorm = options.histnorm ?? '';
  const barmode = options.barmode ?? 'overlay';
  const common = (): PlotTrace => {
    const t: PlotTrace = { type: 'histogram', bingroup: 'x', histnorm };
    if (options.nbins !== undefined) t.nbinsx = options.nbins;
    return t;
  };
  let data: PlotTrace[];
  if (options.groups === undefined) {
    data = [
      {
        ...common(),
        name: options.xLabel ?? 'values',
        x: finiteNumbers(values),
        marker: { color: SINGLE_SERIES_COLOR },
      },
    ];
  } else {
    const groups = groupRows(values.length, options.groups, options.groupOrder);
    data = groups.map((g, k) => ({
      ...common(),
      name: g.name,
      x: finiteNumbers(values, g.rows),
      marker: { color: categoryColor(g.name, k), line: { color: '#ffffff', width: 0.5 } },
      opacity: barmode === 'overlay' ? 0.6 : 1,
    }));
  }
  const yDefault = histnorm === '' ? 'count' : histnorm;
  const layout = baseLayout(options, { y: yDefault });
  layout.barmode = barmode;
  layout.showlegend = options.groups !== undefined;
  if (options.groupTitle !== undefined) layout.legend = { title: { text: options.groupTitle } };
  return { data, layout };
}
