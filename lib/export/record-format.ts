import { SAMPLE_EXTRA_FIELD_TYPES, datasetEntry } from '../data/dataset-registry.js';
import { FIT_DATA_FORMATS, type FitDataFormat } from '../data/fit-data-formats.js';
import { SYNTHETIC_DATA_FORMAT } from '../data/synthetic-generator.js';
import type { ModelManifest } from './model-manifest.js';

/** How records for a model are read: the format and extra fields of the model's training data. */
export interface RecordFormat {
  /**
   * The training data's record format. When the manifest names none (`detect`), the format records are read in
   * when their fields do not tell (and the one record of the load's dry run): the format of the manifest's registry
   * dataset, else RentTheRunway.
   */
  format: FitDataFormat;
  /**
   * True when the manifest's `dataset.format` is not a record format (`sizefit-synthetic`, a caller's own name) or
   * is absent: the training data says nothing about how a file is written, so a file is read in the format its own
   * fields show (as a file read without a format is), `format` only when its fields do not tell.
   */
  detect?: true;
  extraFields?: Readonly<Record<string, 'number' | 'category'>>;
}

/**
 * The record format a model's inputs are read in: its training data's format and, for a named dataset with
 * extra fields (the bundled `sample`: brand, size system, size label...) or generated synthetic data (the same
 * columns), those fields. A file read by path gets no extra fields by itself, so the CLI's `evaluate` and
 * `predict` and the service pass these (through `fileReadOptions`, which a program reading records for a model
 * uses too): a record then means to the model what the same line meant in its training data. A manifest whose
 * `dataset.format` is not a record format gives `detect` (see {@link RecordFormat}).
 */
export function recordFormatOf(manifest: ModelManifest): RecordFormat {
  const f = manifest.dataset?.format;
  const name = manifest.dataset?.name;
  const entry = typeof name === 'string' ? datasetEntry(name) : undefined;
  const given = typeof f === 'string' && Object.hasOwn(FIT_DATA_FORMATS, f) ? (f as FitDataFormat) : undefined;
  const format: FitDataFormat = given ?? entry?.format ?? 'renttherunway';
  // The synthetic generator's columns beyond the canonical ones are the sample's extra fields (the sample is
  // synthetic data written as lines): a model trained on either reads them under the same keys.
  const extraFields = entry?.extraFields ?? (f === SYNTHETIC_DATA_FORMAT ? SAMPLE_EXTRA_FIELD_TYPES : undefined);
  return {
    format,
    ...(given === undefined ? { detect: true as const } : {}),
    ...(extraFields !== undefined ? { extraFields } : {}),
  };
}
