import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { AdviceHistory } from '../advice/advice-history.js';
import { ADVICE_HISTORY_FILE } from '../advice/load-advice-history.js';
import { DataError, ModelFormatError } from '../core/errors.js';
import { loadDataset } from '../data/dataset-registry.js';
import { foreignFormatOf } from '../data/fit-data-formats.js';
import type { LoadedModel } from '../export/load-model.js';
import { fileFormatUse, fileReadOptions } from '../export/model-file-reading.js';
import type { ModelManifest } from '../export/model-manifest.js';
import { readModelFile } from '../export/read-model-file.js';
import { recordFormatOf } from '../export/record-format.js';

/** A loaded purchase history and where it came from. */
export interface ServiceHistory {
  history: AdviceHistory;
  /** The dataset name or path, or the model directory's advice-history.json, it was read from. */
  source: string;
  /** Rows (purchases) in the history. */
  rows: number;
  /**
   * For a dataset read for a model whose training data is in no record format (generated synthetic data): which
   * format it was read in and why (`FileFormatUse.note`), for the service to say at start; else null.
   */
  note: string | null;
}

/**
 * Loads the purchase history the size-recommendation endpoint uses: `source` (a dataset registry name or a path)
 * when given, read as `sizefit evaluate` and `predict` read a file for the model ({@link fileReadOptions}: in the
 * training data's record format, or, when the training data is in no record format, in the format the file's own
 * fields show); else the model directory's `advice-history.json` (written by `sizefit train`); else null: the
 * service then answers size recommendations with 501.
 *
 * The directory's history is checked against `model.manifest`, the manifest `loadModel` verified the directory with
 * (every listed file's size and sha256, no unlisted file): only the history's bytes are read again, checked against
 * their entry and parsed as checked, so the directory is not verified a second time and a history that is not the
 * one of the loaded model's manifest is refused.
 *
 * @param model - a model loaded with `loadModel` (its directory and manifest).
 * @param source - a dataset name or path; default the model directory's history.
 * @throws DataError when the dataset cannot be read, gives no labelled record or looks like records of another
 *   format than it was read in; ParseError in strict reading; ModelFormatError for a history file of the model
 *   directory that is modified, unlisted, not a regular file or not an advice history.
 */
export async function loadServiceHistory(
  model: Pick<LoadedModel, 'dir' | 'manifest'>,
  source?: string,
): Promise<ServiceHistory | null> {
  if (source !== undefined) {
    const recordFormat = recordFormatOf(model.manifest);
    const { dataset, report } = await loadDataset(source, fileReadOptions(recordFormat));
    const used = fileFormatUse(report, recordFormat, model.manifest);
    // A history in the other format reads as records with every body field missing: useless, so refused.
    const looksLike = foreignFormatOf(
      report.unknownFields.map((u) => u.name),
      report.format,
    );
    if (looksLike !== null) {
      throw new DataError(
        `${report.source}: the purchase history looks like ${looksLike} records, ` +
          (used.from === 'model' ? `the model reads ${report.format} records` : `read as ${report.format} records`),
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
    return { history: new AdviceHistory(dataset), source, rows: dataset.length, note: used.note };
  }
  const history = modelDirHistory(model.dir, model.manifest);
  if (history === undefined) return null;
  return { history, source: join(model.dir, ADVICE_HISTORY_FILE), rows: history.data.length, note: null };
}

/**
 * The advice history of a model directory `dir` already verified against `manifest`: its bytes read once
 * (a regular file of the listed size), their sha256 checked against the manifest's entry, then parsed.
 * @returns undefined when the manifest lists no history (and there is none).
 * @throws ModelFormatError naming the file: present but unlisted, modified, or not an advice history.
 */
function modelDirHistory(dir: string, manifest: ModelManifest): AdviceHistory | undefined {
  const p = join(dir, ADVICE_HISTORY_FILE);
  const entry = Object.hasOwn(manifest.files, ADVICE_HISTORY_FILE) ? manifest.files[ADVICE_HISTORY_FILE] : undefined;
  if (entry === undefined) {
    // Present but unlisted would be unchecked: an entry removed from the manifest must not switch the checksum off.
    if (existsSync(p)) throw new ModelFormatError('is in the model directory but not listed in its manifest', p);
    return undefined;
  }
  const bytes = readModelFile(p, { bytes: entry.bytes });
  const h = createHash('sha256').update(bytes).digest('hex');
  if (h !== entry.sha256) {
    throw new ModelFormatError(`sha256 ${h} does not match the manifest (${entry.sha256}): the file was modified`, p);
  }
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch (e) {
    throw new ModelFormatError(`is not valid JSON (${(e as Error).message})`, p);
  }
  try {
    return AdviceHistory.fromJSON(json);
  } catch (e) {
    if (e instanceof ModelFormatError) throw new ModelFormatError(e.message, p);
    throw new ModelFormatError(`could not be read: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`, p);
  }
}
