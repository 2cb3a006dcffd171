import { plural } from '../core/plural.js';
import { constants as bufferConstants, isAscii, isUtf8 } from 'node:buffer';
import { certainlyNoDuplicateKeys, findDuplicateJsonKeys } from '../core/json-duplicate-keys.js';
import { InvalidArgumentError } from '../core/errors.js';
import { FIT_CLASSES, fitCode } from '../core/labels.js';
import { oneDecimal } from '../core/printable.js';
import { parseBustSize, cupOrdinal, type BustSize } from './bust-size.js';
import { ColumnarDataset, type Column, type FieldSchema } from './columnar-dataset.js';
import {
  CANONICAL_FIELDS,
  FIT_DATA_FORMATS,
  detectFitDataFormat,
  type FieldSpec,
  type FitDataFormat,
} from './fit-data-formats.js';
import { LoadReportBuilder, rawText, type LoadReport, type ProblemKind, type TruncatedInput } from './load-report.js';
import { parseDecimal, parseDecimalOrRange } from './parse-decimal.js';
import { parseHeightCm } from './parse-height.js';
import { parseReviewDate } from './parse-review-date.js';
import { parseWeightKg } from './parse-weight.js';

/** Options of the clothing-fit readers. */
export interface ReadFitDataOptions {
  /** Record format; `auto` (default) detects it from the keys of the first records. */
  format?: FitDataFormat | 'auto';
  /**
   * More keys to load, name → column type. The column is named after the key with spaces turned
   * into `_`. Numbers accept JSON numbers, decimal strings and booleans (true 1, false 0).
   */
  extraFields?: Readonly<Record<string, 'number' | 'category'>>;
  /** Throw a ParseError on the first problem instead of reporting it. Default false. */
  strict?: boolean;
  /** Keep rows without a valid fit label (fit missing) instead of dropping them. Default false. */
  keepUnlabeled?: boolean;
  /**
   * Keep rows without a user_id or item_id (the id is missing, code -1) instead of dropping them,
   * e.g. to predict every record of a file. Default false.
   */
  keepMissingIds?: boolean;
  /**
   * Give the dataset every canonical column (see {@link CANONICAL_FIELDS}), those the record format has no key for
   * all missing, so that a model trained on data with columns of both formats (generated synthetic data) can score
   * a file in either. Default false: the format's own columns.
   */
  allCanonicalColumns?: boolean;
  /**
   * How many problems the report keeps as examples: a non-negative integer, or `Infinity` to keep them all. Default
   * 20. Anything else (NaN, negative, fractional) is refused with an InvalidArgumentError.
   */
  maxExamples?: number;
  /**
   * Longest line read, in bytes (UTF-8, without its line terminator: LF, or the CR LF of a Windows file). A longer
   * line is not read: its bytes are skipped up to the next newline, and it is reported as `line-too-long` and
   * dropped (strict: a ParseError). Default 67,108,864 (64 MiB); at most 536,870,886 (the line, its CR and its LF
   * must fit in one JavaScript string).
   */
  maxLineBytes?: number;
  /** Dataset name for `meta.name`. Default: the file name or `source`. */
  name?: string;
  /** Source name used in messages and `meta.source` when reading a string. Default `<string>`. */
  source?: string;
}

/** What a reader returns: the typed dataset and the report of what was found. */
export interface FitDataResult {
  dataset: ColumnarDataset;
  report: LoadReport;
}

/** Grows a Float64Array by doubling; every row starts missing (NaN). */
class NumberBuilder {
  values = new Float64Array(16);
  reset(i: number): void {
    if (i >= this.values.length) {
      const v = new Float64Array(this.values.length * 2);
      v.set(this.values);
      this.values = v;
    }
    this.values[i] = NaN;
  }
  finish(n: number): Column {
    return { type: 'number', values: this.values.slice(0, n) };
  }
}

/** Dictionary-codes strings into a growing Int32Array; every row starts missing (-1). */
class CategoryBuilder {
  codes = new Int32Array(16);
  readonly categories: string[];
  private readonly dict = new Map<string, number>();
  constructor(fixed?: readonly string[]) {
    this.categories = fixed ? [...fixed] : [];
    this.categories.forEach((c, i) => this.dict.set(c, i));
  }
  reset(i: number): void {
    if (i >= this.codes.length) {
      const v = new Int32Array(this.codes.length * 2);
      v.set(this.codes);
      this.codes = v;
    }
    this.codes[i] = -1;
  }
  code(s: string): number {
    let k = this.dict.get(s);
    if (k === undefined) {
      k = this.categories.length;
      this.categories.push(s);
      this.dict.set(s, k);
    }
    return k;
  }
  finish(n: number): Column {
    return { type: 'category', codes: this.codes.slice(0, n), categories: this.categories };
  }
}

type Builder = NumberBuilder | CategoryBuilder;

/** A field spec bound to its column builders. */
interface BoundField {
  spec: FieldSpec;
  extra: boolean;
  num: NumberBuilder[];
  cat: CategoryBuilder[];
  /** Memo of parsed date strings (few distinct values, costly parse). */
  memo: Map<string, number>;
}

/** Hash of a string (cyrb53's mixing), folded into a running 2-lane row hash. */
function mixString(h: Int32Array, s: string): void {
  let h1 = h[0];
  let h2 = h[1];
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h[0] = h1;
  h[1] = h2;
}

/** The 32-bit finaliser of MurmurHash3: every input bit flips about half the output bits. */
function avalanche(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** Number of values equal to an earlier one (sorts a copy). */
function countRepeats(values: Float64Array): number {
  const s = values.slice().sort();
  let k = 0;
  for (let i = 1; i < s.length; i++) if (s[i] === s[i - 1]) k++;
  return k;
}

const MEMO_CAP = 50_000;
const DETECT_LIMIT = 1000;
const DEFAULT_MAX_LINE_BYTES = 64 * 1024 * 1024;
/** A line, its CR and its LF must fit in one string (V8 holds at most MAX_STRING_LENGTH UTF-16 units). */
const MAX_LINE_BYTES_LIMIT = bufferConstants.MAX_STRING_LENGTH - 2;

/** Offset of the first byte that starts an ill-formed UTF-8 sequence (Unicode table 3-7), or -1 when none. */
function firstInvalidUtf8(b: Uint8Array): number {
  const n = b.length;
  const cont = (j: number, lo = 0x80, hi = 0xbf): boolean => j < n && b[j] >= lo && b[j] <= hi;
  for (let i = 0; i < n;) {
    const c = b[i];
    if (c < 0x80) i += 1;
    else if (c >= 0xc2 && c <= 0xdf) {
      if (!cont(i + 1)) return i;
      i += 2;
    } else if (c >= 0xe0 && c <= 0xef) {
      if (!cont(i + 1, c === 0xe0 ? 0xa0 : 0x80, c === 0xed ? 0x9f : 0xbf) || !cont(i + 2)) return i;
      i += 3;
    } else if (c >= 0xf0 && c <= 0xf4) {
      if (!cont(i + 1, c === 0xf0 ? 0x90 : 0x80, c === 0xf4 ? 0x8f : 0xbf) || !cont(i + 2) || !cont(i + 3)) return i;
      i += 4;
    } else return i;
  }
  return -1;
}

/**
 * What a report shows of a whole line instead of its text, which is a record: its opening bracket (`{` or `[`, not
 * content; `[` tells a JSON array), its length and `detail`.
 */
function lineShape(text: string, detail: string): string {
  const c = text.trimStart().charAt(0);
  return `${c === '{' || c === '[' ? `${c}…` : ''}(${plural(text.length, 'char')}${detail})`;
}

/**
 * JSON.parse's error without the text V8 quotes from the input (`Unexpected token 'x', ..."a": 1x, "b"... is
 * not valid JSON`), and the error position when V8 gives it.
 */
function jsonError(e: unknown): { reason: string; position: number | null } {
  const m = e instanceof Error ? e.message : String(e);
  const reason = m
    .replace(/, (?:\.\.\.)?"[\s\S]*"(?:\.\.\.)? is not valid JSON$/, '')
    .replace(/ \(line \d+ column \d+\)$/, '');
  const at = / at position (\d+)/.exec(m);
  return { reason, position: at ? Number(at[1]) : null };
}

/** A problem found before the record is read, kept back in strict mode while earlier lines wait for the format. */
interface HeldProblem {
  line: number;
  field: string | null;
  kind: ProblemKind;
  raw: unknown;
  message: string;
}

const WHAT: Record<string, string> = {
  fit: 'a fit label (the string small, fit or large)',
  height: 'a height (5\' 8", 5ft 6in or 170cm)',
  weight: 'a weight (137lbs)',
  'bust-size': 'a bust size (34d)',
  cup: 'a cup size (d, dd/e)',
  band: 'a band size (34)',
  range: 'a measurement (36 or 36-38)',
  date: 'a date (April 20, 2016)',
  number: 'a number',
};

/**
 * Streaming reader of clothing-fit JSON lines (RentTheRunway or ModCloth format): feed it bytes or
 * text, then `finish()`. Each line is parsed with JSON.parse; each known key is parsed into typed
 * canonical columns (see {@link FIT_DATA_FORMATS}). Problems are reported, never fatal unless
 * `strict`: a malformed line is dropped; a bad field becomes missing and the row is kept; a row
 * without user id, item id or fit label is dropped (the label is the target of every fit model;
 * `keepUnlabeled` keeps such rows). Exact duplicate records (equal in every value, whatever the key
 * order) are counted and kept: the published files hold a few, and removing them is a modelling
 * choice, not a parsing one. Numbers in the report: {@link LoadReport}.
 */
export class FitRecordParser {
  private readonly report: LoadReportBuilder;
  private format: FitDataFormat | null;
  private readonly formatFrom: LoadReport['formatFrom'];
  private fields = new Map<string, BoundField>();
  private schema: FieldSchema[] = [];
  private builders = new Map<string, Builder>();
  private numBuilders: NumberBuilder[] = [];
  private catBuilders: CategoryBuilder[] = [];
  private idUser: CategoryBuilder | null = null;
  private idItem: CategoryBuilder | null = null;
  private fitCol: CategoryBuilder | null = null;
  private lines = new Int32Array(16);
  private row = 0;
  private lineNo = 0;
  private blank = 0;
  private dropped = 0;
  /** 53-bit hash of each kept row; sorted at the end to count duplicates (cheaper than a Set). */
  private hashes = new Float64Array(16);
  private readonly bustMemo = new Map<string, BustSize | null>();
  private readonly rowHash = new Int32Array(2);
  /** Scratch hash of one raw (key, value) pair, see `mixRaw`. */
  private readonly pairHash = new Int32Array(2);
  private readonly f64 = new Float64Array(1);
  private readonly f64Words = new Int32Array(this.f64.buffer);
  /** Records read while the format is not known yet (no decisive key so far), in line order. */
  private pending: { line: number; obj: Record<string, unknown> }[] = [];
  /** Strict mode: the first problem met while records are pending; thrown once those before it are read. */
  private held: HeldProblem | null = null;
  private readonly carry: Buffer[] = [];
  /** Bytes in `carry`: at most `maxLineBytes`, or one more when the last is a CR (its LF may come next). */
  private carryBytes = 0;
  private textCarry = '';
  /** Set while the rest of a line longer than `maxLineBytes` is skipped, up to its newline. */
  private skipping = false;
  private readonly maxLineBytes: number;
  private defaulted = false;
  private finished = false;
  /** While the line being read has bytes that are not UTF-8: the offset of the first one in the line; else -1. */
  private invalidUtf8At = -1;
  /** Bytes fed (text as UTF-8), for {@link TruncatedInput.bytesRead}. */
  private bytesFed = 0;
  /** Where the input is cut short, once {@link gzipTruncated} said so. */
  private truncated: TruncatedInput | null = null;

  /** The options, copied into one fixed shape: a caller's object built with spreads made every read of it slow. */
  private readonly options: ReadFitDataOptions;

  /**
   * @throws InvalidArgumentError for an unknown `format`, an extra field whose type is not `number` or `category` or
   *   that clashes with a format key, a canonical column or another extra field's column, a `maxLineBytes` that
   *   is not an integer from 1 to 536,870,886, or a `maxExamples` that is not a non-negative integer or `Infinity`.
   */
  constructor(
    readonly source: string,
    options: ReadFitDataOptions = {},
  ) {
    this.options = {
      format: options.format,
      extraFields: options.extraFields,
      strict: options.strict,
      keepUnlabeled: options.keepUnlabeled,
      keepMissingIds: options.keepMissingIds,
      allCanonicalColumns: options.allCanonicalColumns,
      maxExamples: options.maxExamples,
      maxLineBytes: options.maxLineBytes,
      name: options.name,
      source: options.source,
    };
    this.report = new LoadReportBuilder(source, options.strict ?? false, options.maxExamples ?? 20);
    const cap = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
    if (!Number.isInteger(cap) || cap < 1 || cap > MAX_LINE_BYTES_LIMIT) {
      throw new InvalidArgumentError(
        `maxLineBytes must be an integer from 1 to ${MAX_LINE_BYTES_LIMIT}, got ${String(options.maxLineBytes)}`,
      );
    }
    this.maxLineBytes = cap;
    const f = options.format ?? 'auto';
    if (f !== 'auto' && !Object.hasOwn(FIT_DATA_FORMATS, f)) {
      throw new InvalidArgumentError(`unknown format '${String(f)}' (known: renttherunway, modcloth, auto)`);
    }
    this.format = f === 'auto' ? null : f;
    this.formatFrom = f === 'auto' ? 'fields' : 'option';
    const extraColumns = new Map<string, string>();
    for (const [key, type] of Object.entries(options.extraFields ?? {})) {
      if (type !== 'number' && type !== 'category') {
        throw new InvalidArgumentError(`extra field '${key}' has type ${JSON.stringify(type)}: 'number' or 'category'`);
      }
      const col = key.replace(/ /g, '_');
      const clash = Object.values(FIT_DATA_FORMATS).some((specs) => specs.some((s) => s.key === key));
      if (clash || CANONICAL_FIELDS.has(col)) {
        throw new InvalidArgumentError(`extra field '${key}' clashes with a field of the format or column '${col}'`);
      }
      const other = extraColumns.get(col);
      if (other !== undefined) {
        throw new InvalidArgumentError(`extra fields '${other}' and '${key}' both map to column '${col}'`);
      }
      extraColumns.set(col, key);
    }
    if (this.format) this.bind(this.format);
  }

  private bind(format: FitDataFormat): void {
    this.format = format;
    const extra = Object.entries(this.options.extraFields ?? {}).map(([key, t]): FieldSpec => ({
      key,
      kind: t === 'number' ? 'number' : 'category',
      columns: [key.replace(/ /g, '_')],
    }));
    const addColumn = (name: string, isExtra: boolean, extraType?: 'number' | 'category'): Builder => {
      let b = this.builders.get(name);
      if (b) return b;
      const canon = CANONICAL_FIELDS.get(name);
      const schema: FieldSchema = isExtra
        ? { name, type: extraType!, description: `extra field declared by the caller` }
        : canon!;
      b =
        schema.type === 'category'
          ? new CategoryBuilder(name === 'fit' ? FIT_CLASSES : undefined)
          : new NumberBuilder();
      this.builders.set(name, b);
      this.schema.push(schema);
      if (b instanceof NumberBuilder) this.numBuilders.push(b);
      else this.catBuilders.push(b);
      return b;
    };
    for (const spec of FIT_DATA_FORMATS[format]) {
      const bf: BoundField = { spec, extra: false, num: [], cat: [], memo: new Map() };
      for (const c of spec.columns) {
        const b = addColumn(c, false);
        if (b instanceof NumberBuilder) bf.num.push(b);
        else bf.cat.push(b);
      }
      this.fields.set(spec.key, bf);
    }
    if (this.options.allCanonicalColumns === true) for (const name of CANONICAL_FIELDS.keys()) addColumn(name, false);
    for (const spec of extra) {
      const t = this.options.extraFields![spec.key];
      const b = addColumn(spec.columns[0], true, t);
      const bf: BoundField = { spec, extra: true, num: [], cat: [], memo: new Map() };
      if (b instanceof NumberBuilder) bf.num.push(b);
      else bf.cat.push(b);
      this.fields.set(spec.key, bf);
    }
    this.idUser = this.builders.get('user_id') as CategoryBuilder;
    this.idItem = this.builders.get('item_id') as CategoryBuilder;
    this.fitCol = this.builders.get('fit') as CategoryBuilder;
  }

  /**
   * Feeds raw (already decompressed) bytes; lines may span chunks. A line longer than `maxLineBytes` is skipped.
   * @throws ParseError in strict mode on the first problem.
   */
  pushBytes(chunk: Uint8Array): void {
    this.bytesFed += chunk.length;
    let c = chunk;
    if (this.skipping) {
      const nl = c.indexOf(10);
      if (nl < 0) return;
      this.skipping = false;
      c = c.subarray(nl + 1);
    }
    const cap = this.maxLineBytes;
    if (this.carryBytes + c.length <= cap) {
      // No line here can pass the cap (the usual case): decode all whole lines at once.
      const last = c.lastIndexOf(10);
      if (last < 0) {
        this.keep(c);
        return;
      }
      this.decodeLines(this.withCarry(c.subarray(0, last + 1)));
      if (last + 1 < c.length) this.keep(c.subarray(last + 1));
      return;
    }
    // Line by line: decode runs of lines of at most cap + 2 bytes (so each fits in a string), skip long lines. The
    // cap is on a line's content: a CR before the LF does not count; a line cut after a CR of cap + 1 bytes waits
    // for the next byte.
    let run = 0; // start of the lines not decoded yet
    for (let start = 0; ;) {
      const nl = c.indexOf(10, start);
      const end = nl < 0 ? c.length : nl;
      const kept = start === 0 ? this.carryBytes : 0;
      const length = kept + end - start;
      const endsInCr = length > 0 && (end > start ? c[end - 1] : this.lastCarryByte()) === 13;
      if (length > cap + 1 || (length === cap + 1 && !endsInCr)) {
        if (start > run) this.decodeLines(this.withCarry(c.subarray(run, start)));
        this.tooLong(kept > 0 ? this.carry[0][0] : c[start]);
        if (nl < 0) {
          this.skipping = true;
          return;
        }
        start = run = nl + 1;
        continue;
      }
      if (nl < 0) {
        if (start > run) this.decodeLines(this.withCarry(c.subarray(run, start)));
        if (start < c.length) this.keep(c.subarray(start));
        return;
      }
      if ((run === 0 ? this.carryBytes : 0) + nl + 1 - run > cap + 2) {
        this.decodeLines(this.withCarry(c.subarray(run, start)));
        run = start;
      }
      start = nl + 1;
    }
  }

  /** The last byte kept of the line begun in an earlier chunk, or -1 when none is kept. */
  private lastCarryByte(): number {
    const last = this.carry[this.carry.length - 1];
    return last === undefined ? -1 : last[last.length - 1];
  }

  /** Keeps the start of a line (no newline) for the next chunk. */
  private keep(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    this.carry.push(Buffer.from(bytes));
    this.carryBytes += bytes.length;
  }

  /** The kept start of a line followed by `bytes`; empties the carry. */
  private withCarry(bytes: Uint8Array): Uint8Array {
    if (this.carry.length === 0) return bytes;
    const b = Buffer.concat([...this.carry, bytes]);
    this.carry.length = 0;
    this.carryBytes = 0;
    return b;
  }

  /** Decodes whole lines (ending with a newline) of at most `maxLineBytes` bytes each. */
  private decodeLines(bytes: Uint8Array): void {
    const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
    // ASCII (the usual case) decodes faster as latin1, with the same result.
    if (isAscii(b)) this.splitText(b.toString('latin1'), false);
    else this.pushUtf8(b);
  }

  /** Decodes whole lines of UTF-8; when the bytes are not valid UTF-8, marks the lines that are not. */
  private pushUtf8(b: Buffer): void {
    if (isUtf8(b)) {
      this.splitText(b.toString('utf8'), false);
      return;
    }
    let start = 0;
    while (start < b.length) {
      const nl = b.indexOf(10, start);
      const end = nl < 0 ? b.length : nl + 1;
      const seg = b.subarray(start, end);
      this.invalidUtf8At = isUtf8(seg) ? -1 : firstInvalidUtf8(seg);
      this.splitText(seg.toString('utf8'), false);
      this.invalidUtf8At = -1;
      start = end;
    }
  }

  /**
   * Feeds text; a trailing partial line is kept for the next call or `finish()`. A line longer than `maxLineBytes`
   * (in UTF-8) is skipped.
   * @throws ParseError in strict mode on the first problem.
   */
  pushText(text: string): void {
    this.bytesFed += Buffer.byteLength(text, 'utf8');
    this.splitText(text, true);
  }

  /** Splits text into lines; `check`: skip lines longer than the cap (bytes fed are checked before decoding). */
  private splitText(text: string, check: boolean): void {
    let start = 0;
    if (this.skipping) {
      const nl = text.indexOf('\n');
      if (nl < 0) return;
      this.skipping = false;
      start = nl + 1;
    }
    let carry = '';
    if (this.textCarry) {
      carry = this.textCarry;
      this.textCarry = '';
    }
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl < 0) {
        // A UTF-16 unit is at least one UTF-8 byte: past the cap in units is past it in bytes (one more unit when the
        // last is a CR, which is the line's terminator if an LF follows).
        const units = carry.length + text.length - start;
        const last = text.length > start ? text.charCodeAt(text.length - 1) : carry.charCodeAt(carry.length - 1);
        if (check && (units > this.maxLineBytes + 1 || (units === this.maxLineBytes + 1 && last !== 13))) {
          this.tooLong(carry ? carry.charCodeAt(0) : text.charCodeAt(start));
          this.skipping = true;
          return;
        }
        this.textCarry = carry + text.slice(start);
        return;
      }
      const line = carry ? carry + text.slice(start, nl) : text.slice(start, nl);
      carry = '';
      if (check && this.overCap(line)) this.tooLong(line.charCodeAt(0));
      else this.line(line);
      start = nl + 1;
    }
  }

  /**
   * True when `line` (without its LF) is longer than `maxLineBytes` in UTF-8, not counting a last CR (the CR of a CR
   * LF, which {@link line} drops); counted only when its length leaves a doubt.
   */
  private overCap(line: string): boolean {
    const cap = this.maxLineBytes;
    const text = line.charCodeAt(line.length - 1) === 13 ? line.slice(0, -1) : line;
    return text.length > cap || (text.length * 3 > cap && Buffer.byteLength(text, 'utf8') > cap);
  }

  /** Counts, reports and drops a line longer than `maxLineBytes`; `first` is its first byte or UTF-16 unit. */
  private tooLong(first: number | undefined): void {
    this.carry.length = 0;
    this.carryBytes = 0;
    this.textCarry = '';
    const lineNo = ++this.lineNo;
    this.dropped++;
    const open = first === 0x7b || first === 0x5b ? `${String.fromCharCode(first)}…` : '';
    const cap = this.maxLineBytes.toLocaleString('en-US');
    this.early(
      lineNo,
      null,
      'line-too-long',
      `${open}(over ${cap} bytes)`,
      `the line is longer than ${cap} bytes (option maxLineBytes): not read, dropped`,
    );
  }

  /**
   * Reports a problem found before the line's record is read. In strict mode, while earlier records wait for the
   * format, the first such problem is held back, so that a problem on an earlier line is thrown first.
   */
  private early(line: number, field: string | null, kind: ProblemKind, raw: unknown, message: string): void {
    if (this.report.strict && this.format === null && this.pending.length > 0) {
      this.held ??= { line, field, kind, raw, message };
      return;
    }
    this.report.problem(line, field, kind, raw, message);
  }

  /** Reads the records held for format detection (the format is bound), then throws a held problem. */
  private replayPending(): void {
    const p = this.pending;
    const held = this.held;
    this.pending = [];
    this.held = null;
    for (const q of p) {
      if (held !== null && q.line >= held.line) break;
      this.record(q.obj, q.line);
    }
    if (held !== null) this.report.problem(held.line, held.field, held.kind, held.raw, held.message);
  }
  private line(raw: string): void {
    const lineNo = ++this.lineNo;
    let text = raw;
    if (text.charCodeAt(text.length - 1) === 13) text = text.slice(0, -1);
    // A byte order mark starts line 1 of a file saved with one, or any line of files joined after it (`cat a b`).
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    if (text.trim() === '') {
      this.blank++;
      return;
    }
    // Whole-line problems show the line's shape, never its text (a record: ids, body measurements).
    let obj: unknown;
    try {
      obj = JSON.parse(text);
    } catch (e) {
      this.dropped++;
      const { reason, position } = jsonError(e);
      const at = position === null ? '' : `; JSON error at position ${position}`;
      this.early(lineNo, null, 'malformed-json', lineShape(text, at), `not valid JSON: ${reason}`);
      return;
    }
    if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
      this.dropped++;
      const type = obj === null ? 'null' : Array.isArray(obj) ? 'array' : typeof obj;
      this.early(
        lineNo,
        null,
        'not-an-object',
        lineShape(text, `; a JSON ${type}`),
        'the line is JSON but not an object',
      );
      return;
    }
    const rec = obj as Record<string, unknown>;
    if (this.invalidUtf8At >= 0) {
      this.early(
        lineNo,
        null,
        'invalid-utf8',
        lineShape(text, `; not UTF-8 from byte ${this.invalidUtf8At}`),
        `not valid UTF-8 from byte ${this.invalidUtf8At} of the line: the bytes that are not were read as U+FFFD`,
      );
    }
    for (const d of certainlyNoDuplicateKeys(text, rec) ? [] : findDuplicateJsonKeys(text, Infinity, true)) {
      if (d.path !== '$') continue;
      this.early(
        lineNo,
        d.key,
        'duplicate-key',
        rec[d.key],
        `'${d.key}' is given more than once with different values: field set missing`,
      );
      rec[d.key] = null;
    }
    if (this.format === null) {
      const f = detectFitDataFormat(Object.keys(rec));
      this.pending.push({ line: lineNo, obj: rec });
      if (f === null && this.pending.length < DETECT_LIMIT) return;
      this.bind(f ?? 'renttherunway');
      if (f === null) this.defaulted = true;
      this.replayPending();
      return;
    }
    this.record(rec, lineNo);
  }
  private record(rec: Record<string, unknown>, lineNo: number): void {
    const i = this.row;
    for (const b of this.numBuilders) b.reset(i);
    for (const b of this.catBuilders) b.reset(i);
    this.rowHash[0] = 0xdeadbeef;
    this.rowHash[1] = 0x41c6ce57;
    for (const key in rec) {
      const f = this.fields.get(key);
      if (f === undefined) {
        this.report.unknownField(key, lineNo);
        this.mixRaw(key, rec[key]);
        continue;
      }
      const v = rec[key];
      if (v === null || v === undefined) continue;
      this.field(f, v, i, lineNo);
    }
    const user = this.idUser!.codes[i];
    const item = this.idItem!.codes[i];
    if (user < 0 || item < 0) {
      const which = user < 0 && item < 0 ? 'user_id and item_id' : user < 0 ? 'user_id' : 'item_id';
      const keep = this.options.keepMissingIds === true;
      this.report.problem(
        lineNo,
        user < 0 ? 'user_id' : 'item_id',
        'missing-id',
        '',
        `no ${which}: row ${keep ? 'kept' : 'dropped'}`,
      );
      if (!keep) {
        this.dropped++;
        return;
      }
    }
    if (this.fitCol!.codes[i] < 0 && !('fit' in rec && rec.fit !== null && rec.fit !== undefined)) {
      this.report.problem(
        lineNo,
        'fit',
        'missing-label',
        '',
        this.options.keepUnlabeled ? 'no fit label: row kept unlabeled' : 'no fit label: row dropped',
      );
      if (!this.options.keepUnlabeled) {
        this.dropped++;
        return;
      }
    } else if (this.fitCol!.codes[i] < 0 && !this.options.keepUnlabeled) {
      this.dropped++; // invalid label, reported by field()
      return;
    }
    if (i >= this.lines.length) {
      const v = new Int32Array(this.lines.length * 2);
      v.set(this.lines);
      this.lines = v;
    }
    this.lines[i] = lineNo;
    this.row++;
    this.hashRow(i);
  }

  /**
   * Folds a value that is not in the columns (dropped, unknown or unparseable) into the row hash. Each
   * (key, value) pair is hashed on its own and added, so the record's key order does not change the hash.
   */
  private mixRaw(key: string, v: unknown): void {
    const p = this.pairHash;
    p[0] = 0x9e3779b9;
    p[1] = 0x7f4a7c15;
    mixString(p, key);
    mixString(p, '\u0000'); // so that ("ab", "c") and ("a", "bc") differ
    mixString(p, typeof v === 'string' ? v : rawText(v));
    this.rowHash[0] = (this.rowHash[0] + avalanche(p[0])) | 0;
    this.rowHash[1] = (this.rowHash[1] + avalanche(p[1] ^ p[0])) | 0;
  }

  /**
   * Hashes row i over every column and every raw value not loaded (dropped, unknown, unparseable):
   * equal hashes mark exact duplicate records (53 bits: a false match has probability ~1e-5 at a
   * million distinct rows).
   */
  private hashRow(i: number): void {
    let h1 = this.rowHash[0];
    let h2 = this.rowHash[1];
    const w = this.f64Words;
    const f = this.f64;
    for (const b of this.numBuilders) {
      f[0] = b.values[i];
      h1 = Math.imul(h1 ^ w[0], 2654435761);
      h2 = Math.imul(h2 ^ w[1], 1597334677);
    }
    for (const b of this.catBuilders) {
      const c = b.codes[i];
      h1 = Math.imul(h1 ^ c, 2654435761);
      h2 = Math.imul(h2 ^ c, 1597334677);
    }
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    if (i >= this.hashes.length) {
      const v = new Float64Array(this.hashes.length * 2);
      v.set(this.hashes);
      this.hashes = v;
    }
    this.hashes[i] = 4294967296 * (2097151 & h2) + (h1 >>> 0);
  }

  private bad(f: BoundField, line: number, v: unknown, kind: 'unparseable' | 'wrong-type'): void {
    this.mixRaw(f.spec.key, v);
    const what = WHAT[f.spec.kind] ?? 'a value';
    const msg =
      kind === 'wrong-type'
        ? `${f.spec.key}: expected ${f.spec.kind === 'category' || f.spec.kind === 'id' ? 'a string' : what}, got ${Array.isArray(v) ? 'an array' : typeof v}`
        : `${f.spec.key}: ${JSON.stringify(rawText(v).slice(0, 60))} is not ${what}`;
    this.report.problem(line, f.spec.key, kind, v, msg);
  }

  /**
   * Reports a number that cannot be held as written, the field left missing: past the largest double (JSON.parse
   * reads 1e400 as Infinity, a string of 400 digits parses to it), or an id or category number past 2^53.
   */
  private inexact(f: BoundField, line: number, v: number | string, value: number): void {
    const key = f.spec.key;
    this.mixRaw(key, typeof v === 'number' ? String(v) : v);
    let message: string;
    if (Number.isFinite(value)) {
      message = `${key}: ${value} is past 2^53, where a JSON number is not read exactly (two different ones can read as one): give it as a string`;
    } else if (typeof v === 'number') {
      message = `${key}: a number past the largest double (1.8e308) is not read (JSON reads it as ${value})`;
    } else {
      message = `${key}: ${JSON.stringify(rawText(v).slice(0, 60))} is a number past the largest double (1.8e308), not read`;
    }
    this.report.problem(line, key, 'out-of-range', typeof v === 'number' ? String(v) : v, message);
  }

  /** Checks the bounds; reports and returns NaN when out of range. */
  private bounded(f: BoundField, x: number, line: number, raw: unknown, unit: string): number {
    const { min, max } = f.spec;
    if ((min !== undefined && x < min) || (max !== undefined && x > max)) {
      this.mixRaw(f.spec.key, raw);
      const show =
        f.spec.kind === 'date'
          ? (d: number | undefined) => {
              const t = new Date((d ?? 0) * 86_400_000);
              return Number.isNaN(t.getTime()) ? `day ${oneDecimal(d ?? 0)}` : t.toISOString().slice(0, 10);
            }
          : (d: number | undefined) => `${oneDecimal(d ?? 0)}${unit}`;
      this.report.problem(
        line,
        f.spec.key,
        'out-of-range',
        raw,
        `${f.spec.key}: ${show(x)} is outside the plausible range ${show(min)} to ${show(max)}`,
      );
      return NaN;
    }
    return x;
  }

  private field(f: BoundField, v: unknown, i: number, line: number): void {
    const kind = f.spec.kind;
    switch (kind) {
      case 'drop':
        this.report.droppedField(f.spec.key);
        this.mixRaw(f.spec.key, v);
        return;
      case 'id':
      case 'category': {
        let s: string;
        if (typeof v === 'string')
          s = v.length > 0 && v.charCodeAt(0) > 32 && v.charCodeAt(v.length - 1) > 32 ? v : v.trim();
        else if (typeof v === 'number') {
          // Past 2^53 a JSON number is not the one written (12345678901234567891 reads as ...7000): two ids would be
          // one. Such a value, or one past the largest double (Infinity), is not read.
          if (!(Math.abs(v) <= Number.MAX_SAFE_INTEGER)) return this.inexact(f, line, v, v);
          s = String(v);
        } else if (typeof v === 'boolean') s = String(v);
        else return this.bad(f, line, v, 'wrong-type');
        if (s !== '') f.cat[0].codes[i] = f.cat[0].code(s);
        return;
      }
      case 'fit': {
        if (typeof v !== 'string') return this.bad(f, line, v, 'wrong-type');
        let k = fitCode(v);
        if (k < 0) k = fitCode(v.trim().toLowerCase());
        if (k < 0) {
          this.mixRaw(f.spec.key, v);
          this.report.problem(
            line,
            f.spec.key,
            'invalid-label',
            v,
            `fit: ${JSON.stringify(v.slice(0, 60))} is not small, fit or large`,
          );
        }
        f.cat[0].codes[i] = k;
        return;
      }
      case 'bust-size':
      case 'cup': {
        if (typeof v !== 'string' && typeof v !== 'number') return this.bad(f, line, v, 'wrong-type');
        const s = String(v).trim();
        if (s === '') return;
        if (kind === 'cup') {
          const c = cupOrdinal(s);
          if (Number.isNaN(c)) return this.bad(f, line, v, 'unparseable');
          f.num[0].values[i] = c;
          f.cat[0].codes[i] = f.cat[0].code(s.toLowerCase());
          return;
        }
        let b = this.bustMemo.get(s);
        if (b === undefined) {
          b = parseBustSize(s);
          if (this.bustMemo.size < MEMO_CAP) this.bustMemo.set(s, b);
        }
        if (b === null) return this.bad(f, line, v, 'unparseable');
        f.num[0].values[i] = this.bounded(f, b.band, line, v, ' in');
        f.num[1].values[i] = b.cup;
        if (b.cupLabel !== '') f.cat[0].codes[i] = f.cat[0].code(b.cupLabel);
        return;
      }
      default: {
        // Numeric kinds: number, height, weight, band, range, date.
        let x: number;
        if (typeof v === 'number') {
          if (kind === 'height' || kind === 'weight' || kind === 'date') return this.bad(f, line, v, 'wrong-type');
          if (!Number.isFinite(v)) return this.inexact(f, line, v, v);
          x = v;
        } else if (typeof v === 'boolean' && f.extra) {
          x = v ? 1 : 0;
        } else if (typeof v === 'string') {
          let m: number;
          // The char-code parsers are cheaper than a Map lookup; dates use a regex, so memoize them.
          if (kind === 'height') m = parseHeightCm(v);
          else if (kind === 'weight') m = parseWeightKg(v);
          else if (kind === 'number' || kind === 'band') m = parseDecimal(v);
          else if (kind === 'range') m = parseDecimalOrRange(v);
          else {
            const memo = f.memo.get(v);
            if (memo === undefined) {
              m = parseReviewDate(v);
              if (f.memo.size < MEMO_CAP) f.memo.set(v, m);
            } else m = memo;
          }
          if (Number.isNaN(m)) {
            if (v.trim() === '') return;
            return this.bad(f, line, v, 'unparseable');
          }
          if (!Number.isFinite(m)) return this.inexact(f, line, v, m);
          x = m;
        } else {
          return this.bad(f, line, v, 'wrong-type');
        }
        const unit = kind === 'height' ? ' cm' : kind === 'weight' ? ' kg' : '';
        x = this.bounded(f, x, line, v, unit);
        for (const b of f.num) b.values[i] = x;
        return;
      }
    }
  }

  /** Lines read so far (blank, dropped and too long ones included): where a reader that stops can say it stopped. */
  get linesRead(): number {
    return this.lineNo;
  }

  /**
   * Ends the input where its gzip stream is cut short (a truncated file), before {@link finish}: the lines already
   * fed are kept (deflate output before a cut is exact), the bytes after the last newline (a line cut short) are
   * dropped, and a `truncated-gzip` problem is reported on that line, or on the line after the last one when the
   * stream was cut at a newline. The report's `truncated` then says after which line and how many bytes were read.
   *
   * @param reason zlib's message (`unexpected end of file`).
   * @throws ParseError in strict mode.
   */
  gzipTruncated(reason: string): void {
    const cut = this.carryBytes > 0 || this.textCarry !== '';
    this.carry.length = 0;
    this.carryBytes = 0;
    this.textCarry = '';
    this.skipping = false; // a long line being skipped was counted and reported when it passed the cap
    const read = this.lineNo;
    this.truncated = { afterLine: read, bytesRead: this.bytesFed };
    const line = cut ? ++this.lineNo : read + 1;
    if (cut) this.dropped++;
    const where = cut
      ? `: line ${line.toLocaleString('en-US')} is cut short, dropped`
      : read === 0
        ? ' before its first line'
        : ` after line ${read.toLocaleString('en-US')}`;
    this.early(
      line,
      null,
      'truncated-gzip',
      `(gzip stream cut: ${reason})`,
      `the gzip stream ends early, the file is truncated (${reason})${where}` +
        (read > 0 ? `; the ${plural(read, 'line')} before are read` : ''),
    );
  }

  /**
   * Ends the input and builds the dataset.
   *
   * @param meta `name`, `sha256` and, when known, `contentSha256` for the dataset's meta (source and format are the
   *   parser's; an undefined `contentSha256` is left out of the meta).
   * @throws ParseError in strict mode on a problem not thrown yet: on the last line, or on lines held back to
   *   detect the format.
   */
  finish(meta: { name: string; sha256: string; contentSha256?: string }): FitDataResult {
    if (this.finished) throw new InvalidArgumentError('finish() was already called');
    this.finished = true;
    // A line skipped for its length was counted and reported when it passed the cap.
    this.skipping = false;
    // The bytes after the last newline are one line without its newline (the carry never holds a newline; it
    // holds at most maxLineBytes bytes and a last CR, checked as they came).
    let lastInvalidAt = -1;
    let last = this.textCarry;
    this.textCarry = '';
    if (this.carry.length) {
      const b = this.withCarry(new Uint8Array(0));
      lastInvalidAt = isAscii(b) || isUtf8(b) ? -1 : firstInvalidUtf8(b);
      last += Buffer.from(b.buffer, b.byteOffset, b.length).toString('utf8');
    } else if (this.overCap(last)) {
      this.tooLong(last.charCodeAt(0));
      last = '';
    }
    if (last !== '') {
      this.invalidUtf8At = lastInvalidAt;
      this.line(last);
      this.invalidUtf8At = -1;
    }
    if (this.format === null) {
      this.bind('renttherunway');
      this.defaulted = true;
      this.replayPending();
    }
    const n = this.row;
    const columns = new Map<string, Column>();
    for (const [name, b] of this.builders) columns.set(name, b.finish(n));
    const dataset = new ColumnarDataset(this.schema, columns, this.lines.slice(0, n), {
      name: meta.name,
      source: this.source,
      format: this.format!,
      sha256: meta.sha256,
      ...(meta.contentSha256 !== undefined ? { contentSha256: meta.contentSha256 } : {}),
    });
    const report = this.report.build({
      format: this.format!,
      formatFrom: this.defaulted ? 'default' : this.formatFrom,
      totalLines: this.lineNo,
      blankLines: this.blank,
      rowsKept: n,
      rowsDropped: this.dropped,
      duplicates: countRepeats(this.hashes.subarray(0, n)),
      truncated: this.truncated,
    });
    return { dataset, report };
  }
}
