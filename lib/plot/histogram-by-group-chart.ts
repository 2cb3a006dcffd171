import type { HistogramByGroup } from '../data/explore-histogram-by-group.js';
import { barChart, type BarChartOptions } from './bar-chart.js';
import type { Figure } from './figure.js';

/**
 * A {@link histogramByGroup} result as grouped bars: per bin, each group's share of its own rows (percent), so the
 * shapes of groups of different sizes compare (the fit labels by default: legend "fit"). When no group has a value
 * (`groups` is empty: an all-missing column or an empty subset), the chart is empty with the bin labels on its axis.
 * @throws as {@link barChart}.
 */
export function histogramByGroupChart(h: HistogramByGroup, options: BarChartOptions = {}): Figure {
  return barChart(
    h.labels,
    h.groups.map((g) => ({ name: g.name, values: g.percent })),
    { yLabel: '% of the label', legendTitle: 'fit', ...options },
  );
}
