import { DataError } from '../core/errors.js';
import { plural } from '../core/plural.js';
import { printable } from '../core/printable.js';
import type { LoadReport } from './load-report.js';

/**
 * Stops a use of a file whose result stands for the whole file (a trained model, cross-validation or evaluation
 * figures, a dataset stored under the file's sha256, a service's purchase history) when the file is a truncated
 * gzip: read in non-strict mode, such a file gives the rows before the cut, and a result from them would pass for
 * the file's. The commands, `ingestDataset` and the service's history all refuse with this one wording.
 *
 * @param report - the file's load report (its source, rows kept and `truncated`).
 * @param action - what would be done with the part read, completing "refusing to … part of a file": "train a model
 *   on", "cross-validate on", "evaluate the model on", "flag articles from", "ingest", "take the purchase history
 *   from".
 * @throws DataError naming the file, the line after which it is cut, how many records and bytes of text were read.
 */
export function refuseTruncatedFile(
  report: Pick<LoadReport, 'source' | 'rowsKept' | 'truncated'>,
  action: string,
): void {
  const t = report.truncated;
  if (!t) return; // null, or absent in a report made before the field existed
  const src = printable(report.source);
  throw new DataError(
    `${src} is a truncated gzip: its stream is cut after line ${t.afterLine.toLocaleString('en-US')} ` +
      `(${plural(report.rowsKept, 'record')} read, ${plural(t.bytesRead, 'byte')} of text); refusing to ${action} ` +
      `part of a file: download or copy the whole file again (\`sizefit data stats --dataset ${src}\` shows what ` +
      'can be read)',
  );
}
