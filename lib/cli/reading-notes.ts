import { foreignFormatOf } from '../data/fit-data-formats.js';
import type { LoadReport } from '../data/load-report.js';
import type { FileFormatFrom } from '../export/model-file-reading.js';
import { plural } from '../core/plural.js';
import { printable } from '../core/printable.js';
import { truncatedFileNote } from './truncated-file.js';

/**
 * What a command that scores a file should say on stderr about how the file was read, so that a record kept
 * with a missing or unknown field is not kept silently: first, for a truncated gzip file, that only its first lines
 * were read ({@link truncatedFileNote}); the problems by kind with the first one, and the
 * fields the format the file was read in does not know (ignored); when those are the marker keys of another
 * format, the note says the file looks like that format.
 *
 * @param report - the file's load report.
 * @param format - the record format the file was read in (`FileFormatUse.format`).
 * @param from - where that format came from (`FileFormatUse.from`): `model` (the default), the model's training
 *   data, which the note then names as such; otherwise (a model whose training data is in no record format) the
 *   format the file's fields show, the default or a named dataset's own, and the note names it as the format the
 *   file was read in, never as the model's.
 * @returns the lines to print, none for a clean file.
 */
export function readingNotes(report: LoadReport, format: string, from: FileFormatFrom = 'model'): string[] {
  const notes: string[] = [];
  const truncated = truncatedFileNote(report);
  if (truncated !== null) notes.push(truncated);
  if (report.problems > 0) {
    const kinds = Object.entries(report.problemCounts)
      .filter(([, n]) => n > 0)
      .map(([k, n]) => `${n.toLocaleString('en-US')} ${k}`);
    const first = report.examples[0];
    notes.push(
      `${plural(report.problems, 'problem')} in ${printable(report.source)} (${kinds.join(', ')})` +
        (first ? `; first: line ${first.line}: ${printable(first.message)}` : '') +
        `; fields with a problem count as missing, lines without a record are left out`,
    );
  }
  const unknown = report.unknownFields.filter((u) => u.firstLine > 0);
  if (unknown.length > 0) {
    const listed = unknown
      .slice(0, 8)
      .map((u) => `'${printable(u.name)}' (${plural(u.count, 'record')})`)
      .join(', ');
    const more = report.unknownFields.length > 8 ? ', ...' : '';
    const looksLike = foreignFormatOf(
      unknown.map((u) => u.name),
      format,
    );
    const model = from === 'model';
    notes.push(
      `${plural(report.unknownFields.length, 'field')} unknown to ` +
        (model ? `the model's record format (${format})` : `the record format the file was read in (${format})`) +
        ` ignored: ${listed}${more}` +
        (looksLike === null
          ? ''
          : model
            ? `; the file looks like ${looksLike} records, the model was trained on ${format} records`
            : `; the file looks like ${looksLike} records`),
    );
  }
  return notes;
}
