import { InvalidArgumentError, ParseError } from '../core/errors.js';

/** The kinds of problem a dataset reader reports. */
export const PROBLEM_KINDS = [
  'malformed-json',
  'not-an-object',
  'wrong-type',
  'unparseable',
  'out-of-range',
  'missing-label',
  'invalid-label',
  'missing-id',
  'duplicate-key',
  'invalid-utf8',
  'line-too-long',
  'truncated-gzip',
] as const;

/**
 * A kind of problem: `malformed-json` (line dropped), `not-an-object` (a JSON line that is not an
 * object; dropped), `wrong-type` (e.g. an object where a string was expected; field set missing),
 * `unparseable` (`5 ft 13` as a height; field set missing), `out-of-range` (age 117; field set
 * missing), `missing-label` / `invalid-label` (no or unknown fit label; row dropped unless
 * `keepUnlabeled`), `missing-id` (no user or item id; row dropped), `duplicate-key` (a key given twice with
 * different values, which JSON.parse would read as the last one; field set missing), `invalid-utf8` (a line whose
 * bytes are not UTF-8; read with U+FFFD in their place, row kept), `line-too-long` (a line longer than the
 * reader's `maxLineBytes`; not read, dropped), `truncated-gzip` (the gzip stream is cut short, a truncated file: the
 * lines before the cut are read, a line cut short is dropped).
 */
export type ProblemKind = (typeof PROBLEM_KINDS)[number];

/**
 * Kinds of problem that concern the whole file rather than one of its lines (a `truncated-gzip` says the rows read
 * are only part of the file): a report keeps them as examples whatever its example cap.
 */
export const FILE_PROBLEM_KINDS: readonly ProblemKind[] = ['truncated-gzip'];

/** Where a truncated input (a gzip stream cut short) stops: see {@link LoadReport.truncated}. */
export interface TruncatedInput {
  /** The last whole line read: the lines after it, the one cut short included, are not read. 0: none was. */
  afterLine: number;
  /** Bytes of text read before the cut (inflated; the part of a line cut short included). */
  bytesRead: number;
}

/** One problem found in the input. */
export interface LoadProblem {
  /** 1-based line number in the source. */
  line: number;
  /** Source key of the field (`height`, `bust size`), or null for a whole-line problem. */
  field: string | null;
  kind: ProblemKind;
  /**
   * The raw value as text (JSON for non-strings), cut to 120 characters. For a whole-line problem (`field` null)
   * no record content, only the line's shape: its opening bracket if it has one, its length and where the problem
   * is, e.g. `{…(149 chars; JSON error at position 56)`, `[…(3,120 chars; a JSON array)`.
   */
  raw: string;
  message: string;
}

/** A key found in the input that the format does not know and the caller did not declare. */
export interface UnknownField {
  name: string;
  /** Number of records that have it. */
  count: number;
  /** First line where it appears. */
  firstLine: number;
}

/** What a reader found while loading: counts, problems and examples. Plain data, JSON-serializable. */
export interface LoadReport {
  /** File path or the `source` option. */
  source: string;
  /** Format used to read the records. */
  format: string;
  /** How the format was chosen: given as an option, detected from the fields, or the default. */
  formatFrom: 'option' | 'fields' | 'default';
  /** Physical lines in the input (a final line without newline counts). */
  totalLines: number;
  /** Empty or whitespace-only lines (skipped, not problems). */
  blankLines: number;
  /** Rows in the dataset. */
  rowsKept: number;
  /** Non-blank lines that gave no row (malformed, not an object, no id, no label). */
  rowsDropped: number;
  /**
   * Kept rows equal to an earlier kept row in every value, loaded or not (kept; counted by a 53-bit
   * hash of the values).
   */
  duplicates: number;
  /** Total number of problems. */
  problems: number;
  /** Problems per kind (every kind present, 0 when none). */
  problemCounts: Record<ProblemKind, number>;
  /** Problems per source field (whole-line problems under `(line)`). */
  problemsByField: Record<string, number>;
  /**
   * The first problems, in line order: at most the reader's `maxExamples` of them, and besides those every problem
   * of the whole file ({@link FILE_PROBLEM_KINDS}: a `truncated-gzip`) whatever the cap.
   */
  examples: LoadProblem[];
  /**
   * Set when the input is cut short (a truncated gzip file, read in non-strict mode): the rows are only those of
   * the lines before the cut. Null for an input read to its end.
   */
  truncated: TruncatedInput | null;
  /** Undeclared keys that are not part of the format (reported, not loaded). */
  unknownFields: UnknownField[];
  /** Known keys that are deliberately not loaded (review text), with how many records had them. */
  droppedFields: Record<string, number>;
}

const MAX_RAW = 120;
const MAX_UNKNOWN_KEYS = 200;

/** Shows a raw value as text: strings as they are, anything else as JSON; cut to 120 characters. */
export function rawText(v: unknown): string {
  let s: string;
  if (typeof v === 'string') s = v;
  else {
    try {
      s = JSON.stringify(v) ?? typeof v;
    } catch {
      // cyclic or too deeply nested to print (String() would overflow the stack too)
      s = Array.isArray(v) ? '[array]' : `[${typeof v}]`;
    }
  }
  return s.length > MAX_RAW ? `${s.slice(0, MAX_RAW)}…(${s.length} chars)` : s;
}

/**
 * Collects problems and counts while a reader runs, and throws the first problem as a
 * {@link ParseError} in strict mode. Used by {@link FitRecordParser}; exported for other readers.
 */
export class LoadReportBuilder {
  private readonly counts = new Map<ProblemKind, number>();
  private readonly byField = new Map<string, number>();
  private readonly unknown = new Map<string, UnknownField>();
  private readonly dropped = new Map<string, number>();
  private readonly examples: LoadProblem[] = [];
  /** Problems of the whole file, kept outside the example cap. */
  private readonly fileProblems: LoadProblem[] = [];
  private total = 0;
  unknownOverflow = 0;

  /**
   * @param source file or source name used in messages.
   * @param strict throw on the first problem.
   * @param maxExamples how many problems to keep as examples: a non-negative integer, or `Infinity` to keep them all.
   * @throws InvalidArgumentError when `maxExamples` is not a non-negative integer or `Infinity` (NaN, negative,
   * fractional).
   */
  constructor(
    readonly source: string,
    readonly strict: boolean,
    readonly maxExamples: number,
  ) {
    if (!(maxExamples === Infinity || (Number.isInteger(maxExamples) && maxExamples >= 0))) {
      throw new InvalidArgumentError(
        `maxExamples must be a non-negative integer or Infinity, got ${String(maxExamples)}`,
      );
    }
  }

  /**
   * Records a problem. Problems may come out of line order (a reader that holds lines back): the examples are
   * still the first problems by line, and in the order given within a line. A problem of the whole file
   * ({@link FILE_PROBLEM_KINDS}) is always kept as an example, beyond `maxExamples`.
   * @throws ParseError in strict mode, naming source, line, field and raw value.
   */
  problem(line: number, field: string | null, kind: ProblemKind, raw: unknown, message: string): void {
    const rawS = rawText(raw);
    if (this.strict) {
      throw new ParseError(
        `${message} (${kind})`,
        field === null ? { source: this.source, line } : { source: this.source, line, field },
        rawS,
      );
    }
    this.total++;
    this.counts.set(kind, (this.counts.get(kind) ?? 0) + 1);
    const f = field ?? '(line)';
    this.byField.set(f, (this.byField.get(f) ?? 0) + 1);
    if (FILE_PROBLEM_KINDS.includes(kind)) {
      this.fileProblems.push({ line, field, kind, raw: rawS, message });
      return;
    }
    const ex = this.examples;
    if (ex.length >= this.maxExamples && (ex.length === 0 || ex[ex.length - 1].line <= line)) return;
    let at = ex.length;
    while (at > 0 && ex[at - 1].line > line) at--;
    ex.splice(at, 0, { line, field, kind, raw: rawS, message });
    if (ex.length > this.maxExamples) ex.pop();
  }

  /** Records an undeclared key (the first 200 distinct keys are listed; the rest only counted). */
  unknownField(name: string, line: number): void {
    const u = this.unknown.get(name);
    if (u) u.count++;
    else if (this.unknown.size < MAX_UNKNOWN_KEYS)
      this.unknown.set(name, { name: rawText(name), count: 1, firstLine: line });
    else this.unknownOverflow++;
  }

  /** Counts a known key that is deliberately not loaded. */
  droppedField(name: string): void {
    this.dropped.set(name, (this.dropped.get(name) ?? 0) + 1);
  }

  /**
   * The report, given the line counts the reader kept, and where the input is cut short (`truncated`, default
   * null: read to its end).
   */
  build(counts: {
    format: string;
    formatFrom: LoadReport['formatFrom'];
    totalLines: number;
    blankLines: number;
    rowsKept: number;
    rowsDropped: number;
    duplicates: number;
    truncated?: TruncatedInput | null;
  }): LoadReport {
    // Object.fromEntries defines own properties, so a key such as `__proto__` stays plain data.
    const problemCounts = Object.fromEntries(PROBLEM_KINDS.map((k) => [k, this.counts.get(k) ?? 0])) as Record<
      ProblemKind,
      number
    >;
    const problemsByField = Object.fromEntries(this.byField);
    const droppedFields = Object.fromEntries(this.dropped);
    const unknownFields = [...this.unknown.values()];
    if (this.unknownOverflow > 0) {
      unknownFields.push({ name: '(more keys not listed)', count: this.unknownOverflow, firstLine: 0 });
    }
    // Both lists are in line order; a file problem goes after the line problems of its line.
    const examples: LoadProblem[] = [];
    let i = 0;
    for (const p of this.fileProblems) {
      while (i < this.examples.length && this.examples[i].line <= p.line) examples.push(this.examples[i++]);
      examples.push(p);
    }
    examples.push(...this.examples.slice(i));
    return {
      source: this.source,
      ...counts,
      truncated: counts.truncated ?? null,
      problems: this.total,
      problemCounts,
      problemsByField,
      examples,
      unknownFields,
      droppedFields,
    };
  }
}
