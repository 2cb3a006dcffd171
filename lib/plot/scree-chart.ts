import { InvalidArgumentError } from '../core/errors.js';
import type { PCA } from '../reduction/pca.js';
import type { Figure, FigureOptions } from './figure.js';
import { lineChart } from './line-chart.js';

/** Options of {@link screeChart}. */
export interface ScreeChartOptions extends FigureOptions {
  /** First components drawn (default 20, or all kept components when fewer). */
  components?: number;
}

/**
 * The scree plot of a fitted PCA: each component's explained variance ratio and their running total (dashed), by
 * component number.
 * @throws NotFittedError before fit; InvalidArgumentError when `components` is not an integer >= 1.
 */
export function screeChart(pca: PCA, options: ScreeChartOptions = {}): Figure {
  const k = options.components ?? 20;
  if (!Number.isInteger(k) || k < 1) {
    throw new InvalidArgumentError(`screeChart: components must be an integer >= 1, got ${k}`);
  }
  const { components: _k, ...figure } = options;
  const ratio = Array.from(pca.explainedVarianceRatio).slice(0, k);
  let total = 0;
  const cumulative = ratio.map((v) => (total += v));
  return lineChart(
    [
      { name: 'explained variance ratio', y: ratio },
      { name: 'cumulative', y: cumulative, dash: 'dash' },
    ],
    { xLabel: 'component', yLabel: 'share of the total variance', height: 400, ...figure, markers: true },
  );
}
