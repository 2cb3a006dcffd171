import type { ColumnarDataset } from '../data/columnar-dataset.js';
import type { UnknownField } from '../data/load-report.js';
import { fileReadOptions } from '../export/model-file-reading.js';
import type { RecordFormat } from '../export/record-format.js';
import { FitRecordParser } from '../data/fit-record-parser.js';
import { HttpError, type RequestProblem } from './http-error.js';
import { jsonPathKey } from '../core/json-path.js';

/** Problem kinds of the record parser that are not errors for a request (ids and labels may be absent). */
const TOLERATED = new Set(['missing-id', 'missing-label']);

/**
 * Parses request records (objects in the dataset's own format, one per line of a dataset file) with the
 * dataset reader's {@link FitRecordParser} and the options `sizefit predict` reads a file with for the model
 * ({@link fileReadOptions}), so a request record means exactly what the same line of a dataset file means to the
 * model: in the training data's record format, or, for a model whose training data is in no record format
 * ({@link RecordFormat}'s `detect`: generated synthetic data), in the format the records' own fields show (the
 * request's records read together, as the lines of one file), with every canonical column. Records without ids or
 * fit label are kept (the model predicts cold-start rows).
 *
 * @param records - the records (already schema-checked objects).
 * @param format - `recordFormatOf` the model's manifest.
 * @param pathOf - JSON path of record `i` in the request body, for problems (`$.records[3]`).
 * @returns a dataset with one row per record, in order.
 * @throws HttpError 400 listing each unparseable or out-of-range value with its path, and each key that is not a
 *   field of the format the records were read in (possible only with `detect`, whose schema knows the keys of every
 *   format: a ModCloth key among records read as RentTheRunway ones).
 */
export function parseRequestRecords(
  records: readonly unknown[],
  format: RecordFormat,
  pathOf: (i: number) => string,
  maxProblems = 20,
): ColumnarDataset {
  const r = readRequestRecords(records, format, pathOf, maxProblems);
  const { dataset, problems } = r;
  const values = problems.length;
  for (const u of r.unknownKeys) {
    if (problems.length >= maxProblems) break;
    problems.push(
      u.firstLine > 0
        ? { path: jsonPathKey(pathOf(u.firstLine - 1), u.name), reason: `is not a field of ${r.read}` }
        : { path: pathOf(0).replace(/\[0\]$/, ''), reason: `${u.count} more keys that are not fields of ${r.read}` },
    );
  }
  if (problems.length > 0) {
    const what =
      values === 0
        ? problems.length === 1
          ? `a record has a key that is not a field of ${r.read}`
          : `the records have keys that are not fields of ${r.read}`
        : `${problems.length === 1 ? 'a value' : 'values'} of the records could not be read`;
    throw new HttpError(400, what, problems);
  }
  return dataset;
}

/**
 * {@link parseRequestRecords} that reads what it can as a dataset file is read: a value that cannot be read is
 * missing, an unknown key is ignored, and each is returned as a note with its path (at most `maxNotes`, then a
 * count), so the caller can pass them on. Used for `"badValues": "missing"`.
 * @throws HttpError 400 when a record is not a JSON object.
 */
export function parseRequestRecordsLeniently(
  records: readonly unknown[],
  format: RecordFormat,
  pathOf: (i: number) => string,
  maxNotes = 100,
): { dataset: ColumnarDataset; notes: RequestProblem[] } {
  const r = readRequestRecords(records, format, pathOf, maxNotes);
  const notes = [...r.problems];
  for (const u of r.unknownKeys) {
    notes.push(
      u.firstLine > 0
        ? {
            path: jsonPathKey(pathOf(u.firstLine - 1), u.name),
            reason: `is not a field of ${r.read}: ignored (in ${u.count} record${u.count === 1 ? '' : 's'})`,
          }
        : { path: pathOf(0).replace(/\[0\]$/, ''), reason: `${u.count} more unknown keys, not listed: ignored` },
    );
  }
  if (r.more > 0) notes.push({ path: '$', reason: `${r.more} more values could not be read (read as missing)` });
  return { dataset: r.dataset, notes };
}

function readRequestRecords(
  records: readonly unknown[],
  format: RecordFormat,
  pathOf: (i: number) => string,
  maxProblems: number,
): {
  dataset: ColumnarDataset;
  problems: RequestProblem[];
  unknownKeys: UnknownField[];
  more: number;
  /** What the records were read as, for notes on unknown keys: `the model's records`, or `modcloth records (...)`. */
  read: string;
} {
  // The options written out, not spread: this runs once per request, and a spread options object still makes a
  // one-record request about 10% slower (48 against 55 us), although the parser copies its options.
  const read = fileReadOptions(format);
  const parser = new FitRecordParser('request', {
    format: read.format,
    extraFields: read.extraFields,
    allCanonicalColumns: read.allCanonicalColumns,
    keepUnlabeled: true,
    keepMissingIds: true,
    maxExamples: Infinity,
  });
  let text = '';
  for (const r of records) text += JSON.stringify(r) + '\n';
  parser.pushText(text);
  const { dataset, report } = parser.finish({ name: 'request', sha256: '' });
  const problems: RequestProblem[] = [];
  let more = 0;
  for (const p of report.examples) {
    if (TOLERATED.has(p.kind)) continue;
    if (problems.length >= maxProblems) {
      more++;
      continue;
    }
    const base = pathOf(p.line - 1);
    problems.push({ path: p.field === null ? base : jsonPathKey(base, p.field), reason: `${p.message} (${p.kind})` });
  }
  if (dataset.length !== records.length) {
    throw new HttpError(400, `${records.length - dataset.length} records could not be read`, [
      { path: pathOf(0).replace(/\[0\]$/, ''), reason: 'records must be JSON objects in the dataset format' },
    ]);
  }
  const readAs =
    format.detect === true
      ? `${report.format} records (the format ${report.formatFrom === 'default' ? 'read when the fields do not tell' : "the records' fields show"})`
      : "the model's records";
  return { dataset, problems, unknownKeys: report.unknownFields, more, read: readAs };
}
