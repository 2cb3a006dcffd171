import type { PCA } from '../reduction/pca.js';
import { loadingsTable } from '../reduction/loadings-table.js';
import type { Figure, FigureOptions } from './figure.js';
import { heatmap } from './heatmap.js';

/** Options of {@link loadingsHeatmap}. */
export interface LoadingsHeatmapOptions extends FigureOptions {
  /** First components shown (default 4, or all kept components when fewer). */
  components?: number;
}

/**
 * The loadings of a fitted PCA as an annotated heatmap: one row per input feature, one column per component, on a
 * diverging scale centred on 0. With `scale: true` a loading is the feature's correlation with the component (see
 * {@link loadingsTable}) and the scale runs from -1 to 1; without, loadings are covariances in the features' units,
 * and the scale runs from minus to plus the largest |loading| shown, so that the cells do not all saturate.
 * @throws as {@link loadingsTable}.
 */
export function loadingsHeatmap(pca: PCA, options: LoadingsHeatmapOptions = {}): Figure {
  const k = options.components ?? 4;
  const rows = loadingsTable(pca, { components: k });
  const pcs = Array.from({ length: Math.min(k, pca.explainedVarianceRatio.length) }, (_, c) => `PC${c + 1}`);
  const z = rows.map((r) => pcs.map((c) => r[c] as number));
  let top = 0;
  for (const row of z) for (const v of row) top = Math.max(top, Math.abs(v));
  const range = pca.scale || top === 0 ? 1 : top;
  const { components: _k, ...figure } = options;
  return heatmap(z, {
    xLabels: pcs,
    yLabels: rows.map((r) => r.feature),
    zmin: -range,
    zmax: range,
    diverging: true,
    annotate: true,
    decimals: 2,
    colorbarTitle: 'loading',
    ...figure,
  });
}
