import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { AdviceHistory } from '../advice/advice-history.js';
import { ADVICE_HISTORY_FILE, parseAdviceHistory } from '../advice/load-advice-history.js';
import { DataError, InvalidArgumentError, ModelFormatError } from '../core/errors.js';
import { shownValue } from '../core/printable.js';
import { loadDataset } from '../data/dataset-registry.js';
import { FIT_DATA_FORMATS, foreignFormatOf } from '../data/fit-data-formats.js';
import { refuseTruncatedFile } from '../data/refuse-truncated-file.js';
import { loadModel, type LoadedModel } from '../export/load-model.js';
import { fileFormatUse, fileReadOptions } from '../export/model-file-reading.js';
import { readModelFile } from '../export/read-model-file.js';
import { recordFormatOf, type RecordFormat } from '../export/record-format.js';
// Every estimator kind a model directory may hold registers itself when its module loads (the earlier form loads one).
import '../features/index.js';
import '../reduction/index.js';
import '../models/index.js';

/**
 * What {@link loadServiceHistory} needs of a loaded model: its directory and manifest, and the checked bytes of
 * `advice-history.json` when `loadModel` was asked to read them (`loadModel(dir, { read: [ADVICE_HISTORY_FILE] })`).
 */
type ServiceModel = Pick<LoadedModel, 'dir' | 'manifest' | 'files'>;

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
 * (every listed file's size and sha256, no unlisted file), so the directory is not verified a second time and a
 * history that is not the one of the loaded model's manifest is refused. Its bytes are the ones `loadModel` read
 * while verifying when it was asked to (`loadModel(dir, { read: [ADVICE_HISTORY_FILE] })`, as `FitService.load`
 * does: the file is read once), else the file is read again; either way the bytes parsed are the bytes checked.
 *
 * @param model - a model loaded with `loadModel` (its directory, manifest, and the checked bytes it read, if any).
 * @param source - a dataset name or path; default the model directory's history.
 * @throws DataError when the dataset cannot be read, is a truncated gzip, gives no labelled record or looks like records of another
 *   format than it was read in; ParseError in strict reading; ModelFormatError for a history file of the model
 *   directory that is modified, unlisted, not a regular file or not an advice history; InvalidArgumentError for
 *   arguments of neither form.
 */
export async function loadServiceHistory(model: ServiceModel, source?: string): Promise<ServiceHistory | null>;
/**
 * The earlier form, `(dir, format, source?)`, kept working: the model directory `dir` is loaded and verified with
 * `loadModel` first (every checksum), then its history loaded as in the form above; `source` is read with
 * `format` (as before: `recordFormatOf` the manifest, which the other form uses).
 *
 * @deprecated Pass the model `loadModel` loaded: `loadServiceHistory(await loadModel(dir), source)`, which does not
 *   verify the directory a second time.
 * @throws ModelFormatError for a missing, tampered or unreadable model directory; the errors of the form above.
 */
export async function loadServiceHistory(
  dir: string,
  format?: RecordFormat,
  source?: string,
): Promise<ServiceHistory | null>;
export async function loadServiceHistory(
  model: ServiceModel | string,
  a?: string | RecordFormat,
  b?: string,
): Promise<ServiceHistory | null> {
  if (typeof model === 'string') {
    if (a !== undefined && !isRecordFormat(a)) {
      throw new InvalidArgumentError(
        `loadServiceHistory(dir, format, source): format must be a record format ({ format, extraFields? }: ` +
          `recordFormatOf(manifest)), got ${shownValue(a)}; or call loadServiceHistory(await loadModel(dir), source)`,
      );
    }
    checkSource(b);
    const loaded = await loadModel(model, { read: b === undefined ? [ADVICE_HISTORY_FILE] : [] });
    return readServiceHistory(loaded, a ?? recordFormatOf(loaded.manifest), b);
  }
  if (
    model === null ||
    typeof model !== 'object' ||
    typeof model.dir !== 'string' ||
    model.manifest === null ||
    typeof model.manifest !== 'object'
  ) {
    throw new InvalidArgumentError(
      `loadServiceHistory(model, source): model must be a model loaded with loadModel ({ dir, manifest }) or a ` +
        `model directory, got ${shownValue(model)}`,
    );
  }
  if (a !== undefined && typeof a !== 'string') {
    throw new InvalidArgumentError(
      `loadServiceHistory(model, source): source must be a dataset name or path, got ${shownValue(a)} ` +
        `(a record format goes only with a model directory: loadServiceHistory(dir, format, source))`,
    );
  }
  return readServiceHistory(model, recordFormatOf(model.manifest), a);
}

/** Whether `x` has the shape of a {@link RecordFormat}: a record format's name and, if any, an object of extra fields. */
function isRecordFormat(x: unknown): x is RecordFormat {
  if (x === null || typeof x !== 'object' || Array.isArray(x)) return false;
  const { format, extraFields } = x as Partial<RecordFormat>;
  return (
    typeof format === 'string' &&
    Object.hasOwn(FIT_DATA_FORMATS, format) &&
    (extraFields === undefined || (extraFields !== null && typeof extraFields === 'object'))
  );
}

/** @throws InvalidArgumentError unless `source` is a string or undefined. */
function checkSource(source: unknown): void {
  if (source !== undefined && typeof source !== 'string') {
    throw new InvalidArgumentError(
      `loadServiceHistory: source must be a dataset name or path, got ${shownValue(source)}`,
    );
  }
}

/** {@link loadServiceHistory} of a loaded model, `source` read with `recordFormat`. */
async function readServiceHistory(
  model: ServiceModel,
  recordFormat: RecordFormat,
  source: string | undefined,
): Promise<ServiceHistory | null> {
  if (source !== undefined) {
    const { dataset, report } = await loadDataset(source, fileReadOptions(recordFormat));
    // Advice from the part before the cut would pass for advice from the customers' whole history.
    refuseTruncatedFile(report, 'take the purchase history from');
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
  const history = modelDirHistory(model);
  if (history === undefined) return null;
  return { history, source: join(model.dir, ADVICE_HISTORY_FILE), rows: history.data.length, note: null };
}

/**
 * The advice history of a model directory already verified against `manifest`: the checked bytes `loadModel` read
 * while verifying it (`files`, when it was asked to read {@link ADVICE_HISTORY_FILE}), else the file read once (a
 * regular file of the listed size); either way their sha256 checked against the manifest's entry, then parsed.
 * @returns undefined when the manifest lists no history (and there is none).
 * @throws ModelFormatError naming the file: present but unlisted, modified, or not an advice history.
 */
function modelDirHistory({ dir, manifest, files }: ServiceModel): AdviceHistory | undefined {
  const p = join(dir, ADVICE_HISTORY_FILE);
  const entry = Object.hasOwn(manifest.files, ADVICE_HISTORY_FILE) ? manifest.files[ADVICE_HISTORY_FILE] : undefined;
  if (entry === undefined) {
    // Present but unlisted would be unchecked: an entry removed from the manifest must not switch the checksum off.
    if (existsSync(p)) throw new ModelFormatError('is in the model directory but not listed in its manifest', p);
    return undefined;
  }
  const bytes = files?.get(ADVICE_HISTORY_FILE) ?? readModelFile(p, { bytes: entry.bytes });
  // Hashed even when loadModel checked these bytes: `manifest` may not be the one it checked them against.
  const h = createHash('sha256').update(bytes).digest('hex');
  if (h !== entry.sha256) {
    throw new ModelFormatError(`sha256 ${h} does not match the manifest (${entry.sha256}): the file was modified`, p);
  }
  return parseAdviceHistory(bytes, p);
}
