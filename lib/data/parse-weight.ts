/** Kilograms per pound (avoirdupois, exact by definition). */
export const KG_PER_LB = 0.45359237;

/** A space or a tab (as the height and decimal parsers skip). */
function isBlank(c: number): boolean {
  return c === 32 || c === 9;
}

/**
 * Parses a weight with its unit into kilograms: RentTheRunway `137lbs`, also `137 lbs`, `137lb`,
 * `137.5 lbs`, `62kg`, `62 kg`. A number without a unit is rejected: pounds and kilograms overlap.
 *
 * @returns the weight in kg, or NaN when `raw` is not a number followed by `lb`, `lbs` or `kg` (any case;
 *   also `lb.`, `lbs.`, `kgs`).
 */
export function parseWeightKg(raw: string): number {
  const n = raw.length;
  let i = 0;
  while (i < n && isBlank(raw.charCodeAt(i))) i++;
  const start = i;
  let value = 0;
  let digits = 0;
  let dot = false;
  let c = 0;
  for (; i < n; i++) {
    c = raw.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      value = value * 10 + (c - 48);
      digits++;
    } else if (c === 46 && !dot) dot = true;
    else break;
  }
  if (digits === 0) return NaN;
  if (dot) value = Number(raw.slice(start, i));
  while (i < n && isBlank(raw.charCodeAt(i))) i++;
  let end = n;
  while (end > i && isBlank(raw.charCodeAt(end - 1))) end--;
  // Unit, case-insensitive, without allocating: lb, lbs, lb., lbs., kg, kgs.
  const u0 = raw.charCodeAt(i) | 0x20;
  const u1 = raw.charCodeAt(i + 1) | 0x20;
  const rest = end - i;
  if (u0 === 108 /* l */ && u1 === 98 /* b */) {
    if (rest === 2) return value * KG_PER_LB;
    const u2 = raw.charCodeAt(i + 2);
    if (rest === 3 && ((u2 | 0x20) === 115 /* s */ || u2 === 46)) return value * KG_PER_LB;
    if (rest === 4 && (u2 | 0x20) === 115 && raw.charCodeAt(i + 3) === 46) return value * KG_PER_LB;
    return NaN;
  }
  if (u0 === 107 /* k */ && u1 === 103 /* g */) {
    if (rest === 2 || (rest === 3 && (raw.charCodeAt(i + 2) | 0x20) === 115)) return value;
  }
  return NaN;
}
