import { InvalidArgumentError } from '../core/errors.js';
import { FIT_CLASSES } from '../core/labels.js';
import type { Calibration } from '../validation/calibration-bins.js';
import type { Figure, FigureOptions } from './figure.js';
import { FIT_COLORS } from './fit-colors.js';
import { lineChart } from './line-chart.js';

/** Options of {@link calibrationChart}. */
export interface CalibrationChartOptions extends FigureOptions {
  /** Class names in the column order of the calibration (default FIT_CLASSES: small, fit, large). */
  classNames?: readonly string[];
  /** Bins with fewer rows are not drawn: a finite number >= 0 (default 20: a rate of a handful of rows is noise). */
  minCount?: number;
}

/**
 * A reliability diagram: for each class, the observed rate of the class against the mean predicted
 * probability in each bin of `calibrationBins(y, P)`, with the diagonal of perfect calibration. The
 * legend gives each class's expected calibration error.
 * @throws InvalidArgumentError when the class names do not match the calibration's classes, or `minCount` is not a
 *   finite number >= 0.
 */
export function calibrationChart(calibration: Calibration, options: CalibrationChartOptions = {}): Figure {
  const names = options.classNames ?? FIT_CLASSES;
  if (names.length !== calibration.classes.length) {
    throw new InvalidArgumentError(
      `calibrationChart: ${names.length} class names for ${calibration.classes.length} classes`,
    );
  }
  const minCount = options.minCount ?? 20;
  // NaN left out every bin: an empty chart, silently.
  if (!(Number.isFinite(minCount) && minCount >= 0)) {
    throw new InvalidArgumentError(`calibrationChart: minCount must be a finite number >= 0, got ${minCount}`);
  }
  const series = calibration.classes.map((c, k) => {
    const keep = c.count.map((_, b) => b).filter((b) => c.count[b] >= Math.max(1, minCount));
    const round = (v: number) => Math.round(v * 1e4) / 1e4;
    return {
      name: `${names[k]} (ECE ${c.ece.toFixed(3)})`,
      x: keep.map((b) => round(c.meanPredicted[b])),
      y: keep.map((b) => round(c.observedRate[b])),
      // Own keys only: `in` would also match Object.prototype names such as 'constructor'.
      color: Object.hasOwn(FIT_COLORS, names[k]) ? FIT_COLORS[names[k] as keyof typeof FIT_COLORS] : undefined,
    };
  });
  const fig = lineChart(series, {
    xLabel: 'mean predicted probability',
    yLabel: 'observed rate',
    ...options,
    markers: true,
    diagonal: true,
    unitSquare: true,
  });
  const diagonal = fig.data[fig.data.length - 1];
  diagonal.name = 'perfectly calibrated';
  return fig;
}
