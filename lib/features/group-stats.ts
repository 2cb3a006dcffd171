/**
 * Grouped label and size statistics for the history features (internal to lib/features).
 *
 * A {@link GroupIndex} maps rows to groups keyed by one or more columns (customer, article,
 * article+size...). Per group it keeps S = 8 sums: rows, labelled rows, small/fit/large counts, sized
 * rows, sum of sizes, sum of squared sizes. {@link rowStats} gives each row the sums of its group,
 * either over all fitted rows (new rows) or excluding the row's own fold (training rows, cross-fitting).
 */
import { InvalidArgumentError, ModelFormatError } from '../core/errors.js';
import { decodeNumbers } from '../core/estimator.js';
import { fitCode } from '../core/labels.js';
import type { ColumnarDataset } from '../data/columnar-dataset.js';

/** Number of sums per group. */
export const S = 8;
/** Offsets of the sums. */
export const N = 0,
  NL = 1,
  C0 = 2,
  C1 = 3,
  C2 = 4,
  NS = 5,
  S1 = 6,
  S2 = 7;

const SEP = '\u001f';
const ESC = '\u001b';
const NEEDS_ESCAPE = /[\u001b\u001f]/;
const ESCAPED = /[\u001b\u001f]/g;

/**
 * A key part as it appears in a key of two or more parts: the separator and the escape character are
 * preceded by the escape character, so that no two tuples of parts share a key (('a\u001fus', 'eu') and
 * ('a', 'us\u001feu') collided before). A part holding neither is its own text, so keys written by earlier
 * versions for such parts are unchanged.
 */
function escapePart(text: string): string {
  return NEEDS_ESCAPE.test(text) ? text.replace(ESCAPED, ESC + '$&') : text;
}

/**
 * The key text of a tuple of parts: one part is its own text (a one-column key is already injective and
 * stays as earlier versions wrote it); several are escaped ({@link escapePart}) and joined by the separator.
 */
function joinKey(parts: string[]): string {
  return parts.length === 1 ? parts[0] : parts.map(escapePart).join(SEP);
}

/**
 * Decodes the saved start offsets of G groups' stored rows (group g's rows are offsets[g] ..
 * offsets[g + 1]): G + 1 non-decreasing integers from 0.
 * @param what - the field's name in errors, e.g. `customer-recency-features: offsets`.
 * @throws ModelFormatError on anything else.
 */
export function decodeGroupOffsets(value: unknown, G: number, what: string): Int32Array {
  const off = decodeNumbers(value, what);
  if (off.length !== G + 1) throw new ModelFormatError(`${what} must hold ${G + 1} numbers`);
  for (let g = 0; g <= G; g++) {
    if (!Number.isInteger(off[g]) || (g === 0 ? off[g] !== 0 : off[g] < off[g - 1]))
      throw new ModelFormatError(`${what}[${g}] is not a non-decreasing integer from 0`);
  }
  return Int32Array.from(off);
}

/**
 * Rows -> groups keyed by columns; `keys[g]` is the joined key text of group g. Building works on
 * category codes only: the key texts (needed to save the index or to look up other datasets) and
 * the text -> group map are made on first use.
 */
export class GroupIndex {
  readonly columns: string[];
  private readonly count: number;
  private keyList: string[] | undefined;
  private readonly makeKeys: (() => string[]) | undefined;
  private map: Map<string, number> | undefined;

  private constructor(columns: string[], count: number, keys: string[] | undefined, makeKeys?: () => string[]) {
    this.columns = columns;
    this.count = count;
    this.keyList = keys;
    this.makeKeys = makeKeys;
  }

  /**
   * The key text of each group: the part itself for one column; for several, the parts joined by a unit
   * separator (U+001F), a separator or escape character (U+001B) inside a part preceded by U+001B.
   */
  get keys(): string[] {
    this.keyList ??= this.makeKeys!();
    return this.keyList;
  }

  /** Number of groups. */
  get size(): number {
    return this.count;
  }

  /** Learns the groups of `ds`; rows with a missing key part get group -1. */
  static build(ds: ColumnarDataset, columns: string[]): { index: GroupIndex; ids: Int32Array } {
    const g = groupCodes(ds, columns);
    // Each group's code in each part, so that the texts can be made later without the dataset's rows.
    const reps = g.parts.map((part) => ({ texts: part.texts, codes: Int32Array.from(g.first, (i) => part.local[i]) }));
    const makeKeys = (): string[] =>
      Array.from({ length: g.G }, (_, k) => joinKey(reps.map((r) => r.texts[r.codes[k]])));
    const ids = columns.length === 0 ? new Int32Array(ds.length) : g.local;
    return { index: new GroupIndex(columns, g.G, undefined, makeKeys), ids };
  }

  /** Group of each row of `ds` (-1 when a key part is missing or the group was not seen at fit). */
  lookup(ds: ColumnarDataset): Int32Array {
    if (!this.map) {
      const map = new Map<string, number>();
      this.keys.forEach((k, g) => map.set(k, g));
      this.map = map;
    }
    const map = this.map;
    const g = groupCodes(ds, this.columns);
    const resolved = new Int32Array(g.G);
    for (let k = 0; k < g.G; k++) {
      const i = g.first[k];
      resolved[k] = map.get(joinKey(g.parts.map((part) => part.texts[part.local[i]]))) ?? -1;
    }
    const n = ds.length;
    const ids = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      ids[i] = this.columns.length === 0 ? resolved[0] : g.local[i] < 0 ? -1 : resolved[g.local[i]];
    }
    return ids;
  }

  /**
   * Rebuilds an index from its columns and keys.
   * @param what - the field's name in errors, e.g. `customer-history-features.customer`.
   * @throws ModelFormatError when columns or keys are not strings, or a key repeats (two groups with one key:
   * a lookup would find only the last).
   */
  static restore(columns: unknown, keys: unknown, what: string): GroupIndex {
    const strs = (a: unknown): a is string[] => Array.isArray(a) && a.every((s) => typeof s === 'string');
    if (!strs(columns) || !strs(keys)) throw new ModelFormatError(`${what}: columns and keys must be strings`);
    const map = new Map<string, number>();
    for (let g = 0; g < keys.length; g++) {
      const seen = map.get(keys[g]);
      if (seen !== undefined) {
        throw new ModelFormatError(`${what}.keys[${g}] ${JSON.stringify(keys[g])} repeats keys[${seen}]`);
      }
      map.set(keys[g], g);
    }
    const index = new GroupIndex(columns, keys.length, keys);
    index.map = map;
    return index;
  }

  /** The key columns and key texts, as saved in a step's JSON. */
  toJSON(): { columns: string[]; keys: string[] } {
    return { columns: this.columns, keys: this.keys };
  }

  /**
   * Reverses {@link GroupIndex.toJSON}.
   * @param what - the field's name in errors, e.g. `timeline-features: users`.
   * @throws ModelFormatError when `value` is not an object of string columns and keys, or a key repeats.
   */
  static fromJSON(value: unknown, what: string): GroupIndex {
    if (typeof value !== 'object' || value === null) throw new ModelFormatError(`${what} is missing`);
    const o = value as Record<string, unknown>;
    return GroupIndex.restore(o.columns, o.keys, what);
  }
}

/**
 * Dense group numbers of rows: combines the key columns one at a time (category codes, or codes of
 * a number column's distinct values) into local group numbers in order of first appearance (-1 when
 * a part is missing); `first[g]` is the first row of group g. With no columns, one group.
 */
function groupCodes(
  ds: ColumnarDataset,
  columns: string[],
): { local: Int32Array; G: number; first: number[]; parts: { local: Int32Array; texts: string[] }[] } {
  const n = ds.length;
  const parts: { local: Int32Array; texts: string[] }[] = [];
  for (const name of columns) {
    if (!ds.has(name)) throw new InvalidArgumentError(`dataset '${ds.meta.name}' has no column '${name}'`);
    const c = ds.column(name);
    if (c.type === 'category') {
      parts.push({ local: c.codes, texts: c.categories });
    } else {
      parts.push(numberCodes(c.values));
    }
  }
  // Dense local group of each row (-1 when a part is missing), and a representative row per group.
  const local = new Int32Array(n);
  let G = columns.length === 0 ? 1 : 0;
  const first: number[] = columns.length === 0 ? [0] : [];
  for (let c = 0; c < parts.length; c++) {
    const codes = parts[c].local;
    const card = parts[c].texts.length;
    first.length = 0;
    let next = 0;
    if (c === 0) {
      const dense = new Int32Array(card).fill(-1);
      for (let i = 0; i < n; i++) {
        const k = codes[i];
        if (k < 0) {
          local[i] = -1;
          continue;
        }
        let g = dense[k];
        if (g < 0) {
          g = dense[k] = next++;
          first.push(i);
        }
        local[i] = g;
      }
    } else if (G * card <= DENSE_LIMIT) {
      // (group so far, code) -> new group through a dense table: no per-row hashing.
      const dense = new Int32Array(G * card).fill(-1);
      for (let i = 0; i < n; i++) {
        const k = codes[i];
        if (k < 0 || local[i] < 0) {
          local[i] = -1;
          continue;
        }
        const key = local[i] * card + k;
        let g = dense[key];
        if (g < 0) {
          g = dense[key] = next++;
          first.push(i);
        }
        local[i] = g;
      }
    } else {
      const pair = new Map<number, number>();
      for (let i = 0; i < n; i++) {
        const k = codes[i];
        if (k < 0 || local[i] < 0) {
          local[i] = -1;
          continue;
        }
        const key = local[i] * card + k;
        let g = pair.get(key);
        if (g === undefined) {
          g = next++;
          pair.set(key, g);
          first.push(i);
        }
        local[i] = g;
      }
    }
    G = next;
  }
  return { local, G, first, parts };
}

/** Largest dense (group, code) or integer-value table built instead of a Map (entries). */
const DENSE_LIMIT = 1 << 22;

/**
 * Codes of a number column in order of first appearance (-1 for NaN) and the text of each distinct
 * value. Integer values in a moderate range go through a dense table, others through a Map.
 */
function numberCodes(values: Float64Array): { local: Int32Array; texts: string[] } {
  const n = values.length;
  const idx = new Int32Array(n);
  const t: string[] = [];
  let lo = Infinity;
  let hi = -Infinity;
  let integers = true;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v !== v) continue;
    if (v !== Math.floor(v)) {
      integers = false;
      break;
    }
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (integers && hi - lo < DENSE_LIMIT) {
    const dense = new Int32Array(hi >= lo ? hi - lo + 1 : 0).fill(-1);
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (v !== v) {
        idx[i] = -1;
        continue;
      }
      let k = dense[v - lo];
      if (k < 0) {
        k = dense[v - lo] = t.length;
        t.push(String(v));
      }
      idx[i] = k;
    }
    return { local: idx, texts: t };
  }
  const m = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v !== v) {
      idx[i] = -1;
      continue;
    }
    let k = m.get(v);
    if (k === undefined) {
      k = t.length;
      m.set(v, k);
      t.push(String(v));
    }
    idx[i] = k;
  }
  return { local: idx, texts: t };
}

/** Fit-label code of each row (0 small, 1 fit, 2 large, -1 missing or other). */
export function labelCodes(ds: ColumnarDataset, column: string): Int32Array {
  const c = ds.categories(column);
  const map = Int32Array.from(c.categories, (s) => fitCode(s));
  const out = new Int32Array(ds.length);
  for (let i = 0; i < ds.length; i++) out[i] = c.codes[i] < 0 ? -1 : map[c.codes[i]];
  return out;
}

function addRow(T: Float64Array, at: number, lab: number, size: number): void {
  T[at + N] += 1;
  if (lab >= 0) {
    T[at + NL] += 1;
    T[at + C0 + lab] += 1;
  }
  if (size === size) {
    T[at + NS] += 1;
    T[at + S1] += size;
    T[at + S2] += size * size;
  }
}

/** Sums of each of G groups (G x S, row-major). Rows of group -1 are skipped. */
export function groupTotals(ids: Int32Array, G: number, lab: Int32Array, size: Float64Array): Float64Array {
  const T = new Float64Array(G * S);
  for (let i = 0; i < ids.length; i++) if (ids[i] >= 0) addRow(T, ids[i] * S, lab[i], size[i]);
  return T;
}

/**
 * Checks that the size sums of group totals are finite: a size about 1e154 or beyond has a square beyond the float
 * range, and a saved table with an infinite sum would not load (nor give a finite feature).
 * @param ids - the group of each row, as {@link groupTotals} took them. @param size - the sizes it summed.
 * @param who - the step, as the message starts. @param grouping - the table's name (`customer`...).
 * @throws InvalidArgumentError naming the column, the grouping, the group's key and its largest size.
 */
export function checkSizeTotals(
  T: Float64Array,
  index: GroupIndex,
  ids: Int32Array,
  size: Float64Array,
  column: string,
  who: string,
  grouping: string,
): void {
  for (let g = 0; g < index.size; g++) {
    if (Number.isFinite(T[g * S + S1]) && Number.isFinite(T[g * S + S2])) continue;
    let row = -1;
    for (let i = 0; i < ids.length; i++) {
      if (ids[i] === g && size[i] === size[i] && (row < 0 || Math.abs(size[i]) > Math.abs(size[row]))) row = i;
    }
    const key = index.columns.length === 0 ? 'all rows' : `${grouping} ${JSON.stringify(index.keys[g])}`;
    throw new InvalidArgumentError(
      `${who}: column '${column}': the sizes of ${key} (up to ${size[row]}, row ${row}) are too large: the sum of ` +
        `their squares is beyond the float range (about 1.8e308)`,
    );
  }
}

/** How training rows exclude themselves: K-fold cross-fitting, or leave-one-out. */
export type CrossFit = { fold: Int32Array; K: number } | 'loo';

/** The sums seen by each row: row i's S sums are `sums[at[i]]` .. `sums[at[i] + S - 1]`. */
export interface RowSums {
  sums: Float64Array;
  at: Int32Array;
}

/**
 * Sums seen by each row: the totals of its group (`cross` null: new rows), or the sums of the rows of its group
 * in the other folds (`cross` K-fold) or of the other rows (`loo`). Group -1 sees zeros. The other rows' size sums
 * are added up, never the row's own fold subtracted from the totals: a huge size in that fold would cancel the sizes
 * of the other rows (1e17 + 1 + ... + 9, minus the fold holding 1e17 and 1, left 0 of their sum 44); on sizes whose
 * sums are exact (whole or half sizes) both give the same numbers. Rows that see the
 * same sums share them: new rows point into the totals, K-fold rows into a (fold, group) table when it is
 * smaller than one block per row.
 */
export function rowStats(
  ids: Int32Array,
  T: Float64Array,
  lab: Int32Array,
  size: Float64Array,
  cross: CrossFit | null,
): RowSums {
  const n = ids.length;
  const G = T.length / S;
  const at = new Int32Array(n);
  if (cross !== null && cross !== 'loo' && cross.K * G < n)
    return foldTable(ids, G, lab, size, cross.fold, cross.K, at);
  // One block per row (rows of an unseen group stay zero): O(rows), not O(groups), so transforming a one-record
  // request does not copy every customer's table.
  const out = new Float64Array(n * S);
  for (let i = 0; i < n; i++) at[i] = i * S;
  if (cross === null) {
    for (let i = 0; i < n; i++) {
      const g = ids[i];
      if (g < 0) continue;
      const o = i * S;
      const t = g * S;
      for (let s = 0; s < S; s++) out[o + s] = T[t + s];
    }
    return { sums: out, at };
  }
  if (cross === 'loo') return leaveOneOut(ids, T, lab, size, out, at);
  // Rows by group, and within a group by fold, in row order within a fold.
  const fold = cross.fold;
  const rows = rowsByGroup(ids, G, rowsByFold(fold, cross.K));
  let most = 0;
  for (let g = 0; g < G; g++) most = Math.max(most, rows.start[g + 1] - rows.start[g]);
  const blocks = new Float64Array(most * S);
  const after = new Float64Array((most + 1) * S);
  const before = new Float64Array(S);
  for (let g = 0; g < G; g++) {
    const a = rows.start[g];
    const b = rows.start[g + 1];
    if (a === b) continue;
    // Sums of each fold present in the group, then the sums of the folds after each (right to left), then each
    // row's sums: the folds before its own (left to right) plus those after.
    let m = 0;
    blocks.fill(0, 0, (b - a) * S);
    for (let r = a; r < b; r++) {
      const i = rows.rows[r];
      if (r > a && fold[i] !== fold[rows.rows[r - 1]]) m++;
      addRow(blocks, m * S, lab[i], size[i]);
    }
    m++;
    after.fill(0, m * S, (m + 1) * S);
    for (let j = m - 1; j >= 0; j--)
      for (let s = 0; s < S; s++) after[j * S + s] = blocks[j * S + s] + after[(j + 1) * S + s];
    before.fill(0);
    let j = 0;
    for (let r = a; r < b; r++) {
      const i = rows.rows[r];
      if (r > a && fold[i] !== fold[rows.rows[r - 1]]) {
        for (let s = 0; s < S; s++) before[s] += blocks[j * S + s];
        j++;
      }
      const o = i * S;
      for (let s = 0; s < S; s++) out[o + s] = before[s] + after[(j + 1) * S + s];
    }
  }
  return { sums: out, at };
}

/**
 * Leave-one-out row sums into `out` (one block per row): the counts are the group's totals minus the row's own (whole
 * numbers: exact); the size sums are those of the group's rows before the row (added in row order) plus those of
 * the rows after it (added from the last row back), so the row's own size is never subtracted.
 */
function leaveOneOut(
  ids: Int32Array,
  T: Float64Array,
  lab: Int32Array,
  size: Float64Array,
  out: Float64Array,
  at: Int32Array,
): RowSums {
  const n = ids.length;
  const run = new Float64Array((T.length / S) * 2);
  const after = new Float64Array(n * 2);
  for (let i = n - 1; i >= 0; i--) {
    const g = ids[i];
    if (g < 0) continue;
    after[2 * i] = run[2 * g];
    after[2 * i + 1] = run[2 * g + 1];
    const x = size[i];
    if (x === x) {
      run[2 * g] = x + run[2 * g];
      run[2 * g + 1] = x * x + run[2 * g + 1];
    }
  }
  run.fill(0);
  for (let i = 0; i < n; i++) {
    const g = ids[i];
    if (g < 0) continue;
    const o = i * S;
    const t = g * S;
    for (let s = 0; s < NS; s++) out[o + s] = T[t + s];
    out[o + N] -= 1;
    if (lab[i] >= 0) {
      out[o + NL] -= 1;
      out[o + C0 + lab[i]] -= 1;
    }
    const x = size[i];
    out[o + NS] = x === x ? T[t + NS] - 1 : T[t + NS];
    out[o + S1] = run[2 * g] + after[2 * i];
    out[o + S2] = run[2 * g + 1] + after[2 * i + 1];
    if (x === x) {
      run[2 * g] += x;
      run[2 * g + 1] += x * x;
    }
  }
  return { sums: out, at };
}

/**
 * K-fold row sums through a (fold, group) table: entry (f, g) = the sums of the rows of g in the folds before f
 * (added left to right) plus those of the folds after f (added right to left), each fold's rows added in row order
 * (the same arithmetic as the per-row path: an empty fold adds zeros); a final zero block for group -1.
 */
function foldTable(
  ids: Int32Array,
  G: number,
  lab: Int32Array,
  size: Float64Array,
  fold: Int32Array,
  K: number,
  at: Int32Array,
): RowSums {
  const n = ids.length;
  const byFold = new Float64Array(K * G * S);
  for (let i = 0; i < n; i++) {
    const g = ids[i];
    if (g < 0) at[i] = K * G * S;
    else {
      at[i] = (fold[i] * G + g) * S;
      addRow(byFold, at[i], lab[i], size[i]);
    }
  }
  const sums = new Float64Array((K * G + 1) * S);
  const GS = G * S;
  // Blocks after fold f, right to left, into the table; then the blocks before f added to each entry.
  for (let f = K - 2; f >= 0; f--) {
    for (let k = 0; k < GS; k++) sums[f * GS + k] = byFold[(f + 1) * GS + k] + sums[(f + 1) * GS + k];
  }
  const before = new Float64Array(GS);
  for (let f = 0; f < K; f++) {
    if (f > 0) for (let k = 0; k < GS; k++) before[k] += byFold[(f - 1) * GS + k];
    for (let k = 0; k < GS; k++) sums[f * GS + k] = before[k] + sums[f * GS + k];
  }
  return { sums, at };
}

/**
 * Rows of each group (group g's are `rows[start[g]]` .. `rows[start[g + 1] - 1]`), in the order of `order`; rows of
 * group -1 left out.
 */
function rowsByGroup(ids: Int32Array, G: number, order: Int32Array): { rows: Int32Array; start: Int32Array } {
  const n = ids.length;
  const start = new Int32Array(G + 1);
  for (let i = 0; i < n; i++) if (ids[i] >= 0) start[ids[i] + 1]++;
  for (let g = 0; g < G; g++) start[g + 1] += start[g];
  const pos = start.slice(0, G);
  const rows = new Int32Array(start[G]);
  for (let r = 0; r < n; r++) {
    const i = order[r];
    if (ids[i] >= 0) rows[pos[ids[i]]++] = i;
  }
  return { rows, start };
}

/** Rows by fold, in row order within a fold. */
function rowsByFold(fold: Int32Array, K: number): Int32Array {
  const start = new Int32Array(K + 1);
  for (let i = 0; i < fold.length; i++) start[fold[i] + 1]++;
  for (let f = 0; f < K; f++) start[f + 1] += start[f];
  const pos = start.slice(0, K);
  const rows = new Int32Array(fold.length);
  for (let i = 0; i < fold.length; i++) rows[pos[fold[i]]++] = i;
  return rows;
}

/** Smoothed rate of class `c` from row sums R at `at`: (count_c + m * prior) / (labelled + m). */
export function smoothedRate(R: Float64Array, at: number, c: number, prior: number, m: number): number {
  const nl = R[at + NL];
  const d = nl + m;
  return d > 0 ? (R[at + C0 + c] + m * prior) / d : prior;
}

/** Raw class rate of row sums (the prior for lower levels); `fallback` when nothing is labelled. */
export function rawRate(R: Float64Array, at: number, c: number, fallback: number): number {
  const nl = R[at + NL];
  return nl > 0 ? R[at + C0 + c] / nl : fallback;
}

/**
 * Mean size shrunk towards `priorMean` with `a` pseudo-purchases, and the spread around it with prior
 * variance `priorVar`: mean = (s1 + a*mu0) / (ns + a), var = (sum (x - mean)^2 + a*var0) / (ns + a).
 * NaN when there is neither data nor a finite prior.
 */
export function shrunkSize(
  R: Float64Array,
  at: number,
  priorMean: number,
  priorVar: number,
  a: number,
): [number, number] {
  const ns = R[at + NS];
  const s1 = R[at + S1];
  const s2 = R[at + S2];
  if (ns + a <= 0) return [NaN, NaN];
  const pm = priorMean === priorMean ? priorMean : ns > 0 ? s1 / ns : NaN;
  const pv = priorVar === priorVar ? priorVar : 0;
  const eff = priorMean === priorMean ? a : 0;
  if (ns + eff <= 0) return [NaN, NaN];
  const mean = (s1 + eff * pm) / (ns + eff);
  const ss = Math.max(0, s2 - 2 * mean * s1 + ns * mean * mean);
  return [mean, Math.sqrt((ss + eff * pv) / (ns + eff))];
}

/** Mean and (population) variance of the sizes in row sums; NaN when no sizes. */
export function sizeMoments(R: Float64Array, at: number): [number, number] {
  const ns = R[at + NS];
  if (!(ns > 0)) return [NaN, NaN];
  const m = R[at + S1] / ns;
  return [m, Math.max(0, R[at + S2] / ns - m * m)];
}

/** A serialized group index with its totals. */
export interface GroupTableJSON {
  columns: string[];
  keys: string[];
  totals: (number | string | null)[];
}

/** Names of the S sums, for errors. */
const SUM_NAMES = [
  'rows',
  'labelled rows',
  'small',
  'fit',
  'large',
  'sized rows',
  'sum of sizes',
  'sum of squared sizes',
];

/**
 * Reads a group table, checking that its totals are sums of rows: the counts (rows, labelled, small/fit/large,
 * sized) whole numbers >= 0 with labelled = small + fit + large <= rows and sized <= rows, the size sums finite and
 * the sum of squares >= 0. An infinite, NaN or negative total loaded silently before and made the features of
 * every row of the group NaN (a 500 per request).
 * @throws ModelFormatError on a shape mismatch, a repeated key, or a total that no rows could give, naming the group
 * and the sum.
 */
export function readGroupTable(x: unknown, what: string): { index: GroupIndex; totals: Float64Array } {
  if (typeof x !== 'object' || x === null) throw new ModelFormatError(`${what}: group table missing`);
  const o = x as Record<string, unknown>;
  const index = GroupIndex.restore(o.columns, o.keys, what);
  const totals = decodeNumbers(o.totals, `${what}.totals`);
  if (totals.length !== index.size * S) throw new ModelFormatError(`${what}: totals do not match ${index.size} groups`);
  for (let g = 0; g < index.size; g++) {
    const t = g * S;
    const bad = (k: number, why: string): never => {
      throw new ModelFormatError(`${what}.totals[${t + k}] (group ${g}, ${SUM_NAMES[k]}) is ${totals[t + k]}: ${why}`);
    };
    for (const k of [N, NL, C0, C1, C2, NS]) {
      if (!(Number.isInteger(totals[t + k]) && totals[t + k] >= 0)) bad(k, 'a count must be a whole number >= 0');
    }
    if (totals[t + NL] > totals[t + N]) bad(NL, `more than the group's ${totals[t + N]} rows`);
    if (totals[t + C0] + totals[t + C1] + totals[t + C2] !== totals[t + NL]) {
      bad(NL, `not the sum of the small, fit and large counts`);
    }
    if (totals[t + NS] > totals[t + N]) bad(NS, `more than the group's ${totals[t + N]} rows`);
    if (!Number.isFinite(totals[t + S1])) bad(S1, 'not a finite number');
    if (!(Number.isFinite(totals[t + S2]) && totals[t + S2] >= 0)) bad(S2, 'not a finite number >= 0');
  }
  return { index, totals };
}
