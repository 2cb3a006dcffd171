import { InvalidArgumentError } from '../core/errors.js';
import { checkComponents } from './loadings-table.js';
import type { PCA } from './pca.js';

/** One row of {@link topLoadings}. */
export type TopLoadingRow = {
  /** Component name, `PC1`... */
  component: string;
  /** Share of the total variance along the component. */
  varianceRatio: number;
  /** 1 for the feature with the largest |loading| on this component. */
  rank: number;
  /** Input feature name. */
  feature: string;
  /** Its loading (coefficient times sqrt(variance); a correlation when the PCA was scaled). */
  loading: number;
};

/** Options of {@link topLoadings}. */
export interface TopLoadingsOptions {
  /** First components to describe (default 3). */
  components?: number;
  /** Features per component, by decreasing |loading| (default 5). */
  top?: number;
}

/**
 * The features that weigh most on each of the first components of a fitted PCA: for components
 * PC1..PCk, the `top` input features with the largest absolute loadings, largest first (ties in
 * feature order). For reading what a component means when there are too many features for a table.
 * @returns `components * min(top, p)` rows, component by component.
 * @throws NotFittedError before fit; InvalidArgumentError when `components` or `top` is not an integer >= 1.
 */
export function topLoadings(pca: PCA, options: TopLoadingsOptions = {}): TopLoadingRow[] {
  const L = pca.loadings;
  const ratio = pca.explainedVarianceRatio;
  const k = checkComponents(options.components ?? 3, L.n, 'topLoadings');
  const top = options.top ?? 5;
  if (!(Number.isInteger(top) && top >= 1)) throw new InvalidArgumentError('topLoadings: top must be an integer >= 1');
  const rows: TopLoadingRow[] = [];
  for (let c = 0; c < k; c++) {
    const order = L.names
      .map((_, j) => j)
      .sort((a, b) => Math.abs(L.data[c * L.p + b]) - Math.abs(L.data[c * L.p + a]) || a - b);
    order.slice(0, top).forEach((j, r) =>
      rows.push({
        component: `PC${c + 1}`,
        varianceRatio: ratio[c],
        rank: r + 1,
        feature: L.names[j],
        loading: L.data[c * L.p + j],
      }),
    );
  }
  return rows;
}
