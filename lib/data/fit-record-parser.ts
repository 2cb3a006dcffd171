import { isAscii, isUtf8 } from 'node:buffer';
import { certainlyNoDuplicateKeys, findDuplicateJsonKeys } from '../core/json-duplicate-keys.js';
import { InvalidArgumentError } from '../core/errors.js';
import { FIT_CLASSES, fitCode } from '../core/labels.js';
import { parseBustSize, cupOrdinal, type BustSize } from './bust-size.js';
import { ColumnarDataset, type Column, type FieldSchema } from './columnar-dataset.js';
import {
  CANONICAL_FIELDS,
  FIT_DATA_FORMATS,
  detectFitDataFormat,
  type FieldSpec,
  type FitDataFormat,
} from './fit-data-formats.js';
import { LoadReportBuilder, rawText, type LoadReport } from './load-report.js';
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
  /** How many problems the report keeps as examples. Default 20. */
  maxExamples?: number;
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
  private pending: { line: number; text: string; obj: Record<string, unknown> }[] = [];
  private readonly carry: Buffer[] = [];
  private textCarry = '';
  private defaulted = false;
  private finished = false;
  /** Set while the line being read had bytes that are not UTF-8. */
  private invalidUtf8 = false;

  /** @throws InvalidArgumentError when an extra field clashes with a format key or canonical column. */
  constructor(
    readonly source: string,
    private readonly options: ReadFitDataOptions = {},
  ) {
    this.report = new LoadReportBuilder(source, options.strict ?? false, options.maxExamples ?? 20);
    const f = options.format ?? 'auto';
    if (f !== 'auto' && !(f in FIT_DATA_FORMATS)) {
      throw new InvalidArgumentError(`unknown format '${String(f)}' (known: renttherunway, modcloth, auto)`);
    }
    this.format = f === 'auto' ? null : f;
    this.formatFrom = f === 'auto' ? 'fields' : 'option';
    for (const key of Object.keys(options.extraFields ?? {})) {
      const col = key.replace(/ /g, '_');
      const clash = Object.values(FIT_DATA_FORMATS).some((specs) => specs.some((s) => s.key === key));
      if (clash || CANONICAL_FIELDS.has(col)) {
        throw new InvalidArgumentError(`extra field '${key}' clashes with a field of the format or column '${col}'`);
      }
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

  /** Feeds raw (already decompressed) bytes; lines may span chunks. */
  pushBytes(chunk: Uint8Array): void {
    const last = chunk.lastIndexOf(10);
    if (last < 0) {
      this.carry.push(Buffer.from(chunk));
      return;
    }
    let head = chunk.subarray(0, last + 1);
    if (this.carry.length) {
      head = Buffer.concat([...this.carry, head]);
      this.carry.length = 0;
    }
    const b = Buffer.from(head.buffer, head.byteOffset, head.length);
    // ASCII (the usual case) decodes faster as latin1, with the same result.
    if (isAscii(b)) this.pushText(b.toString('latin1'));
    else this.pushUtf8(b);
    if (last + 1 < chunk.length) this.carry.push(Buffer.from(chunk.subarray(last + 1)));
  }

  /** Decodes whole lines of UTF-8; when the bytes are not valid UTF-8, marks the lines that are not. */
  private pushUtf8(b: Buffer): void {
    if (isUtf8(b)) {
      this.pushText(b.toString('utf8'));
      return;
    }
    let start = 0;
    while (start < b.length) {
      const nl = b.indexOf(10, start);
      const end = nl < 0 ? b.length : nl + 1;
      const seg = b.subarray(start, end);
      this.invalidUtf8 = !isUtf8(seg);
      this.pushText(seg.toString('utf8'));
      this.invalidUtf8 = false;
      start = end;
    }
  }

  /** Feeds text; a trailing partial line is kept for the next call or `finish()`. */
  pushText(text: string): void {
    let start = 0;
    let carry = '';
    if (this.textCarry) {
      carry = this.textCarry;
      this.textCarry = '';
    }
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl < 0) {
        this.textCarry = carry + text.slice(start);
        return;
      }
      const line = carry ? carry + text.slice(start, nl) : text.slice(start, nl);
      carry = '';
      this.line(line);
      start = nl + 1;
    }
  }
  private line(raw: string): void {
    const lineNo = ++this.lineNo;
    let text = raw;
    if (text.charCodeAt(text.length - 1) === 13) text = text.slice(0, -1);
    if (lineNo === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    if (text.trim() === '') {
      this.blank++;
      return;
    }
    let obj: unknown;
    try {
      obj = JSON.parse(text);
    } catch (e) {
      this.dropped++;
      this.report.problem(lineNo, null, 'malformed-json', text, `not valid JSON: ${(e as Error).message}`);
      return;
    }
    if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
      this.dropped++;
      this.report.problem(lineNo, null, 'not-an-object', text, 'the line is JSON but not an object');
      return;
    }
    const rec = obj as Record<string, unknown>;
    if (this.invalidUtf8) {
      this.report.problem(
        lineNo,
        null,
        'invalid-utf8',
        text,
        'not valid UTF-8: the bytes that are not were read as U+FFFD',
      );
    }
    for (const d of certainlyNoDuplicateKeys(text, rec) ? [] : findDuplicateJsonKeys(text, Infinity, true)) {
      if (d.path !== '$') continue;
      this.report.problem(
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
      this.pending.push({ line: lineNo, text, obj: rec });
      if (f === null && this.pending.length < DETECT_LIMIT) return;
      this.bind(f ?? 'renttherunway');
      if (f === null) this.defaulted = true;
      const p = this.pending;
      this.pending = [];
      for (const q of p) this.record(q.obj, q.line);
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

  /** Checks the bounds; reports and returns NaN when out of range. */
  private bounded(f: BoundField, x: number, line: number, raw: unknown, unit: string): number {
    const { min, max } = f.spec;
    if ((min !== undefined && x < min) || (max !== undefined && x > max)) {
      this.mixRaw(f.spec.key, raw);
      const show =
        f.spec.kind === 'date'
          ? (d: number | undefined) => new Date((d ?? 0) * 86_400_000).toISOString().slice(0, 10)
          : (d: number | undefined) => `${Math.round((d ?? 0) * 10) / 10}${unit}`;
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
        else if (typeof v === 'number' || typeof v === 'boolean') s = String(v);
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
          if (kind === 'height' || kind === 'weight' || kind === 'date' || !Number.isFinite(v)) {
            return this.bad(f, line, v, 'wrong-type');
          }
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

  /**
   * Ends the input and builds the dataset.
   *
   * @param meta `name` and `sha256` for the dataset's meta (source and format are the parser's).
   * @throws ParseError in strict mode when the last line has a problem.
   */
  finish(meta: { name: string; sha256: string }): FitDataResult {
    if (this.finished) throw new InvalidArgumentError('finish() was already called');
    this.finished = true;
    // The bytes after the last newline are one line without its newline (the carry never holds a newline).
    let lastInvalid = false;
    if (this.carry.length) {
      const b = Buffer.concat(this.carry);
      this.carry.length = 0;
      lastInvalid = !isAscii(b) && !isUtf8(b);
      this.pushText(b.toString('utf8'));
    }
    if (this.textCarry !== '') {
      const t = this.textCarry;
      this.textCarry = '';
      this.invalidUtf8 = lastInvalid;
      this.line(t);
      this.invalidUtf8 = false;
    }
    if (this.format === null) {
      this.bind('renttherunway');
      this.defaulted = true;
      const p = this.pending;
      this.pending = [];
      for (const q of p) this.record(q.obj, q.line);
    }
    const n = this.row;
    const columns = new Map<string, Column>();
    for (const [name, b] of this.builders) columns.set(name, b.finish(n));
    const dataset = new ColumnarDataset(this.schema, columns, this.lines.slice(0, n), {
      name: meta.name,
      source: this.source,
      format: this.format!,
      sha256: meta.sha256,
    });
    const report = this.report.build({
      format: this.format!,
      formatFrom: this.defaulted ? 'default' : this.formatFrom,
      totalLines: this.lineNo,
      blankLines: this.blank,
      rowsKept: n,
      rowsDropped: this.dropped,
      duplicates: countRepeats(this.hashes.subarray(0, n)),
    });
    return { dataset, report };
  }
}
