import { DataError } from '../core/errors.js';
import { printable } from '../core/printable.js';
import type { LoadReport } from '../data/load-report.js';
import { plural } from './plural.js';

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

/**
 * Stops a command whose result stands for a whole file (a trained model, cross-validation or evaluation figures,
 * an ingested dataset stored under the file's sha256) when the file is a truncated gzip: read in non-strict mode,
 * such a file gives the rows before the cut, and a result from them would pass for the file's.
 *
 * @param report - the file's load report.
 * @param action - what the command would do with the part read: "train a model on", "cross-validate on", "evaluate
 *   the model on", "flag articles from", "ingest".
 * @throws DataError naming the file, the line after which it is cut and how many records were read.
 */
export function refuseTruncatedFile(report: LoadReport, action: string): void {
  const t = report.truncated;
  if (!t) return; // null, or absent in a report made before the field existed
  const src = printable(report.source);
  throw new DataError(
    `${src} is a truncated gzip: its stream is cut after line ${fmt(t.afterLine)} ` +
      `(${plural(report.rowsKept, 'record')} read, ${plural(t.bytesRead, 'byte')} of text); refusing to ${action} ` +
      `part of a file: download or copy the whole file again (\`sizefit data stats --dataset ${src}\` shows what ` +
      'can be read)',
  );
}
