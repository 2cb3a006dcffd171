import { InvalidArgumentError } from '../core/errors.js';
import { fitCode } from '../core/labels.js';
import type { CategoryColumn } from './columnar-dataset.js';
import { wilsonInterval, Z_95 } from './explore-wilson-interval.js';

/**
 * Fit feedback of one group of rows (a category, a value, a bin): counts, the share of each label and
 * its Wilson interval. Plain data, so a list of rows displays with `toHtmlTable`.
 */
// A type alias, not an interface: a list of them then passes to toHtmlTable (records with an index signature).
export type FitRateRow = {
  /** The group: a category, a numeric value as text, or a bin label. */
  value: string;
  /** Labelled rows in the group. */
  n: number;
  nSmall: number;
  nFit: number;
  nLarge: number;
  /** Share of `small` feedback, nSmall / n. */
  small: number;
  /** Share of `fit` feedback. */
  fit: number;
  /** Share of `large` feedback. */
  large: number;
  /** Wilson interval of `small` (95% by default). */
  smallLow: number;
  smallHigh: number;
  fitLow: number;
  fitHigh: number;
  largeLow: number;
  largeHigh: number;
};

/**
 * A {@link FitRateRow} from the label counts of a group.
 * @param z normal quantile of the intervals (default 95%).
 */
export function fitRateRow(value: string, nSmall: number, nFit: number, nLarge: number, z: number = Z_95): FitRateRow {
  const n = nSmall + nFit + nLarge;
  const [smallLow, smallHigh] = wilsonInterval(nSmall, n, z);
  const [fitLow, fitHigh] = wilsonInterval(nFit, n, z);
  const [largeLow, largeHigh] = wilsonInterval(nLarge, n, z);
  const rate = (k: number): number => (n > 0 ? k / n : NaN);
  return {
    value,
    n,
    nSmall,
    nFit,
    nLarge,
    small: rate(nSmall),
    fit: rate(nFit),
    large: rate(nLarge),
    smallLow,
    smallHigh,
    fitLow,
    fitHigh,
    largeLow,
    largeHigh,
  };
}

/**
 * Fit code per row (small 0, fit 1, large 2, -1 missing or not a fit label) of a fit column, whatever
 * the order of its dictionary.
 * @throws InvalidArgumentError when `n` is given and the column has another length.
 */
export function fitLabelCodes(fit: CategoryColumn, n?: number): Int8Array {
  if (n !== undefined && fit.codes.length !== n) {
    throw new InvalidArgumentError(`the fit column has ${fit.codes.length} rows; the values have ${n}`);
  }
  const map = fit.categories.map(fitCode);
  const out = new Int8Array(fit.codes.length);
  for (let i = 0; i < out.length; i++) {
    const c = fit.codes[i];
    out[i] = c < 0 ? -1 : (map[c] ?? -1);
  }
  return out;
}
