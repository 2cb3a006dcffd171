import { foreignFormatOf } from '../data/fit-data-formats.js';
import type { LoadReport } from '../data/load-report.js';
import { plural } from './plural.js';
import { printable } from '../core/printable.js';

/**
 * What a command that scores a file should say on stderr about how the file was read, so that a record kept
 * with a missing or unknown field is not kept silently: the problems by kind with the first one, and the
 * fields the model's record format does not know (ignored). `modelFormat` is the format the file was read in
 * (the model's training data's); when the unknown fields are the marker keys of another format, the note says
 * the file looks like that format.
 *
 * @returns the lines to print, none for a clean file.
 */
export function readingNotes(report: LoadReport, modelFormat: string): string[] {
  const notes: string[] = [];
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
      modelFormat,
    );
    notes.push(
      `${plural(report.unknownFields.length, 'field')} unknown to the model's record format ` +
        `(${modelFormat}) ignored: ${listed}${more}` +
        (looksLike !== null
          ? `; the file looks like ${looksLike} records, the model was trained on ${modelFormat} records`
          : ''),
    );
  }
  return notes;
}
