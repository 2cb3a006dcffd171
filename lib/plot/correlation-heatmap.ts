import type { Figure, FigureOptions } from './figure.js';
import { heatmap } from './heatmap.js';

/**
 * A correlation matrix as an annotated heatmap: rows and columns named `names`, colours from blue
 * (-1) through white (0) to red (+1), each cell showing its value with 2 decimals.
 * @throws InvalidArgumentError when the matrix is not `names.length` square.
 */
export function correlationHeatmap(
  matrix: readonly ArrayLike<number>[],
  names: readonly string[],
  options: FigureOptions = {},
): Figure {
  return heatmap(matrix, {
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
