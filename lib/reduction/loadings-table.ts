import { InvalidArgumentError } from '../core/errors.js';
import type { PCA } from './pca.js';

/** One row of {@link loadingsTable}: an input feature and its loading on each component (`PC1`, `PC2`...). */
export type LoadingsRow = { feature: string } & { [component: string]: number | string };

/** Options of {@link loadingsTable}. */
export interface LoadingsTableOptions {
  /** First components to show (default all kept components). */
  components?: number;
}

/**
 * The loadings of a fitted PCA as a table, one row per input feature, one column per component:
 * `{feature, PC1, PC2, ...}`. A loading is the component coefficient times the square root of its
 * variance, i.e. the correlation of the feature with the component score when the PCA was fitted with
 * `scale: true` (see {@link PCA.loadings}).
 * @throws NotFittedError before fit; InvalidArgumentError when `components` is not an integer >= 1.
 */
export function loadingsTable(pca: PCA, options: LoadingsTableOptions = {}): LoadingsRow[] {
  const L = pca.loadings;
  const k = checkComponents(options.components ?? L.n, L.n, 'loadingsTable');
  return L.names.map((feature, j) => {
    const row: LoadingsRow = { feature };
    for (let c = 0; c < k; c++) row[`PC${c + 1}`] = L.data[c * L.p + j];
    return row;
  });
}

/** Components requested, capped at those kept. @throws InvalidArgumentError when not an integer >= 1. */
export function checkComponents(k: number, kept: number, who: string): number {
  if (!(Number.isInteger(k) && k >= 1)) throw new InvalidArgumentError(`${who}: components must be an integer >= 1`);
  return Math.min(k, kept);
}
