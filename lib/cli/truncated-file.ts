import { printable } from '../core/printable.js';
import type { LoadReport } from '../data/load-report.js';
import { plural } from '../core/plural.js';

const fmt = (n: number): string => n.toLocaleString('en-US');

/** "only the first 41,100 lines were read", "only the first line was read", "no line was read". */
function linesRead(n: number): string {
  return n === 0
    ? 'no line was read'
    : n === 1
      ? 'only the first line was read'
      : `only the first ${fmt(n)} lines were read`;
}

/**
 * The stderr line of a command that goes on with a truncated file (one that explores or scores line by line:
 * `predict`, `data stats`): the file and how much of it was read, so that a partial result is not taken for the
 * file's. {@link readingNotes} gives it first.
 *
 * @param report - the file's load report.
 * @returns the line (without the command's prefix), or null when the file was read to its end.
 */
export function truncatedFileNote(report: LoadReport): string | null {
  const t = report.truncated;
  if (!t) return null; // null, or absent in a report made before the field existed
  return (
    `${printable(report.source)} is a truncated gzip: ${linesRead(t.afterLine)} ` +
    `(${plural(report.rowsKept, 'record')} kept); the rest of the file is missing`
  );
}
