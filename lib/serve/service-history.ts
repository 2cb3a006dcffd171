import { AdviceHistory } from '../advice/advice-history.js';
import { ADVICE_HISTORY_FILE, loadAdviceHistory } from '../advice/load-advice-history.js';
import { DataError } from '../core/errors.js';
import { loadDataset } from '../data/dataset-registry.js';
import { foreignFormatOf } from '../data/fit-data-formats.js';
import { join } from 'node:path';
import type { RecordFormat } from '../export/record-format.js';

/** A loaded purchase history and where it came from. */
export interface ServiceHistory {
  history: AdviceHistory;
  /** The dataset name or path, or the model directory's advice-history.json, it was read from. */
  source: string;
  /** Rows (purchases) in the history. */
  rows: number;
}

/**
 * Loads the purchase history the size-recommendation endpoint uses: `source` (a dataset registry name or a path,
 * read in the model's record format) when given, else the model directory's `advice-history.json` (written by
 * `sizefit train`, checksummed by the manifest, read with {@link loadAdviceHistory}), else null: the service then
 * answers size recommendations with 501.
 * @throws DataError when the dataset cannot be read, gives no labelled record or is in the other record format;
 *   ParseError in strict reading; ModelFormatError for a tampered history file.
 */
export async function loadServiceHistory(
  dir: string,
  format: RecordFormat,
  source?: string,
): Promise<ServiceHistory | null> {
  if (source !== undefined) {
    const { dataset, report } = await loadDataset(source, { format: format.format, extraFields: format.extraFields });
    // A history in the other format reads as records with every body field missing: useless, so refused.
    const looksLike = foreignFormatOf(
      report.unknownFields.map((u) => u.name),
      format.format,
    );
    if (looksLike !== null) {
      throw new DataError(
        `${report.source}: the purchase history looks like ${looksLike} records, the model reads ${format.format} records`,
      );
    }
    if (dataset.length === 0) {
      const first = report.examples[0];
      throw new DataError(
        `${report.source}: no labelled record for the purchase history (${report.rowsDropped} lines left out` +
          (first ? `; first: line ${first.line}: ${first.message}` : '') +
          ')',
      );
    }
    return { history: new AdviceHistory(dataset), source, rows: dataset.length };
  }
  const history = loadAdviceHistory(dir);
  if (history === undefined) return null;
  return { history, source: join(dir, ADVICE_HISTORY_FILE), rows: history.data.length };
}
