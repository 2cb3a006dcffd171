/** A space or a tab. */
function isBlank(c: number): boolean {
  return c === 32 || c === 9;
}

/**
 * Parses a plain decimal number (`28`, `-3`, `42.0`, `.5`) with optional surrounding spaces or tabs. Unlike
 * `Number()`, it rejects the empty string, hex (`0x10`), exponents, `Infinity` and anything else.
 *
 * @returns the number (correctly rounded to the nearest double; ±Infinity for a plain decimal of more than 308
 *   digits), or NaN when `s` is not a plain decimal.
 */
export function parseDecimal(s: string): number {
  let i = 0;
  let end = s.length;
  while (i < end && isBlank(s.charCodeAt(i))) i++;
  while (end > i && isBlank(s.charCodeAt(end - 1))) end--;
  const start = i;
  let sign = 1;
  const c0 = s.charCodeAt(i);
  if (c0 === 45 /* - */ || c0 === 43 /* + */) {
    if (c0 === 45) sign = -1;
    i++;
  }
  let value = 0;
  let digits = 0;
  let c = 0;
  for (; i < end; i++) {
    c = s.charCodeAt(i);
    if (c < 48 || c > 57) break;
    value = value * 10 + (c - 48);
    digits++;
  }
  if (i < end && c === 46 /* . */) {
    for (i++; i < end; i++) {
      c = s.charCodeAt(i);
      if (c < 48 || c > 57) break;
      digits++;
    }
    // Validated above: let Number() do the correctly rounded conversion of the fraction.
    if (i === end && digits > 0) return Number(s.slice(start, end));
  }
  if (i !== end || digits === 0) return NaN;
  // Past 15 digits the running value may have been rounded more than once: Number() rounds once, correctly.
  return digits > 15 ? Number(s.slice(start, end)) : sign * value;
}

/**
 * Parses a measurement that may be a range (`36-38`, `36 - 38`): a range gives the mean of its ends
 * (ModCloth's `bust` has such values). A single decimal parses as {@link parseDecimal}.
 *
 * @returns the value or range mean, or NaN when unparseable or when the range is reversed.
 */
export function parseDecimalOrRange(s: string): number {
  // A range's dash follows its first number: skip leading blanks and a leading sign (` -3` is one number).
  let first = 0;
  while (first < s.length && (s.charCodeAt(first) === 32 || s.charCodeAt(first) === 9)) first++;
  const dash = s.indexOf('-', first + 1);
  if (dash < 0) return parseDecimal(s);
  const lo = parseDecimal(s.slice(0, dash));
  const hi = parseDecimal(s.slice(dash + 1));
  if (Number.isNaN(lo) || Number.isNaN(hi) || hi < lo || lo < 0) return NaN;
  return (lo + hi) / 2;
}
