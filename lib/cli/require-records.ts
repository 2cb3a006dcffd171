import { DataError } from '../core/errors.js';
import type { ColumnarDataset } from '../data/columnar-dataset.js';
import type { LoadProblem, LoadReport } from '../data/load-report.js';
import { printable } from '../core/printable.js';

/**
 * Stops a command that trains on or scores records when the file gave none: names the file, how many lines
 * were left out and the first problem (with a hint when the file is not JSON lines of UTF-8 text: one JSON array,
 * UTF-16 text, CR line ends without LF; see {@link notJsonLinesHint}), instead of a model's "the dataset has no
 * rows".
 *
 * @param what - the records wanted: "labelled record to score" (evaluate), "record to score" (predict),
 *   "labelled record to train on" (train, cv).
 * @throws DataError when `dataset` has no row.
 */
export function requireRecords(dataset: ColumnarDataset, report: LoadReport, what: string): void {
  if (dataset.length > 0) return;
  const lines = report.totalLines - report.blankLines;
  const first = report.examples[0];
  throw new DataError(
    `${printable(report.source)}: no ${what} (${lines} non-blank lines, ${report.rowsDropped} left out` +
      (first ? `; first: line ${first.line}: ${printable(first.message)}` : '') +
      `)${notJsonLinesHint(report)}; \`sizefit data stats --dataset ${report.source}\` lists the problems`,
  );
}

/**
 * A hint for a file that gave no record because it is not JSON lines of UTF-8 text, told from the problems its
 * report lists (the reader keeps no bytes): a clause `; the file ...`, or empty when the file looks otherwise.
 *  - one JSON array (the usual export of a list of records): its first problem line opens with `[`;
 *  - UTF-16 text (read as UTF-8, a NUL byte comes with each ASCII character): line 2 starts with a NUL (the byte
 *    after an LF in UTF-16LE, before a character in UTF-16BE) and line 1 opens as UTF-16 does (a byte order mark FF FE
 *    or FE FF, read as U+FFFD; a NUL; `{` and a NUL). A file of one line (one record) is not told;
 *  - CR line ends without LF (old Mac): the file is one line, and its JSON value is followed by another.
 */
export function notJsonLinesHint(report: LoadReport): string {
  const first = report.examples[0];
  if (first === undefined) return '';
  if (first.line === 1 && first.raw.trimStart().startsWith('[')) {
    return '; the file looks like one JSON array: sizefit reads JSON lines, one record object per line';
  }
  const oneLine = report.totalLines - report.blankLines === 1;
  const line1 = report.examples.find((p) => p.line === 1);
  const line2 = report.examples.find((p) => p.line === 2);
  if (line1 !== undefined && line2 !== undefined && utf16LineOne(line1) && opensWith(line2, '\u0000')) {
    return '; the file looks UTF-16 encoded: save it as UTF-8';
  }
  if (
    oneLine &&
    first.line === 1 &&
    first.kind === 'malformed-json' &&
    first.raw.startsWith('{') &&
    first.message.startsWith('not valid JSON: Unexpected non-whitespace character after JSON')
  ) {
    return (
      '; the file is one line of several JSON values: if it has CR line ends without LF, convert them to LF ' +
      'or CRLF'
    );
  }
  return '';
}

/** True for a line that is not JSON because its first character is `c` (no opening bracket). */
function opensWith(p: LoadProblem, c: string): boolean {
  return p.kind === 'malformed-json' && !/^[{[]/.test(p.raw) && p.message === `not valid JSON: Unexpected token '${c}'`;
}

/** True for a first line that opens as UTF-16 read as UTF-8 does: U+FFFD (a byte order mark), a NUL, or `{` and a NUL. */
function utf16LineOne(p: LoadProblem): boolean {
  return (
    opensWith(p, '\ufffd') ||
    opensWith(p, '\u0000') ||
    (p.kind === 'malformed-json' &&
      p.raw.startsWith('{') &&
      p.message === "not valid JSON: Expected property name or '}' in JSON at position 1")
  );
}
