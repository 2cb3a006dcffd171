/**
 * Milliseconds since 1970-01-01 of the UTC midnight of `year`-`month`-`day` (month 1..12), the year kept as written
 * (Date.UTC reads 0-99 as 1900-1999; 0016 stays 16); NaN when that day is not in the calendar (Date rolls
 * 2024-02-30 over to 2024-03-01).
 */
export function utcDayTime(year: number, month: number, day: number): number {
  if (!Number.isInteger(month) || month < 1 || month > 12 || !Number.isInteger(day) || day < 1) return NaN;
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date.getUTCDate() === day ? date.getTime() : NaN;
}
