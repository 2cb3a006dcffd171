import { InvalidArgumentError } from '../core/errors.js';
import type { Figure, FigureOptions } from './figure.js';
import { heatmap } from './heatmap.js';

/** Options of {@link correlationHeatmap}. */
export interface CorrelationHeatmapOptions extends FigureOptions {
  /**
   * Write only the values with |r| ≥ `annotateMin`, compared as written with 2 decimals (r = 0.095 reads 0.10 and
   * is written at `annotateMin: 0.1`), so that the labels of a large matrix do not overlap; hovering a cell still
   * shows its value. Default 0: every cell with a value.
   */
  annotateMin?: number;
  /** Font size of the written values, in pixels. Default 12. */
  annotationFontSize?: number;
}

/** An annotation of {@link heatmap}: a cell's value written at its position. */
interface CellLabel {
  text: string;
  font: { color: string; size: number };
}

/**
 * A correlation matrix as an annotated heatmap: rows and columns named `names`, colours from blue
 * (-1) through white (0) to red (+1), each cell showing its value with 2 decimals (with `annotateMin`, only the
 * cells with |r| at least that; `annotationFontSize` sets their size).
 * @throws InvalidArgumentError when the matrix is not `names.length` square, `annotateMin` is not a finite number
 *   >= 0, or `annotationFontSize` not a finite number > 0.
 */
export function correlationHeatmap(
  matrix: readonly ArrayLike<number>[],
  names: readonly string[],
  options: CorrelationHeatmapOptions = {},
): Figure {
  const { annotateMin, annotationFontSize, ...figureOptions } = options;
  if (annotateMin !== undefined && !(Number.isFinite(annotateMin) && annotateMin >= 0)) {
    throw new InvalidArgumentError(`correlationHeatmap: annotateMin must be a finite number >= 0; got ${annotateMin}`);
  }
  if (annotationFontSize !== undefined && !(Number.isFinite(annotationFontSize) && annotationFontSize > 0)) {
    throw new InvalidArgumentError(
      `correlationHeatmap: annotationFontSize must be a finite number > 0; got ${annotationFontSize}`,
    );
  }
  const fig = heatmap(matrix, {
    title: 'Correlation',
    ...figureOptions,
    xLabels: names,
    yLabels: names,
    zmin: -1,
    zmax: 1,
    diverging: true,
    annotate: true,
    decimals: 2,
    colorbarTitle: 'r',
  });
  let labels = fig.layout.annotations as CellLabel[];
  if (annotateMin !== undefined) labels = labels.filter((a) => Math.abs(Number(a.text)) >= annotateMin);
  if (annotationFontSize !== undefined)
    labels = labels.map((a) => ({ ...a, font: { ...a.font, size: annotationFontSize } }));
  fig.layout.annotations = labels;
  return fig;
}
