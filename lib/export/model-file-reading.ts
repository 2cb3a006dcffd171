import { printable } from '../core/printable.js';
import type { ReadFitDataOptions } from '../data/fit-record-parser.js';
import type { LoadReport } from '../data/load-report.js';
import type { ModelManifest } from './model-manifest.js';
import type { RecordFormat } from './record-format.js';

/**
 * The reader options of records a model scores: a file (`sizefit evaluate`, `predict`), the service's request
 * records and purchase history, and a program's own (`parseFitData(text, { ...fileReadOptions(recordFormatOf(
 * manifest)), keepUnlabeled: true })`), so that all read the same record alike: the model's record format and extra
 * fields; for training data in no record format ({@link RecordFormat}'s `detect`), no format (the file's fields
 * tell, a named dataset keeps its own) and every canonical column, so that the model finds the columns of its
 * training data in a file of either format (missing where the file's format has no such field).
 *
 * @param recordFormat - {@link recordFormatOf} of the model's manifest.
 * @returns options for `loadDataset` / `readFitDataFile`, to which a command adds its own (keepMissingIds...).
 */
export function fileReadOptions(recordFormat: RecordFormat): ReadFitDataOptions {
  const { extraFields } = recordFormat;
  if (recordFormat.detect === true) return { allCanonicalColumns: true, extraFields };
  return { format: recordFormat.format, extraFields };
}

/**
 * Where the format a file was read in for a model came from: `model` (the record format of the model's training
 * data), or, when the training data is in no record format ({@link RecordFormat}'s `detect`), `fields` (detected
 * from the file's fields), `default` (its fields did not tell: RentTheRunway) or `dataset` (the own format of a
 * named dataset such as `modcloth`).
 */
export type FileFormatFrom = 'model' | 'fields' | 'default' | 'dataset';

/** The format a file was read in for a model, where it came from, and what a command should say about it. */
export interface FileFormatUse {
  /** The record format the file was read in (the load report's). */
  format: string;
  from: FileFormatFrom;
  /**
   * A line for stderr when the format is not the training data's (`detect`), e.g. `x.json read as modcloth records
   * (the format its fields show): the model's training data is 'sizefit-synthetic', not a record format`; else null.
   */
  note: string | null;
}

/**
 * How a file read for a model with {@link fileReadOptions} was read: in the model's record format, or, when the
 * training data is in no record format, in the file's own.
 *
 * @param report - the load report of the file, read with {@link fileReadOptions}.
 * @param recordFormat - {@link recordFormatOf} of the manifest.
 * @param manifest - the model's manifest (its `dataset.format` is named in the note).
 */
export function fileFormatUse(report: LoadReport, recordFormat: RecordFormat, manifest: ModelManifest): FileFormatUse {
  if (recordFormat.detect !== true) return { format: report.format, from: 'model', note: null };
  const from: FileFormatFrom =
    report.formatFrom === 'option' ? 'dataset' : report.formatFrom === 'fields' ? 'fields' : 'default';
  const why =
    from === 'fields'
      ? 'the format its fields show'
      : from === 'dataset'
        ? 'the format of the named dataset'
        : 'the default: its fields do not tell';
  const f: unknown = manifest.dataset?.format;
  const training =
    typeof f === 'string'
      ? `is ${JSON.stringify(printable(f))}, not a record format`
      : 'names no format (an older manifest)';
  return {
    format: report.format,
    from,
    note: `${printable(report.source)} read as ${report.format} records (${why}): the model's training data ${training}`,
  };
}
