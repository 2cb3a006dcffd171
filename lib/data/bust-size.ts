/**
 * Ordinal index of each bra-cup spelling found in the clothing-fit datasets: one step per cup, aa 0,
 * a 1, b 2, c 3, d 4, dd 5, ddd/e 6, f 7, g 8, h 9, i 10, j 11, k 12.
 *
 * Choices: `d+` (a RentTheRunway spelling between d and dd) counts as d, as the upstream
 * RentTheRunway dev file already collapses it; slashed spellings rank by their run of d's
 * (ModCloth `dd/e` 5, `ddd/f` 6, `dddd/g` 7; RentTheRunway `ddd/e` 6), so on ModCloth's own scale
 * (…, dddd/g, h, …) the index jumps from 7 to 9: the ordinal keeps order, not equal spacing.
 */
export const CUP_ORDINALS: ReadonlyMap<string, number> = new Map([
  ['aa', 0],
  ['a', 1],
  ['b', 2],
  ['c', 3],
  ['d', 4],
  ['d+', 4],
  ['dd', 5],
  ['dd/e', 5],
  ['ddd', 6],
  ['e', 6],
  ['ddd/e', 6],
  ['ddd/f', 6],
  ['dddd', 7],
  ['dddd/g', 7],
  ['f', 7],
  ['g', 8],
  ['h', 9],
  ['i', 10],
  ['j', 11],
  ['k', 12],
]);

/**
 * Ordinal index of a cup spelling (see {@link CUP_ORDINALS}); case and surrounding spaces are ignored.
 *
 * @returns the index, or NaN for an unknown spelling.
 */
export function cupOrdinal(label: string): number {
  return CUP_ORDINALS.get(label.trim().toLowerCase()) ?? NaN;
}

/** A bust size split into band and cup. */
export interface BustSize {
  /** Band (underbust) size in inches, e.g. 34. */
  band: number;
  /** The cup as written, lower case (`d`, `ddd/e`, `d+`); empty when the size had no cup. */
  cupLabel: string;
  /** {@link cupOrdinal} of the cup; NaN when there is none. */
  cup: number;
}

/**
 * Parses a US bust size such as `34d`, `34ddd/e`, `34d+`, `38aa` or `34 D` into band and cup.
 * A band alone (`34`) gives a missing cup.
 *
 * @returns the parts, or null when there is no 2-digit band or the cup is not a known spelling.
 */
export function parseBustSize(raw: string): BustSize | null {
  const s = raw.trim();
  let i = 0;
  let band = 0;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) break;
    band = band * 10 + (c - 48);
    i++;
  }
  if (i !== 2) return null;
  const cupLabel = s.slice(i).trim().toLowerCase();
  if (cupLabel === '') return { band, cupLabel, cup: NaN };
  const cup = CUP_ORDINALS.get(cupLabel);
  return cup === undefined ? null : { band, cupLabel, cup };
}
