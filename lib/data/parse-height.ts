/** Centimetres per inch. */
const CM_PER_INCH = 2.54;

/** A metric height with a decimal part (`170.5cm`); whole centimetres are read below. */
const METRIC = /^[ \t]*(\d{2,3}\.\d+)[ \t]*cm[ \t]*$/i;

/** A height in metres (`1.80 m`, `1.8m`). */
const METRES = /^[ \t]*([0-2](?:\.\d{1,3})?)[ \t]*m[ \t]*$/i;

/** The lower-case of an ASCII letter's code (other codes unchanged in the comparisons below). */
function lower(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9;
}

/**
 * Parses a height into centimetres. Accepts the spellings of the clothing-fit datasets:
 * RentTheRunway `5' 8"`, `5'8"`, `6' 0"`; ModCloth `5ft 6in`, `5ft`, `5 ft 6 in`; also `5'`, `5' 8`
 * (no inch mark), `5' 8.5"`, typographic marks (`5’ 8”`, `5′ 8″`), units in any case (`5FT 6IN`, `170CM`), and
 * metric `170cm` / `170 cm` / `170.5cm` / `1.70 m`. Inches must be below 12.
 *
 * @returns the height in cm, or NaN when `raw` is not one of these forms (e.g. `5 ft 13`, `tall`).
 */
export function parseHeightCm(raw: string): number {
  const metric = METRIC.exec(raw);
  if (metric) return Number(metric[1]);
  const metres = METRES.exec(raw);
  if (metres) return Math.round(Number(metres[1]) * 1000) / 10;
  const n = raw.length;
  let i = 0;
  while (i < n && isSpace(raw.charCodeAt(i))) i++;
  // Whole feet (or centimetres, if a `cm` unit follows).
  let feet = 0;
  let d = 0;
  let c = 0;
  while (i < n) {
    c = raw.charCodeAt(i);
    if (c < 48 || c > 57) break;
    feet = feet * 10 + (c - 48);
    d++;
    i++;
  }
  if (d === 0 || d > 3) return NaN;
  while (i < n && isSpace(raw.charCodeAt(i))) i++;
  c = raw.charCodeAt(i);
  if (lower(c) === 99 /* c */ && lower(raw.charCodeAt(i + 1)) === 109 /* m */) {
    i += 2;
    while (i < n && isSpace(raw.charCodeAt(i))) i++;
    return i === n && feet > 0 ? feet : NaN;
  }
  if (d > 1) return NaN;
  if (c === 39 /* ' */ || c === 0x2032 /* ′ */ || c === 0x2019 /* ’ */) i++;
  else if (lower(c) === 102 /* f */ && lower(raw.charCodeAt(i + 1)) === 116 /* t */) i += 2;
  else return NaN;
  while (i < n && isSpace(raw.charCodeAt(i))) i++;
  if (i === n) return feet * 12 * CM_PER_INCH;
  // Inches: digits with an optional decimal part.
  const start = i;
  let inches = 0;
  let intDigits = 0;
  while (i < n) {
    c = raw.charCodeAt(i);
    if (c < 48 || c > 57) break;
    inches = inches * 10 + (c - 48);
    intDigits++;
    i++;
  }
  if (intDigits === 0 || intDigits > 2) return NaN;
  if (c === 46 /* . */) {
    i++;
    let frac = 0;
    while (i < n) {
      c = raw.charCodeAt(i);
      if (c < 48 || c > 57) break;
      frac++;
      i++;
    }
    if (frac === 0) return NaN;
    inches = Number(raw.slice(start, i));
  }
  if (inches >= 12) return NaN;
  while (i < n && isSpace(raw.charCodeAt(i))) i++;
  if (i < n) {
    c = raw.charCodeAt(i);
    if (c === 34 /* " */ || c === 0x2033 /* ″ */ || c === 0x201d /* ” */) i++;
    else if ((c === 39 || c === 0x2019) && raw.charCodeAt(i + 1) === c) i += 2;
    else if (lower(c) === 105 /* i */ && lower(raw.charCodeAt(i + 1)) === 110 /* n */) i += 2;
    else return NaN;
    while (i < n && isSpace(raw.charCodeAt(i))) i++;
  }
  if (i !== n) return NaN;
  return (feet * 12 + inches) * CM_PER_INCH;
}
