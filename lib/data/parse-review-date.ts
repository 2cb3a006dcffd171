import { utcDayTime } from './utc-day-time.js';
const MONTHS: ReadonlyMap<string, number> = new Map([
  ['january', 0],
  ['february', 1],
  ['march', 2],
  ['april', 3],
  ['may', 4],
  ['june', 5],
  ['july', 6],
  ['august', 7],
  ['september', 8],
  ['october', 9],
  ['november', 10],
  ['december', 11],
  ['jan', 0],
  ['feb', 1],
  ['mar', 2],
  ['apr', 3],
  ['jun', 5],
  ['jul', 6],
  ['aug', 7],
  ['sep', 8],
  ['sept', 8],
  ['oct', 9],
  ['nov', 10],
  ['dec', 11],
]);

const MS_PER_DAY = 86_400_000;

/**
 * Parses a review date as RentTheRunway writes it (`April 20, 2016`; also `Apr 20 2016`, `Sep. 5, 2016`,
 * `April 20,2016`, tabs for spaces) or an ISO date (`2016-04-20`) into whole days since 1970-01-01 UTC. The day
 * must exist in that month.
 *
 * @returns days since the epoch (16,911 for `April 20, 2016`), or NaN when unparseable.
 */
export function parseReviewDate(raw: string): number {
  const s = raw.trim();
  let y: number;
  let m: number;
  let d: number;
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (iso) {
    y = Number(iso[1]);
    m = Number(iso[2]) - 1;
    d = Number(iso[3]);
  } else {
    // Month name (an abbreviation may end with a dot: `Sep. 5, 2016`), blanks, day, then a comma and/or blanks, year.
    const md = /^([A-Za-z]+)\.?[ \t]+(\d{1,2})(?:[ \t]*,[ \t]*|[ \t]+)(\d{4})$/.exec(s);
    if (!md) return NaN;
    const month = MONTHS.get(md[1].toLowerCase());
    if (month === undefined) return NaN;
    m = month;
    d = Number(md[2]);
    y = Number(md[3]);
  }
  // NaN for a day that does not exist (April 31), the year kept as written (0016 stays 16).
  return utcDayTime(y, m + 1, d) / MS_PER_DAY;
}
