import { TableSizeSystem } from './table-size-system.js';

/** Waist (W) and inseam (L) ranges of the jeans table, in inches. */
export const JEANS_RANGE = { waist: [22, 50], inseam: [26, 40] } as const;

const CM_PER_INCH = 2.54;

/**
 * Reads `W32 L34`, `W32/L34`, `w32l34`, `32/34`, `32x34`, `32 × 34` into `W32 L34`. A bare number (`32`)
 * is not a jeans size: without an inseam it is ambiguous with other systems.
 */
function canonicalJeans(s: string): string | undefined {
  const t = s.replace(/\s+/g, '');
  const m = /^(W)?(\d{2})([/X×*-])?(L)?(\d{2})$/.exec(t);
  if (!m) return undefined;
  const [, w, waist, sep, l, inseam] = m;
  if (w === undefined && sep === undefined && l === undefined) return undefined;
  if (w === undefined && l !== undefined) return undefined;
  return `W${Number(waist)} L${Number(inseam)}`;
}

function entries() {
  const out = [];
  for (let w = JEANS_RANGE.waist[0]; w <= JEANS_RANGE.waist[1]; w++) {
    for (let l = JEANS_RANGE.inseam[0]; l <= JEANS_RANGE.inseam[1]; l++) {
      out.push({
        label: `W${w} L${l}`,
        components: { waist: w, inseam: l },
        dims: { waist: w * CM_PER_INCH, inseam: l * CM_PER_INCH },
      });
    }
  }
  return out;
}

/**
 * The `jeans` system: W22..W50 by L26..L40, unisex. Ordinal is waist-major: one up from `W32 L34` is
 * `W32 L35`, and one up from `W32 L40` is `W33 L26`.
 *
 * Source: the label states waist girth and inside-leg length in inches (2.54 cm); EN 13402-1 notes these are
 * nominally product dimensions, used here as body dimensions (an approximation; brands cut with ease).
 */
export const JEANS_SYSTEM = new TableSizeSystem({
  id: 'jeans',
  name: 'jeans W (waist) x L (inseam), inches',
  gender: 'unisex',
  kind: 'jeans',
  source: 'label = waist and inseam in inches (1 in = 2.54 cm); nominal product dimensions used as body dimensions',
  entries: entries(),
  canonicalise: canonicalJeans,
  expected: `expected W<waist ${JEANS_RANGE.waist.join('..')}> L<inseam ${JEANS_RANGE.inseam.join('..')}>, e.g. W32 L34`,
});
