import { InvalidArgumentError } from '../core/errors.js';
import { baseLayout } from './base-layout.js';
import { categoryAxis } from './category-axis.js';
import type { Figure, FigureOptions, PlotTrace } from './figure.js';

/** Blue (low) - white (middle) - red (high), ColorBrewer's RdBu (Brewer 2002) turned so that red is high. */
export const DIVERGING_COLORSCALE: readonly (readonly [number, string])[] = Object.freeze([
  [0, '#2166ac'],
  [0.25, '#92c5de'],
  [0.5, '#f7f7f7'],
  [0.75, '#f4a582'],
  [1, '#b2182b'],
] as const);

/** Options of {@link heatmap}. */
export interface HeatmapOptions extends FigureOptions {
  /** Column labels (x), one per column of `z`. Default 1..m. */
  xLabels?: readonly string[];
  /** Row labels (y), one per row of `z`. Default 1..n. */
  yLabels?: readonly string[];
  /** Write each cell's value in the cell (default false). */
  annotate?: boolean;
  /** Decimals of the written values (default 2). */
  decimals?: number;
  /** Lower end of the colour scale (default: the smallest value). */
  zmin?: number;
  /** Upper end of the colour scale (default: the largest value). */
  zmax?: number;
  /** A plotly colour scale name or `[position, colour]` stops (default `Viridis`, or a blue-white-red scale when `diverging`). */
  colorscale?: string | readonly (readonly [number, string])[];
  /** Values diverge from a middle (e.g. correlations): blue-white-red scale, text dark in the light middle. */
  diverging?: boolean;
  /** Colour-bar title. */
  colorbarTitle?: string;
}

/**
 * A heatmap of a matrix given as rows (`z[i][j]` is row i, column j). Row 0 is drawn at the top, as a
 * matrix is read. With `annotate`, every cell shows its value, in white or black, whichever reads
 * better on the cell's colour.
 * @throws InvalidArgumentError when rows differ in length or labels do not match the matrix.
 */
export function heatmap(z: readonly ArrayLike<number>[], options: HeatmapOptions = {}): Figure {
  const n = z.length;
  const m = n > 0 ? z[0].length : 0;
  if (n === 0 || m === 0) throw new InvalidArgumentError('heatmap needs a non-empty matrix');
  const rows: (number | null)[][] = z.map((row, i) => {
    if (row.length !== m) throw new InvalidArgumentError(`heatmap row ${i} has ${row.length} values; row 0 has ${m}`);
    return Array.from(row, (v) => (Number.isFinite(v) ? v : null));
  });
  const xLabels = options.xLabels ?? Array.from({ length: m }, (_, j) => String(j + 1));
  const yLabels = options.yLabels ?? Array.from({ length: n }, (_, i) => String(i + 1));
  if (xLabels.length !== m) throw new InvalidArgumentError(`xLabels has ${xLabels.length} labels; z has ${m} columns`);
  if (yLabels.length !== n) throw new InvalidArgumentError(`yLabels has ${yLabels.length} labels; z has ${n} rows`);
  let lo = Infinity;
  let hi = -Infinity;
  for (const row of rows) for (const v of row) if (v !== null) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
  const zmin = options.zmin ?? (Number.isFinite(lo) ? lo : 0);
  const zmax = options.zmax ?? (Number.isFinite(hi) ? hi : 1);
  const diverging = options.diverging ?? false;
  const colorscale = options.colorscale ?? (diverging ? DIVERGING_COLORSCALE : 'Viridis');
  const xAxis = categoryAxis(xLabels);
  const yAxis = categoryAxis(yLabels);
  const trace: PlotTrace = {
    type: 'heatmap',
    x: [...xAxis.names],
    y: [...yAxis.names],
    z: rows,
    zmin,
    zmax,
    colorscale: typeof colorscale === 'string' ? colorscale : colorscale.map(([t, c]) => [t, c]),
    colorbar: { title: { text: options.colorbarTitle ?? '' } },
    hovertemplate: '%{y} / %{x}: %{z}<extra></extra>',
  };
  if (xAxis.renamed || yAxis.renamed) {
    // %{x} and %{y} would show plotly's names of the renamed labels: hover with the labels as given.
    trace.text = yLabels.map((y) => xLabels.map((x) => `${y} / ${x}`));
    trace.hovertemplate = '%{text}: %{z}<extra></extra>';
  }
  const layout = baseLayout(options);
  layout.xaxis = { ...(layout.xaxis as object), ...xAxis.layout, tickangle: m > 6 ? -45 : 0 };
  layout.yaxis = { ...(layout.yaxis as object), ...yAxis.layout, autorange: 'reversed' };
  if (options.annotate === true) {
    const d = options.decimals ?? 2;
    const span = zmax - zmin || 1;
    const annotations: object[] = [];
    rows.forEach((row, i) =>
      row.forEach((v, j) => {
        if (v === null) return;
        const t = Math.min(1, Math.max(0, (v - zmin) / span));
        // Diverging scales are light in the middle; sequential ones (Viridis) are dark at the low end.
        const dark = diverging ? Math.abs(t - 0.5) > 0.35 : t < 0.6;
        // A category axis places a number at that category's position, but a numeric-looking name (the default
        // labels '1', '2'...) as a position too: give positions, so that cell (i, j) gets its own value.
        annotations.push({
          x: j,
          y: i,
          text: v.toFixed(d),
          showarrow: false,
          font: { color: dark ? '#ffffff' : '#000000', size: 12 },
        });
      }),
    );
    layout.annotations = annotations;
  }
  return { data: [trace], layout };
}
