import { InvalidArgumentError } from '../core/errors.js';
import type { RocCurve } from '../validation/roc-curve.js';
import type { Figure, FigureOptions } from './figure.js';
import { FIT_COLORS } from './fit-colors.js';
import { lineChart } from './line-chart.js';

/** One ROC curve to draw. */
export interface RocSeries {
  /** Legend entry (the AUC is appended); `small`, `fit` and `large` get the fit colours. */
  name: string;
  /** The curve, from `rocCurve(labels, scores)`. */
  curve: RocCurve;
  /** Line colour (default: fit colour or the palette). */
  color?: string;
  /** Line dash (default solid). */
  dash?: 'solid' | 'dash' | 'dot' | 'dashdot';
}

/** Options of {@link rocChart}. */
export interface RocChartOptions extends FigureOptions {
  /**
   * Points kept per curve, about (default 250): a curve of a 30k-row test set has one point per
   * distinct score; points closer than 2 / maxPoints (in fpr + tpr) to the last kept one are dropped,
   * which keeps the figure small. The drawn line then stays within 2 / maxPoints of the full curve (in
   * units of the axes, which run 0..1; plus up to 0.0001 as the drawn points are rounded to 4 decimals):
   * 0.008 at the default, about 3 px on a 400 px plot. Small test sets, with large steps between points,
   * come closest to that (0.0074 measured on 300 rows).
   */
  maxPoints?: number;
  /** Legend title. */
  legendTitle?: string;
}

/**
 * The points of a ROC curve kept for drawing (first and last always kept): about `maxPoints` (see
 * {@link RocChartOptions.maxPoints}).
 * @throws InvalidArgumentError when `maxPoints` is not >= 2.
 */
export function thinRocPoints(curve: RocCurve, maxPoints: number): { fpr: number[]; tpr: number[] } {
  checkMaxPoints('thinRocPoints', maxPoints);
  return thinned(curve, maxPoints);
}

/** Refuses a maxPoints below 2 or NaN (which kept only both ends of the curve, silently). */
function checkMaxPoints(what: string, maxPoints: number): void {
  if (!(maxPoints >= 2)) throw new InvalidArgumentError(`${what}: maxPoints ${maxPoints} must be >= 2`);
}

/** {@link thinRocPoints} without the check. */
function thinned(curve: RocCurve, maxPoints: number): { fpr: number[]; tpr: number[] } {
  const step = 2 / maxPoints;
  const fpr = [curve.fpr[0]];
  const tpr = [curve.tpr[0]];
  const last = curve.fpr.length - 1;
  for (let i = 1; i <= last; i++) {
    const d = curve.fpr[i] - fpr[fpr.length - 1] + (curve.tpr[i] - tpr[tpr.length - 1]);
    if (d >= step || i === last) {
      fpr.push(curve.fpr[i]);
      tpr.push(curve.tpr[i]);
    }
  }
  return { fpr, tpr };
}

/**
 * ROC curves on the unit square with the chance diagonal, each named with its AUC ("small (AUC
 * 0.712)"): per-class one-vs-rest curves of a model, or one class across models.
 * @throws InvalidArgumentError without a curve or with maxPoints < 2.
 */
export function rocChart(series: readonly RocSeries[], options: RocChartOptions = {}): Figure {
  if (series.length === 0) throw new InvalidArgumentError('rocChart needs at least one curve');
  const maxPoints = options.maxPoints ?? 250;
  checkMaxPoints('rocChart', maxPoints);
  const lines = series.map((s) => {
    const { fpr, tpr } = thinned(s.curve, maxPoints);
    const round = (v: number) => Math.round(v * 1e4) / 1e4;
    return {
      name: `${s.name} (AUC ${s.curve.auc.toFixed(3)})`,
      x: fpr.map(round),
      y: tpr.map(round),
      // The suffixed name is no longer a fit class name: pass the fit colour explicitly.
      color: s.color ?? (isFitClass(s.name) ? FIT_COLORS[s.name] : undefined),
      dash: s.dash,
    };
  });
  return lineChart(lines, {
    xLabel: 'false positive rate',
    yLabel: 'true positive rate',
    ...options,
    diagonal: true,
    unitSquare: true,
  });
}

function isFitClass(name: string): name is keyof typeof FIT_COLORS {
  return name === 'small' || name === 'fit' || name === 'large';
}
