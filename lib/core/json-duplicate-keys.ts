import { jsonPathKey } from './json-path.js';

/** A key written more than once in one object of a JSON text. */
export interface DuplicateJsonKey {
  /**
   * JSON path of the object that holds the key: `$`, `$.requests[2].record`, `$["odd key"]`. The paths of keys found
   * in one text share their common prefixes (each object's path is built once, from its parent's), so reading every
   * character of many deep paths costs their total length: place keys by `depth` and `head` instead.
   */
  path: string;
  key: string;
  /** Whether the values differ as written (the text of each value, compared exactly). */
  conflicting: boolean;
  /** How many objects and arrays enclose the object that holds the key: 0 for the root, 2 for `$.requests[2]`. */
  depth: number;
  /** The first steps (at most two) of `path`, keys and array indices: `["requests", 2]` for `$.requests[2].record`. */
  head: readonly (string | number)[];
}

interface Frame {
  object: boolean;
  /** How the parent reaches this frame: a key, an array index, or null for the root. */
  via: string | number | null;
  /** Object frames: each key's first value as [start, end) in the text. */
  keys: Map<string, [number, number]> | null;
  /** Object frames: the duplicates found so far, by key. */
  dups: Map<string, DuplicateJsonKey> | null;
  pendingKey: string | null;
  valueStart: number;
  index: number;
  /** The frame's JSON path, once a key repeated in it or in a frame below it has needed it. */
  path: string | null;
}

const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13;

/**
 * The JSON path of the top frame. Each frame's path is kept once built and extends its parent's, so the paths of all
 * the frames of a text cost time and memory linear in its nesting (V8 joins long strings without copying them),
 * however many keys are repeated at each level.
 */
function pathOf(stack: Frame[]): string {
  let d = stack.length - 1;
  while (stack[d].path === null) d--;
  let p = stack[d].path!;
  for (d++; d < stack.length; d++) {
    const via = stack[d].via!;
    p = typeof via === 'number' ? `${p}[${via}]` : jsonPathKey(p, via);
    stack[d].path = p;
  }
  return p;
}

/** Index of the quote that closes the string opened at `open` (escaped quotes skipped). */
function stringEnd(text: string, open: number): number {
  let q = text.indexOf('"', open + 1);
  for (;;) {
    if (q < 0) return text.length;
    let slashes = 0;
    while (text.charCodeAt(q - 1 - slashes) === 92) slashes++;
    if (slashes % 2 === 0) return q;
    q = text.indexOf('"', q + 1);
  }
}

/**
 * Finds the keys written more than once in one object of a JSON text. JSON.parse keeps the last value of such a key
 * without a word, so a record `{"fit": "small", "fit": "large"}` would be read as large. Keys are compared as
 * JSON.parse reads them (`"a"` and `"\u0061"` are the same key). The scan is iterative (any nesting depth) and takes
 * time and memory linear in the text, a key repeated in every object of a deep nesting included (the paths share
 * their prefixes: see {@link DuplicateJsonKey.path}).
 *
 * @param text - a valid JSON text (parse it first: the scan does not validate it).
 * @param limit - stop after this many duplicated keys reported (default 10).
 * @param conflictingOnly - report (and count toward `limit`) only keys whose values differ, so that harmless
 *   repeats cannot hide a conflicting key after them.
 * @returns each duplicated key once per object, in the order of its second occurrence (with `conflictingOnly`, of
 *   the occurrence that first differs); empty when there is none.
 */
export function findDuplicateJsonKeys(text: string, limit = 10, conflictingOnly = false): DuplicateJsonKey[] {
  const out: DuplicateJsonKey[] = [];
  if (text.indexOf('"') < 0) return out;
  const stack: Frame[] = [];
  const n = text.length;
  const valueDone = (end: number): void => {
    const f = stack[stack.length - 1];
    if (f === undefined) return;
    if (!f.object) {
      f.index++;
      return;
    }
    const key = f.pendingKey!;
    f.pendingKey = null;
    const first = f.keys!.get(key);
    if (first === undefined) {
      f.keys!.set(key, [f.valueStart, end]);
      return;
    }
    const differs = text.slice(first[0], first[1]) !== text.slice(f.valueStart, end);
    let d = f.dups?.get(key);
    if (d === undefined) {
      const head = stack.length === 1 ? [] : stack.length === 2 ? [stack[1].via!] : [stack[1].via!, stack[2].via!];
      d = { path: pathOf(stack), key, conflicting: false, depth: stack.length - 1, head };
      (f.dups ??= new Map()).set(key, d);
      if (!conflictingOnly) out.push(d);
    }
    if (differs && !d.conflicting) {
      d.conflicting = true;
      if (conflictingOnly) out.push(d);
    }
  };
  let i = 0;
  while (i < n && out.length < limit) {
    const c = text.charCodeAt(i);
    if (isSpace(c) || c === 44) {
      i++;
      continue;
    }
    const top = stack[stack.length - 1] as Frame | undefined;
    if (c === 123 || c === 91) {
      const object = c === 123;
      const via = top === undefined ? null : top.object ? top.pendingKey : top.index;
      stack.push({
        object,
        via,
        keys: object ? new Map() : null,
        dups: null,
        pendingKey: null,
        valueStart: 0,
        index: 0,
        path: top === undefined ? '$' : null,
      });
      i++;
    } else if (c === 125 || c === 93) {
      stack.pop();
      i++;
      valueDone(i);
      if (stack.length === 0) break;
    } else if (c === 58) {
      i++;
      while (i < n && isSpace(text.charCodeAt(i))) i++;
      top!.valueStart = i;
    } else if (c === 34) {
      const end = stringEnd(text, i);
      if (top !== undefined && top.object && top.pendingKey === null) {
        const raw = text.slice(i + 1, end);
        top.pendingKey = raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
        i = end + 1;
      } else {
        i = end + 1;
        valueDone(i);
      }
    } else {
      let j = i + 1;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (d === 44 || d === 93 || d === 125 || isSpace(d)) break;
        j++;
      }
      i = j;
      valueDone(i);
    }
  }
  return out;
}

/**
 * Whether a parsed flat JSON object certainly has no key written twice in its text: its colons, or else its quotes
 * followed by a colon (a key ends so; a colon or an escaped quote in a string value only makes the answer "not
 * sure"), are no more than the object's keys. Linear, without allocation: the fast check before {@link findDuplicateJsonKeys} when reading
 * millions of flat records.
 *
 * @param text - the JSON text of `parsed`.
 * @param parsed - JSON.parse(text).
 * @returns true when no key can be repeated; false when unsure (a nested value, or more key-like quotes).
 */
export function certainlyNoDuplicateKeys(text: string, parsed: Record<string, unknown>): boolean {
  let keys = 0;
  for (const k in parsed) {
    const v = parsed[k];
    if (v !== null && typeof v === 'object') return false;
    keys++;
  }
  // Each written key has its own colon after it: no more colons than keys means no key twice.
  let colons = 0;
  for (let c = text.indexOf(':'); c >= 0 && colons <= keys; c = text.indexOf(':', c + 1)) colons++;
  if (colons <= keys) return true;
  let quotes = 0;
  for (let q = text.indexOf('"'); q >= 0; q = text.indexOf('"', q + 1)) {
    let j = q + 1;
    let c = text.charCodeAt(j);
    while (isSpace(c)) c = text.charCodeAt(++j);
    if (c === 58 && ++quotes > keys) return false;
  }
  return true;
}
