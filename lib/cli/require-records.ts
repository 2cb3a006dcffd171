import { DataError } from '../core/errors.js';
import type { ColumnarDataset } from '../data/columnar-dataset.js';
import type { LoadReport } from '../data/load-report.js';

/**
 * Stops a command that scores records when the file gave none: names the file, how many lines were left
 * out and the first problem, instead of the model's "the dataset has no rows".
 *
 * @param what - the records wanted ("labelled record" for evaluate, "record" for predict).
 * @throws DataError when `dataset` has no row.
 */
export function requireRecords(dataset: ColumnarDataset, report: LoadReport, what: string): void {
  if (dataset.length > 0) return;
  const lines = report.totalLines - report.blankLines;
  const first = report.examples[0];
  throw new DataError(
    `${report.source}: no ${what} to score (${lines} non-blank lines, ${report.rowsDropped} left out` +
      (first ? `; first: line ${first.line}: ${first.message}` : '') +
      `); \`sizefit data stats --dataset ${report.source}\` lists the problems`,
  );
}
