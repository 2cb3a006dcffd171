import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { AdviceHistory } from '../advice/advice-history.js';
import { loadDataset } from '../data/dataset-registry.js';
import { readFitDataFile } from '../data/read-fit-data.js';
import type { ModelManifest } from '../export/model-manifest.js';
import type { RecordFormat } from './request-records.js';

/**
 * Optional file of a model directory with the purchase history size advice needs (the training records, one
 * JSON object per line in the dataset's format, plain or gzip). Written with `saveModel`'s `extraFiles`, so the
 * manifest checksums it like every other file.
 */
export const HISTORY_FILE = 'history.jsonl';

/** A loaded purchase history and where it came from. */
export interface ServiceHistory {
  history: AdviceHistory;
  /** The dataset name or path it was read from. */
  source: string;
  /** Rows in the history. */
  rows: number;
}

/**
 * Loads the purchase history the size-recommendation endpoint uses: `source` (a registry name or a path) when
 * given, else the model directory's {@link HISTORY_FILE} when its manifest lists one, else null (the service
 * then answers size recommendations with 501). Records are read in the model's record format.
 * @throws DataError / ParseError when the file cannot be read.
 */
export async function loadServiceHistory(
  dir: string,
  manifest: ModelManifest,
  format: RecordFormat,
  source?: string,
): Promise<ServiceHistory | null> {
  const options = { format: format.format, extraFields: format.extraFields };
  if (source !== undefined) {
    const { dataset } = await loadDataset(source, options);
    return { history: new AdviceHistory(dataset), source, rows: dataset.length };
  }
  if (!(HISTORY_FILE in manifest.files)) return null;
  const path = join(dir, HISTORY_FILE);
  if (!existsSync(path)) return null;
  const { dataset } = await readFitDataFile(path, { ...options, name: HISTORY_FILE });
  return { history: new AdviceHistory(dataset), source: path, rows: dataset.length };
}
