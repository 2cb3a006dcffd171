import { TableSizeSystem } from './table-size-system.js';

/** Foot lengths (mm) of the Mondopoint table, in 5 mm steps. */
export const MONDOPOINT_RANGE_MM = [180, 340] as const;

/**
 * Reads `265`, `265mm`, `26.5 cm`, `MP 265`, and `245/95` (length/width in mm). Returns the table label
 * (length only) and, with a width, the width as an extra component and `245/95` as the displayed label.
 */
function canonicalMondopoint(s: string) {
  const t = s.replace(/^MP ?/, '').replace(/ /g, '');
  const m = /^(\d{2,3}(?:\.\d)?)(MM|CM)?(?:\/(\d{2,3})(?:MM)?)?$/.exec(t);
  if (!m) return undefined;
  const [, num, unit, width] = m;
  let mm = Number(num);
  if (unit === 'CM') mm = Math.round(mm * 10 * 1000) / 1000;
  else if (num.includes('.')) return undefined;
  if (!Number.isInteger(mm) || mm % 5 !== 0) return undefined;
  const label = String(mm);
  if (width === undefined) return label;
  const w = Number(width);
  if (w < 50 || w > 150) return undefined;
  return { label, extra: { footWidthMm: w }, display: `${label}/${w}` };
}

/**
 * The `mondopoint` system (EN 13402 / ISO 9407): the label is the foot length in mm, optionally with the
 * foot width (`245/95`), 180..340 mm in 5 mm steps. The ordinal follows the length only; stepping drops the
 * width. Source: ISO 9407 (Mondopoint labels the foot, not the last); the 5 mm length step is the
 * common one (e.g. ski boots), other steps are not in the table.
 */
export const MONDOPOINT_SYSTEM = new TableSizeSystem({
  id: 'mondopoint',
  name: 'Mondopoint (ISO 9407), foot length in mm',
  gender: 'unisex',
  kind: 'shoe',
  source: 'ISO 9407 Mondopoint: foot length (and width) in mm; 5 mm length steps (common usage)',
  entries: (() => {
    const out = [];
    for (let mm = MONDOPOINT_RANGE_MM[0]; mm <= MONDOPOINT_RANGE_MM[1]; mm += 5) {
      out.push({ label: String(mm), components: { value: mm }, dims: { footLength: mm / 10 } });
    }
    return out;
  })(),
  canonicalise: canonicalMondopoint,
  expected: `expected a foot length of ${MONDOPOINT_RANGE_MM.join('..')} mm in 5 mm steps, optionally /width, e.g. 245/95`,
});
