import { InvalidArgumentError } from '../core/errors.js';
import { baseLayout } from './base-layout.js';
import { categoryAxis } from './category-axis.js';
import type { Figure, FigureOptions, PlotTrace } from './figure.js';
import { categoryColor, SINGLE_SERIES_COLOR } from './fit-colors.js';
import { jsonNumbers } from './group-values.js';

/** One series of bars: a value per category. */
export interface BarSeries {
  /** Legend entry; `small`, `fit` and `large` get the fit colours. */
  name: string;
  /** One value per category (NaN = no bar). */
  values: ArrayLike<number>;
  /** Bar colour (default: fit colour or the palette). */
  color?: string;
  /** Error bar per category (e.g. a 95% CI half-width); with `errorMinus`, only the part above the value. */
  error?: ArrayLike<number>;
  /** The part of the error bar below the value (an asymmetric interval such as Wilson's); needs `error`. */
  errorMinus?: ArrayLike<number>;
}

/** Options of {@link barChart}. */
export interface BarChartOptions extends FigureOptions {
  /** `group` (default, side by side) or `stack`. */
  barmode?: 'group' | 'stack';
  /** `v` (default, vertical bars, categories on x) or `h` (horizontal, categories on y). */
  orientation?: 'v' | 'h';
  /** Write each value on its bar, formatted with this many decimals. */
  labelDecimals?: number;
  /** Legend title. */
  legendTitle?: string;
}

/**
 * A bar chart of one or several series over the same categories (grouped or stacked).
 * Pass a plain array of numbers for a single unnamed series. The category axis shows every category, in the order
 * given, even names that look like numbers; an empty series list gives an empty chart with the categories on the
 * axis (e.g. no group has a value).
 * @throws InvalidArgumentError when a series does not have one value per category, or `labelDecimals` is not an
 *   integer in 0..20.
 */
export function barChart(
  categories: readonly string[],
  series: readonly BarSeries[] | ArrayLike<number>,
  options: BarChartOptions = {},
): Figure {
  const list: readonly BarSeries[] = isSeriesList(series)
    ? series
    : [{ name: options.yLabel ?? 'value', values: series, color: SINGLE_SERIES_COLOR }];
  const horizontal = (options.orientation ?? 'v') === 'h';
  const axis = categoryAxis(categories);
  const data: PlotTrace[] = list.map((s, k) => {
    if (s.values.length !== categories.length) {
      throw new InvalidArgumentError(
        `bar series '${s.name}' has ${s.values.length} values; there are ${categories.length} categories`,
      );
    }
    const values = jsonNumbers(s.values);
    const trace: PlotTrace = {
      type: 'bar',
      name: s.name,
      orientation: horizontal ? 'h' : 'v',
      [horizontal ? 'y' : 'x']: [...axis.names],
      [horizontal ? 'x' : 'y']: values,
      marker: { color: s.color ?? categoryColor(s.name, k) },
    };
    if (s.errorMinus !== undefined && s.error === undefined) {
      throw new InvalidArgumentError(`bar series '${s.name}' has errorMinus without error`);
    }
    if (s.error !== undefined) {
      for (const [what, e] of [
        ['errors', s.error],
        ['errorMinus values', s.errorMinus],
      ] as const) {
        if (e !== undefined && e.length !== categories.length) {
          throw new InvalidArgumentError(
            `bar series '${s.name}' has ${e.length} ${what}; expected ${categories.length}`,
          );
        }
      }
      trace[horizontal ? 'error_x' : 'error_y'] =
        s.errorMinus === undefined
          ? { type: 'data', array: jsonNumbers(s.error), visible: true }
          : {
              type: 'data',
              symmetric: false,
              array: jsonNumbers(s.error),
              arrayminus: jsonNumbers(s.errorMinus),
              visible: true,
            };
    }
    if (options.labelDecimals !== undefined) {
      const d = options.labelDecimals;
      if (!(Number.isInteger(d) && d >= 0 && d <= 20)) {
        throw new InvalidArgumentError(`barChart: labelDecimals must be an integer in 0..20, got ${d}`);
      }
      trace.text = values.map((v) => (v === null ? '' : v.toFixed(d)));
      trace.textposition = 'auto';
    }
    return trace;
  });
  const layout = baseLayout(options);
  const categoryKey = horizontal ? 'yaxis' : 'xaxis';
  layout[categoryKey] = { ...(layout[categoryKey] as object), ...axis.layout };
  layout.barmode = options.barmode ?? 'group';
  layout.showlegend = list.length > 1;
  if (options.legendTitle !== undefined) layout.legend = { title: { text: options.legendTitle } };
  return { data, layout };
}

// An empty array is an empty series list: as numbers it would only fit zero categories, where both readings agree.
function isSeriesList(s: readonly BarSeries[] | ArrayLike<number>): s is readonly BarSeries[] {
  return Array.isArray(s) && (s.length === 0 || (typeof s[0] === 'object' && s[0] !== null));
}
