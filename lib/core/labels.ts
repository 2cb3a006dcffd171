/** The three fit-feedback classes in their fixed order: the column order of every `predictProba`. */
export const FIT_CLASSES = ['small', 'fit', 'large'] as const;

/** A fit-feedback label. */
export type FitLabel = (typeof FIT_CLASSES)[number];

/** Code of a fit label (small 0, fit 1, large 2), or -1 when `s` is not a fit label. */
export function fitCode(s: string): number {
  return s === 'small' ? 0 : s === 'fit' ? 1 : s === 'large' ? 2 : -1;
}
