import { DataError } from '../core/errors.js';
import type { ColumnarDataset } from '../data/columnar-dataset.js';
import type { LoadReport } from '../data/load-report.js';
import { printable } from '../core/printable.js';

/**
 * Stops a command that trains on or scores records when the file gave none: names the file, how many lines
 * were left out and the first problem (with a hint for a JSON array), instead of a model's "the dataset has no
 * rows".
 *
 * @param what - the records wanted: "labelled record to score" (evaluate), "record to score" (predict),
 *   "labelled record to train on" (train, cv).
 * @throws DataError when `dataset` has no row.
 */
export function requireRecords(dataset: ColumnarDataset, report: LoadReport, what: string): void {
  if (dataset.length > 0) return;
  const lines = report.totalLines - report.blankLines;
  const first = report.examples[0];
  throw new DataError(
    `${printable(report.source)}: no ${what} (${lines} non-blank lines, ${report.rowsDropped} left out` +
      (first ? `; first: line ${first.line}: ${printable(first.message)}` : '') +
      `)${jsonArrayHint(report)}; \`sizefit data stats --dataset ${report.source}\` lists the problems`,
  );
}

/**
 * A hint for a file whose first problem line opens a JSON array (`[` ...): sizefit reads JSON lines, and such a
 * file (the usual export of a list of records) gives no record at all. Empty when the file looks otherwise.
 */
export function jsonArrayHint(report: LoadReport): string {
  const first = report.examples[0];
  return first !== undefined && first.line === 1 && first.raw.trimStart().startsWith('[')
    ? '; the file looks like one JSON array: sizefit reads JSON lines, one record object per line'
    : '';
}
