import { datasetEntry } from '../data/dataset-registry.js';
import { FIT_DATA_FORMATS, type FitDataFormat } from '../data/fit-data-formats.js';
import type { ModelManifest } from './model-manifest.js';

/** How records for a model are read: the format and extra fields of the model's training data. */
export interface RecordFormat {
  format: FitDataFormat;
  extraFields?: Readonly<Record<string, 'number' | 'category'>>;
}

/**
 * The record format a model's inputs are read in: its training data's format and, for a named dataset with
 * extra fields (the bundled `sample`: brand, size system, size label...), those fields. A file read by path
 * gets no extra fields by itself, so the CLI's `evaluate` and `predict` and the service pass these: a record
 * then means to the model what the same line meant in its training data.
 */
export function recordFormatOf(manifest: ModelManifest): RecordFormat {
  const f = manifest.dataset?.format;
  const format: FitDataFormat =
    typeof f === 'string' && Object.hasOwn(FIT_DATA_FORMATS, f) ? (f as FitDataFormat) : 'renttherunway';
  const extraFields =
    typeof manifest.dataset?.name === 'string' ? datasetEntry(manifest.dataset.name)?.extraFields : undefined;
  return extraFields !== undefined ? { format, extraFields } : { format };
}
