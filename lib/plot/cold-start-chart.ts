import { InvalidArgumentError } from '../core/errors.js';
import type { ColdStartRow } from '../validation/cold-start.js';
import type { Figure } from './figure.js';
import { intervalChart, type IntervalChartOptions } from './interval-chart.js';

/** One model's cold-start table ({@link coldStartTable}) under a name. */
export interface ColdStartSeries {
  name: string;
  rows: readonly ColdStartRow[];
}

/**
 * The average AUC of each cold-start bin as a dot with its 95% interval, one row per bin (labelled with its number of
 * rows, from the first series) and one marker per model. Unlike bars, the interval shows how little a bin of a few
 * hundred rows says, and the axis is not cut off below. A bin whose AUC is undefined (a class absent) has no dot.
 *
 * @throws InvalidArgumentError without a series or when the series' bins differ; as {@link intervalChart}.
 */
export function coldStartChart(series: readonly ColdStartSeries[], options: IntervalChartOptions = {}): Figure {
  if (series.length === 0) throw new InvalidArgumentError('coldStartChart needs at least one series');
  const bins = series[0].rows.map((r) => r.group);
  for (const s of series) {
    const own = s.rows.map((r) => r.group);
    if (own.length !== bins.length || own.some((g, i) => g !== bins[i])) {
      throw new InvalidArgumentError(
        `coldStartChart: '${s.name}' has bins [${own.join(', ')}], '${series[0].name}' has [${bins.join(', ')}]`,
      );
    }
  }
  const label = series[0].rows.map((r) => `${r.group} (${r.rows.toLocaleString('en-US')} rows)`);
  return intervalChart(
    series.map((s) => ({
      name: s.name,
      points: s.rows.map((r, i) => ({ label: label[i], estimate: r.avgAuc, low: r.low, high: r.high })),
    })),
    { xLabel: 'average AUC (95% interval)', ...options, order: label },
  );
}
