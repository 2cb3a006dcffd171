import { InvalidArgumentError } from '../core/errors.js';
import type { Figure, FigureOptions } from './figure.js';
import { drawHeatmap, type HeatmapOptions } from './heatmap.js';

/** Options of {@link correlationHeatmap}. */
export interface CorrelationHeatmapOptions
  extends FigureOptions, Pick<HeatmapOptions, 'annotateMin' | 'annotationFontSize'> {}

/**
 * A correlation matrix as an annotated heatmap: rows and columns named `names`, colours from blue
 * (-1) through white (0) to red (+1), each cell showing its value with 2 decimals (with `annotateMin`, only the
 * cells with |r| at least that as written; `annotationFontSize` sets their size: see {@link heatmap}).
 * @throws InvalidArgumentError when the matrix is not `names.length` square, `annotateMin` is not a finite number
 *   >= 0, or `annotationFontSize` not a finite number > 0.
 */
export function correlationHeatmap(
  matrix: readonly ArrayLike<number>[],
  names: readonly string[],
  options: CorrelationHeatmapOptions = {},
): Figure {
  const bad = matrix.findIndex((row) => row.length !== names.length);
  if (matrix.length !== names.length || bad >= 0) {
    const shape =
      matrix.length !== names.length ? `it has ${matrix.length} rows` : `row ${bad} has ${matrix[bad].length} values`;
    throw new InvalidArgumentError(
      `correlationHeatmap: the matrix must be ${names.length} x ${names.length}, one row and column per name; ${shape}`,
    );
  }
  return drawHeatmap('correlationHeatmap', matrix, {
    title: 'Correlation',
    ...options,
    xLabels: names,
    yLabels: names,
    zmin: -1,
    zmax: 1,
    diverging: true,
    annotate: true,
    decimals: 2,
    colorbarTitle: 'r',
  });
}
