import { FIT_CLASSES } from '../core/labels.js';

/**
 * The colour of each fit class, the same in every figure: blue for small, green for fit, vermilion
 * for large (Okabe & Ito's colour-blind-safe palette, 2008).
 */
export const FIT_COLORS: Readonly<Record<(typeof FIT_CLASSES)[number], string>> = Object.freeze({
  small: '#0072B2',
  fit: '#009E73',
  large: '#D55E00',
});

/**
 * Colours for categories that are not fit classes, in order (the rest of the Okabe-Ito palette, then
 * plotly's default colours).
 */
export const CATEGORY_PALETTE: readonly string[] = Object.freeze([
  '#E69F00',
  '#56B4E9',
  '#CC79A7',
  '#F0E442',
  '#000000',
  '#1f77b4',
  '#ff7f0e',
  '#2ca02c',
  '#d62728',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#7f7f7f',
  '#bcbd22',
  '#17becf',
]);

/**
 * The colour of the `index`-th category named `name`: the fit-class colour when `name` is `small`,
 * `fit` or `large`, otherwise `CATEGORY_PALETTE[index]` (cycling).
 */
export function categoryColor(name: string, index: number): string {
  if (name === 'small' || name === 'fit' || name === 'large') return FIT_COLORS[name];
  return CATEGORY_PALETTE[index % CATEGORY_PALETTE.length];
}

/** Colour of a figure's only series (no groups): sky blue, distinct from the three fit colours. */
export const SINGLE_SERIES_COLOR = '#56B4E9';
