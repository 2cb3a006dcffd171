import { jsonPathKey } from '../core/json-path.js';
import type { RequestProblem } from './http-error.js';

/**
 * The subset of JSON Schema the service validates requests with: a type (or several), object properties
 * with `required` and `additionalProperties`, array `items` with `minItems`/`maxItems`, number bounds,
 * string length, `enum`, and (not JSON Schema's) `maxDepth`, the deepest nesting of arrays and objects in a value.
 */
export interface JsonSchema {
  /** Allowed JSON types; `integer` is a number without a fraction. */
  type?: JsonType | readonly JsonType[];
  properties?: Readonly<Record<string, JsonSchema>>;
  required?: readonly string[];
  /** false: keys not in `properties` are problems; a schema: every other key's value must match it. Default true. */
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  enum?: readonly (string | number | boolean | null)[];
  /**
   * Deepest nesting of arrays and objects in the value (1: an array or object of scalars), checked without recursion:
   * a value let through unchecked must still be safe to walk recursively (`JSON.stringify` overflows the call stack
   * on some thousands of levels).
   */
  maxDepth?: number;
  /** Replaces the generated reason of a type mismatch (e.g. `expected a height such as 5' 8"`). */
  description?: string;
}

/** A JSON value type name. */
export type JsonType = 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean' | 'null';

function typeOf(v: unknown): JsonType | 'undefined' | 'other' {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'number':
      return Number.isInteger(v) ? 'integer' : 'number';
    case 'boolean':
      return 'boolean';
    case 'object':
      return 'object';
    case 'undefined':
      return 'undefined';
    default:
      return 'other';
  }
}

export { jsonPathKey };

/** JSON path segments: a string is an object key, a number an array index. */
type Segments = (string | number)[];

function pathOf(root: string, segs: Segments): string {
  let p = root;
  for (const s of segs) p = typeof s === 'number' ? `${p}[${s}]` : jsonPathKey(p, s);
  return p;
}

/**
 * Validates a parsed JSON value against `schema`, collecting at most `maxProblems` problems, each with
 * the JSON path (`$.records[3].height`) and the reason. Paths are only built for problems, so a valid
 * value costs one walk.
 * @returns the problems (empty when the value is valid).
 */
export function validateJson(value: unknown, schema: JsonSchema, path = '$', maxProblems = 20): RequestProblem[] {
  const out: RequestProblem[] = [];
  walk(value, schema, [], { root: path, out, max: maxProblems });
  return out;
}

interface WalkState {
  root: string;
  out: RequestProblem[];
  max: number;
}

/** Records a problem unless `st.max` are recorded already (one object can lack many required fields at once). */
function problem(st: WalkState, segs: Segments, reason: string): void {
  if (st.out.length < st.max) st.out.push({ path: pathOf(st.root, segs), reason });
}

/** Whether `value` (an array or object) nests arrays and objects more than `maxDepth` levels; without recursion. */
function nestsDeeper(value: object, maxDepth: number): boolean {
  const values: object[] = [value];
  const depths: number[] = [1];
  while (values.length > 0) {
    const v = values.pop()!;
    const d = depths.pop()!;
    if (d > maxDepth) return true;
    for (const m of Array.isArray(v) ? (v as unknown[]) : Object.values(v)) {
      if (m !== null && typeof m === 'object') {
        values.push(m as object);
        depths.push(d + 1);
      }
    }
  }
  return false;
}

function walk(v: unknown, s: JsonSchema, segs: Segments, st: WalkState): void {
  const out = st.out;
  if (out.length >= st.max) return;
  const t = typeOf(v);
  if (s.type !== undefined) {
    const allowed: readonly JsonType[] = typeof s.type === 'string' ? [s.type] : s.type;
    const ok = allowed.includes(t as JsonType) || (t === 'integer' && allowed.includes('number'));
    if (!ok) {
      const got = t === 'integer' ? 'number' : t;
      problem(st, segs, s.description ?? `expected ${allowed.join(' or ')}, got ${got}`);
      return;
    }
  }
  if (s.enum !== undefined && !s.enum.includes(v as string | number | boolean | null)) {
    problem(st, segs, `must be one of ${s.enum.map((e) => JSON.stringify(e)).join(', ')}`);
    return;
  }
  if (s.maxDepth !== undefined && (t === 'array' || t === 'object') && nestsDeeper(v as object, s.maxDepth)) {
    problem(st, segs, `nests arrays and objects more than ${s.maxDepth} levels deep`);
    return;
  }
  if (t === 'number' || t === 'integer') {
    const x = v as number;
    // JSON.parse reads 1e999 as Infinity, which JSON.stringify would write back as null (a missing value).
    if (!Number.isFinite(x)) {
      problem(st, segs, `is not a finite number (${x}); JSON numbers must be below about 1.8e308`);
      return;
    }
    if (s.minimum !== undefined && x < s.minimum) problem(st, segs, `must be >= ${s.minimum}, got ${x}`);
    if (s.maximum !== undefined && x > s.maximum) problem(st, segs, `must be <= ${s.maximum}, got ${x}`);
  } else if (t === 'string') {
    const x = v as string;
    if (s.maxLength !== undefined && x.length > s.maxLength) {
      problem(st, segs, `is ${x.length} characters long; the limit is ${s.maxLength}`);
    }
  } else if (t === 'array') {
    const a = v as unknown[];
    if (s.minItems !== undefined && a.length < s.minItems) {
      problem(st, segs, `has ${a.length} items; at least ${s.minItems} needed`);
      return;
    }
    if (s.maxItems !== undefined && a.length > s.maxItems) {
      problem(st, segs, `has ${a.length} items; the limit is ${s.maxItems}`);
      return;
    }
    if (s.items !== undefined) {
      for (let i = 0; i < a.length && out.length < st.max; i++) {
        segs.push(i);
        walk(a[i], s.items, segs, st);
        segs.pop();
      }
    }
  } else if (t === 'object') {
    const o = v as Record<string, unknown>;
    for (const k of s.required ?? []) {
      if (!Object.prototype.hasOwnProperty.call(o, k)) {
        segs.push(k);
        problem(st, segs, 'is required');
        segs.pop();
      }
    }
    for (const k of Object.keys(o)) {
      if (out.length >= st.max) return;
      const p =
        s.properties !== undefined && Object.prototype.hasOwnProperty.call(s.properties, k)
          ? s.properties[k]
          : undefined;
      segs.push(k);
      if (p !== undefined) walk(o[k], p, segs, st);
      else if (s.additionalProperties === false) {
        const known = Object.keys(s.properties ?? {});
        problem(
          st,
          segs,
          `is not a known field (known: ${known.slice(0, 30).join(', ')}${known.length > 30 ? ', ...' : ''})`,
        );
      } else if (typeof s.additionalProperties === 'object') walk(o[k], s.additionalProperties, segs, st);
      segs.pop();
    }
  }
}
