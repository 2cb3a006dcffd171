import { womensEuBody } from './womens-clothing-sizes.js';
import { mensEuBody } from './mens-clothing-sizes.js';
import type { BodyDimensions } from './size.js';
import { TableSizeSystem } from './table-size-system.js';

/** The letter sizes, smallest first, in their normalised spelling (`2XL` for XXL, `3XS` for XXXS). */
export const LETTER_LABELS = ['3XS', '2XS', 'XS', 'S', 'M', 'L', 'XL', '2XL', '3XL', '4XL'] as const;

/**
 * Body dimensions of the letter sizes. No standard table is encoded here: EN 13402-3 defines letter codes
 * as bust/chest girth intervals, but its values could not be checked offline, so these follow the common
 * industry convention of German retail tables, which must be verified before relying on them:
 * - women: one EU size per letter, 3XS = EU 30 ... M = EU 38 ... 4XL = EU 48 (dimensions of that EU size);
 * - men: two EU sizes per letter, 3XS = EU 32/34 ... M = EU 48/50 ... 4XL = EU 68/70 (mean of the two).
 */
function letterBody(i: number): { women: BodyDimensions; men: BodyDimensions } {
  const womenEu = 30 + 2 * i;
  const menEu = 32 + 4 * i;
  const a = mensEuBody(menEu);
  const b = mensEuBody(menEu + 2);
  return {
    women: womensEuBody(womenEu),
    men: { chest: (a.chest! + b.chest!) / 2, waist: (a.waist! + b.waist!) / 2 },
  };
}

/** Maps words and X-runs to the normalised letter label: `XXL`, `xx-large`, `2 XL`, `Extra Large` → `2XL`/`XL`. */
function canonicalLetter(s: string): string | undefined {
  const t = s
    .replace(/[\s\-_.]/g, '')
    .replace(/EXTRA/g, 'X')
    .replace(/SMALL$/, 'S')
    .replace(/MEDIUM$|MED$/, 'M')
    .replace(/LARGE$/, 'L');
  const m = /^([1-9])?(X*)([SML])$/.exec(t);
  if (!m) return undefined;
  const [, digit, xs, letter] = m;
  if (letter === 'M') return digit === undefined && xs.length === 0 ? 'M' : undefined;
  let count = xs.length;
  if (digit !== undefined) {
    if (count !== 1) return undefined;
    count = Number(digit);
  }
  if (count === 0) return letter;
  if (count === 1) return `X${letter}`;
  return `${count}X${letter}`;
}

/**
 * The `letter` system: 3XS..4XL, unisex labels whose body dimensions depend on gender (pass a gender to
 * `bodyDimensions` and `convertSize` when the other system does not fix it).
 */
export const LETTER_SYSTEM = new TableSizeSystem({
  id: 'letter',
  name: 'letter sizes 3XS..4XL',
  gender: 'unisex',
  kind: 'clothing',
  source:
    'industry convention (German retail tables): women one EU size per letter (M = EU 38), men two (M = EU 48/50); not EN 13402-3 letter codes',
  entries: LETTER_LABELS.map((label, i) => ({ label, dimsByGender: letterBody(i) })),
  canonicalise: canonicalLetter,
});
