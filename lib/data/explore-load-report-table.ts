import { InvalidArgumentError } from '../core/errors.js';
import type { LoadReport } from './load-report.js';

/** One line of a {@link loadReportTable}. */
// A type alias, not an interface: a list of them then passes to toHtmlTable (records with an index signature).
export type LoadReportRow = {
  /** `lines`, `problem kind`, `field`, `unknown field` or `not loaded`. */
  section: string;
  /** What is counted: `rows kept`, `out-of-range`, `age`... */
  item: string;
  count: number;
  /** Example raw values (`age '116'`), from the report's first problems; empty when none. */
  examples: string;
};

/** Options of {@link loadReportTable}. */
export interface LoadReportTableOptions {
  /** Distinct example values per line: a whole number >= 0 (default 3; 0 shows none), or Infinity for all. */
  maxExamples?: number;
}

/**
 * A load report ({@link LoadReport}) as one table: line counts (lines, blank, kept, dropped,
 * duplicates), then problems per kind and per field with a few distinct example values each, then
 * unknown keys and keys that were deliberately not loaded. Kinds and fields without a problem are
 * left out. Examples show field and raw value only, never a whole record: a whole-line problem (`(line)`) shows
 * only the line's shape (see `LoadProblem.raw`).
 *
 * @param options `maxExamples`: distinct example values per line (default 3; 0 shows none; Infinity all).
 * @returns the rows, in that order.
 * @throws InvalidArgumentError when `maxExamples` is negative, a fraction or NaN.
 */
export function loadReportTable(report: LoadReport, options: LoadReportTableOptions = {}): LoadReportRow[] {
  const maxExamples = options.maxExamples ?? 3;
  if (!((Number.isInteger(maxExamples) || maxExamples === Infinity) && maxExamples >= 0)) {
    throw new InvalidArgumentError(
      `loadReportTable: maxExamples must be a whole number >= 0 (or Infinity), got ${maxExamples}`,
    );
  }
  const rows: LoadReportRow[] = [];
  const line = (item: string, count: number): void => {
    rows.push({ section: 'lines', item, count, examples: '' });
  };
  line('lines', report.totalLines);
  line('blank lines', report.blankLines);
  line('rows kept', report.rowsKept);
  line('rows dropped', report.rowsDropped);
  line('duplicate lines', report.duplicates);
  line('problems', report.problems);
  const examples = (pick: (field: string | null, kind: string) => boolean): string => {
    const seen = new Set<string>();
    for (const p of report.examples) {
      if (seen.size >= maxExamples) break;
      if (!pick(p.field, p.kind)) continue;
      seen.add(`${p.field ?? '(line)'} '${p.raw}'`);
    }
    return [...seen].join(', ');
  };
  for (const [kind, count] of Object.entries(report.problemCounts)) {
    if (count > 0) rows.push({ section: 'problem kind', item: kind, count, examples: examples((_, k) => k === kind) });
  }
  const fields = Object.entries(report.problemsByField).sort((a, b) => b[1] - a[1]);
  for (const [field, count] of fields) {
    const examplesOf = examples((f) => (f ?? '(line)') === field);
    rows.push({ section: 'field', item: field, count, examples: examplesOf });
  }
  for (const u of report.unknownFields) {
    rows.push({ section: 'unknown field', item: u.name, count: u.count, examples: '' });
  }
  for (const [name, count] of Object.entries(report.droppedFields)) {
    rows.push({ section: 'not loaded', item: name, count, examples: '' });
  }
  return rows;
}
