import { InvalidArgumentError } from '../core/errors.js';
import { baseLayout } from './base-layout.js';
import { categoryAxis } from './category-axis.js';
import type { Figure, FigureOptions, PlotTrace } from './figure.js';
import { categoryColor } from './fit-colors.js';

/** One estimate with an optional interval. */
export interface IntervalPoint {
  /** Row label (y axis), e.g. a model name. */
  label: string;
  /** The estimate (NaN = no point). */
  estimate: number;
  /** Lower end of the interval, finite (omit or NaN for a point without interval; an interval needs both ends). */
  low?: number;
  /** Upper end of the interval, finite (omit or NaN for a point without interval). */
  high?: number;
}

/** A series of estimates drawn with one marker colour and symbol. */
export interface IntervalSeries {
  /** Legend entry, e.g. "reproduced (mean, 95% CI)" or "published". */
  name: string;
  points: readonly IntervalPoint[];
  /** Marker colour (default: the palette). */
  color?: string;
  /** plotly marker symbol (default 'circle'). */
  symbol?: string;
}

/** Options of {@link intervalChart}. */
export interface IntervalChartOptions extends FigureOptions {
  /**
   * Row order from top to bottom (default: labels in order of first appearance); a label given twice keeps its
   * first place.
   */
  order?: readonly string[];
  /** Legend title. */
  legendTitle?: string;
}

/**
 * A dot-and-whisker chart: one row per label, each series' estimate as a marker with a horizontal
 * (possibly asymmetric) interval, e.g. models' average AUC with their 95% intervals next to published
 * values.
 * @throws InvalidArgumentError without a series, with an interval that does not contain its estimate, with an
 *   infinite estimate, or with an infinite interval end (of a point with an estimate).
 */
export function intervalChart(series: readonly IntervalSeries[], options: IntervalChartOptions = {}): Figure {
  if (series.length === 0) throw new InvalidArgumentError('intervalChart needs at least one series');
  const labels = [...new Set(series.flatMap((s) => s.points.map((p) => p.label)))];
  // One row per label: the axis gives a repeated name a row of its own, which would stay empty here.
  const order = [...new Set(options.order ?? labels)];
  // Bottom to top: the order reversed, then labels the order leaves out (where plotly would put them).
  const inOrder = new Set(order);
  const axis = categoryAxis([...[...order].reverse(), ...labels.filter((l) => !inOrder.has(l))]);
  const data: PlotTrace[] = series.map((s, k) => {
    s.points.forEach((p, i) => {
      // An infinite estimate was left out like a NaN one, without a word.
      if (p.estimate === Infinity || p.estimate === -Infinity) {
        throw new InvalidArgumentError(
          `intervalChart: '${s.name}' point ${i} ('${p.label}'): the estimate is ${p.estimate}; it must be finite ` +
            '(NaN for a label without a point)',
        );
      }
      if (!Number.isFinite(p.estimate)) return;
      // An infinite end was drawn as no interval at all, as if the estimate were exact.
      for (const end of ['low', 'high'] as const) {
        const v = p[end];
        if (v === Infinity || v === -Infinity) {
          throw new InvalidArgumentError(
            `intervalChart: '${s.name}' point ${i} ('${p.label}'): ${end} is ${v}; an interval end must be finite ` +
              '(omit both ends or give NaN for a point without interval)',
          );
        }
      }
    });
    const pts = s.points.filter((p) => Number.isFinite(p.estimate));
    // An interval needs both ends: a missing or NaN end means a point without interval.
    const hasInterval = (p: IntervalPoint): boolean => Number.isFinite(p.low) && Number.isFinite(p.high);
    for (const p of pts) {
      if (hasInterval(p) && !((p.low as number) <= p.estimate && p.estimate <= (p.high as number))) {
        throw new InvalidArgumentError(
          `intervalChart: '${s.name}' / '${p.label}': interval [${p.low}, ${p.high}] does not contain ${p.estimate}`,
        );
      }
    }
    const up = pts.map((p) => (hasInterval(p) ? (p.high as number) - p.estimate : 0));
    const down = pts.map((p) => (hasInterval(p) ? p.estimate - (p.low as number) : 0));
    return {
      type: 'scatter',
      mode: 'markers',
      name: s.name,
      x: pts.map((p) => p.estimate),
      y: pts.map((p) => axis.plotlyName(p.label)),
      marker: { color: s.color ?? categoryColor(s.name, k), size: 10, symbol: s.symbol ?? 'circle' },
      error_x: { type: 'data', symmetric: false, array: up, arrayminus: down, visible: true, thickness: 2, width: 6 },
    };
  });
  const layout = baseLayout(options);
  layout.yaxis = { ...(layout.yaxis as object), ...axis.layout };
  layout.showlegend = series.length > 1;
  layout.hovermode = 'closest';
  layout.legend = { title: { text: options.legendTitle ?? '' } };
  return { data, layout };
}
