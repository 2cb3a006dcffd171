import { SizeError } from '../core/errors.js';

/** Longest raw label (in UTF-16 units) looked at; longer input is rejected before any other work. */
export const MAX_SIZE_LABEL_LENGTH = 64;

/** Shows a raw label in an error message: quoted, cut to 40 characters, with its length when cut. */
export function quoteLabel(raw: string): string {
  if (raw.length <= 40) return `'${raw}'`;
  return `'${raw.slice(0, 40)}…' (${raw.length} characters)`;
}

/** Shows any raw input in an error message: a string quoted ({@link quoteLabel}), a number as written (`NaN`, `37`). */
function shownInput(raw: unknown): string {
  if (typeof raw === 'string') return quoteLabel(raw);
  if (typeof raw === 'number') return String(raw);
  if (raw === null || raw === undefined) return String(raw);
  if (Array.isArray(raw)) return 'an array';
  if (typeof raw === 'object') return 'an object';
  if (typeof raw === 'boolean') return `the boolean ${raw}`;
  return `a ${typeof raw}`;
}

/**
 * The error for a label that is not a size of `system`: "'XXL5' is not a size of letter", "NaN is not a size of
 * women-eu".
 */
export function notASizeError(raw: unknown, system: string, why?: string): SizeError {
  return new SizeError(system, `${shownInput(raw)} is not a size of ${system}${why ? `: ${why}` : ''}`);
}

/**
 * Normalises a raw size label for matching: accepts a string or a finite number, applies Unicode NFKC
 * (full-width digits, no-break spaces), turns vulgar halves into `.5`, the fraction slash into `/`, a decimal
 * comma into a point, collapses whitespace and upper-cases. Returns `undefined` for anything that cannot be a
 * label (not a string, empty, longer than {@link MAX_SIZE_LABEL_LENGTH}), so callers throw their own
 * system-named {@link SizeError}.
 */
export function normaliseLabel(raw: unknown): string | undefined {
  let s: string;
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) return undefined;
    s = String(raw);
  } else if (typeof raw === 'string') {
    s = raw;
  } else {
    return undefined;
  }
  if (s.length === 0 || s.length > MAX_SIZE_LABEL_LENGTH) return undefined;
  s = s
    .replace(/\s*½/g, '.5')
    .normalize('NFKC')
    .replace(/\u2044/g, '/')
    .replace(/(\d),(\d)/g, '$1.$2')
    .replace(/\s+/g, ' ')
    .trim()
    .toUpperCase();
  return s.length === 0 ? undefined : s;
}

/**
 * Reads a plain or half number (`38`, `38.5`, `38.0`, `38 1/2`, `38-1/2`) with an optional leading prefix
 * from `prefixes` (`EU 42`, `UK8`). Returns `undefined` when `s` is not such a number.
 */
export function readHalfNumber(s: string, prefixes: readonly string[] = []): number | undefined {
  let t = s;
  for (const p of prefixes) {
    if (t.startsWith(p)) {
      t = t.slice(p.length).trim();
      break;
    }
  }
  const half = /^([1-9]\d{0,2})(?: |-)1\/2$/.exec(t);
  if (half) return Number(half[1]) + 0.5;
  if (!/^\d{1,3}(?:\.\d{1,3})?$/.test(t) || /^0\d/.test(t)) return undefined;
  return Number(t);
}

/** Formats a number as a size label: `38`, `38.5`, `-2` stays numeric (callers map it to `00`). */
export function formatNumber(v: number): string {
  return Number.isInteger(v) ? String(v) : String(Math.round(v * 1000) / 1000);
}
