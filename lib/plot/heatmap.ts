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
  /**
   * With `annotate`, write only the values with |value| >= `annotateMin`, compared as written with `decimals`
   * decimals (with 2, 0.095 reads 0.10 and is written at `annotateMin: 0.1`), so that the labels of a large matrix
   * do not overlap; hovering a cell still shows its value. Default 0: every cell with a value.
   */
  annotateMin?: number;
  /** With `annotate`, the font size of the written values, in pixels (default 12). */
  annotationFontSize?: number;
}

/**
 * A heatmap of a matrix given as rows (`z[i][j]` is row i, column j). Row 0 is drawn at the top, as a
 * matrix is read. With `annotate`, every cell shows its value (with `annotateMin`, only the cells whose value as
 * written is at least that in magnitude; `annotationFontSize` sets their size), in white or black, whichever reads
 * better on the cell's colour.
 * @throws InvalidArgumentError when rows differ in length, labels do not match the matrix, `zmin` or `zmax` is not
 *   finite, `zmin` is above `zmax` (either end left out being the smallest or largest value), `decimals` is not an
 *   integer in 0..20, `annotateMin` is not a finite number >= 0, or `annotationFontSize` not a finite number > 0.
 */
export function heatmap(z: readonly ArrayLike<number>[], options: HeatmapOptions = {}): Figure {
  return drawHeatmap('heatmap', z, options);
}

/**
 * {@link heatmap}, with its errors naming `what`: the function the user called (a builder such as
 * correlationHeatmap draws with it). Internal: not exported from index.ts.
 */
export function drawHeatmap(what: string, z: readonly ArrayLike<number>[], options: HeatmapOptions): Figure {
  const n = z.length;
  const m = n > 0 ? z[0].length : 0;
  if (n === 0 || m === 0) throw new InvalidArgumentError(`${what} needs a non-empty matrix`);
  const rows: (number | null)[][] = z.map((row, i) => {
    if (row.length !== m) throw new InvalidArgumentError(`${what}: row ${i} has ${row.length} values; row 0 has ${m}`);
    return Array.from(row, (v) => (Number.isFinite(v) ? v : null));
  });
  const xLabels = options.xLabels ?? Array.from({ length: m }, (_, j) => String(j + 1));
  const yLabels = options.yLabels ?? Array.from({ length: n }, (_, i) => String(i + 1));
  if (xLabels.length !== m) {
    throw new InvalidArgumentError(`${what}: xLabels has ${xLabels.length} labels; z has ${m} columns`);
  }
  if (yLabels.length !== n)
    throw new InvalidArgumentError(`${what}: yLabels has ${yLabels.length} labels; z has ${n} rows`);
  for (const key of ['zmin', 'zmax'] as const) {
    const v = options[key];
    // NaN went to plotly as null (its automatic range) and made every written value black.
    if (v !== undefined && !Number.isFinite(v))
      throw new InvalidArgumentError(`${what}: ${key} must be finite; got ${v}`);
  }
  const d = options.decimals ?? 2;
  // toFixed throws a RangeError outside 0..100 and cuts 2.5 to 2.
  if (!(Number.isInteger(d) && d >= 0 && d <= 20)) {
    throw new InvalidArgumentError(`${what}: decimals must be an integer in 0..20; got ${d}`);
  }
  const annotateMin = options.annotateMin ?? 0;
  if (!(Number.isFinite(annotateMin) && annotateMin >= 0)) {
    throw new InvalidArgumentError(`${what}: annotateMin must be a finite number >= 0; got ${annotateMin}`);
  }
  const fontSize = options.annotationFontSize ?? 12;
  if (!(Number.isFinite(fontSize) && fontSize > 0)) {
    throw new InvalidArgumentError(`${what}: annotationFontSize must be a finite number > 0; got ${fontSize}`);
  }
  let lo = Infinity;
  let hi = -Infinity;
  for (const row of rows) for (const v of row) if (v !== null) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
  const zmin = options.zmin ?? (Number.isFinite(lo) ? lo : 0);
  const zmax = options.zmax ?? (Number.isFinite(hi) ? hi : 1);
  // plotly ignores a zmin above zmax (it scales to the data) while the written values' colours came from the
  // negative span. An end left out is the smallest or largest value (0 or 1 without any value).
  if (zmin > zmax) {
    const end = (key: 'zmin' | 'zmax', v: number): string => {
      if (options[key] !== undefined) return `${key} ${v}`;
      const dflt = !Number.isFinite(lo)
        ? 'the default without values'
        : `the ${key === 'zmin' ? 'smallest' : 'largest'} value`;
      return `${key} ${v} (${dflt}; ${key} not given)`;
    };
    throw new InvalidArgumentError(`${what}: ${end('zmin', zmin)} is above ${end('zmax', zmax)}; zmin must be <= zmax`);
  }
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
    const span = zmax - zmin || 1;
    const annotations: object[] = [];
    rows.forEach((row, i) =>
      row.forEach((v, j) => {
        if (v === null) return;
        const text = v.toFixed(d);
        if (Math.abs(Number(text)) < annotateMin) return;
        const t = Math.min(1, Math.max(0, (v - zmin) / span));
        // Diverging scales are light in the middle; sequential ones (Viridis) are dark at the low end.
        const dark = diverging ? Math.abs(t - 0.5) > 0.35 : t < 0.6;
        // A category axis places a number at that category's position, but a numeric-looking name (the default
        // labels '1', '2'...) as a position too: give positions, so that cell (i, j) gets its own value.
        annotations.push({
          x: j,
          y: i,
          text,
          showarrow: false,
          font: { color: dark ? '#ffffff' : '#000000', size: fontSize },
        });
      }),
    );
    layout.annotations = annotations;
  }
  return { data: [trace], layout };
}
