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
 * diverging scale from -1 to 1 (a loading is the feature's correlation with the component when the PCA was fitted
 * with `scale: true`; see {@link loadingsTable}).
 * @throws as {@link loadingsTable}.
 */
export function loadingsHeatmap(pca: PCA, options: LoadingsHeatmapOptions = {}): Figure {
  const k = options.components ?? 4;
  const rows = loadingsTable(pca, { components: k });
  const pcs = Array.from({ length: Math.min(k, pca.explainedVarianceRatio.length) }, (_, c) => `PC${c + 1}`);
  const { components: _k, ...figure } = options;
  return heatmap(
    rows.map((r) => pcs.map((c) => r[c] as number)),
    {
      xLabels: pcs,
      yLabels: rows.map((r) => r.feature),
      zmin: -1,
      zmax: 1,
      diverging: true,
      annotate: true,
      decimals: 2,
      colorbarTitle: 'loading',
      ...figure,
    },
  );
}
