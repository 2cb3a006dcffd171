import { ModelFormatError } from '../core/errors.js';
import { MAX_MODEL_JSON_DEPTH } from './json-depth.js';

/** Reference left in the JSON where a large numeric array was moved into the binary file. */
interface BinRef {
  $bin: { offset: number; length: number };
}

/** Sets an own property even for keys like `__proto__` (a plain assignment would change the prototype). */
function setOwn(o: Record<string, unknown>, k: string, v: unknown): void {
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}

function isNumericArray(a: unknown[]): boolean {
  for (const v of a) {
    if (typeof v === 'number') continue;
    if (v === null || v === 'Infinity' || v === '-Infinity') continue;
    return false;
  }
  return true;
}

/**
 * Moves every array of at least `minLength` numbers (nulls and '±Infinity' strings allowed: the
 * estimator JSON encoding of NaN and infinities) out of `json` into one little-endian float64 buffer,
 * leaving `{"$bin": {offset, length}}` in its place. Exact: {@link unpackLargeArrays} restores the
 * same JSON value. The TensorFlow.js model.json + weights.bin layout is the model for this.
 */
export function packLargeArrays(json: unknown, minLength = 256): { json: unknown; buffer: Buffer } {
  const chunks: Float64Array[] = [];
  let offset = 0;
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) {
      if (v.length >= minLength && isNumericArray(v)) {
        const f = new Float64Array(v.length);
        for (let i = 0; i < v.length; i++) {
          const x = v[i] as number | string | null;
          f[i] = x === null ? NaN : x === 'Infinity' ? Infinity : x === '-Infinity' ? -Infinity : (x as number);
        }
        chunks.push(f);
        const ref: BinRef = { $bin: { offset, length: v.length } };
        offset += v.length;
        return ref;
      }
      return v.map(walk);
    }
    if (v !== null && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) setOwn(out, k, walk(x));
      return out;
    }
    return v;
  };
  const packed = walk(json);
  const all = new Float64Array(offset);
  let o = 0;
  for (const c of chunks) {
    all.set(c, o);
    o += c.length;
  }
  return { json: packed, buffer: Buffer.from(all.buffer, all.byteOffset, all.byteLength) };
}

/**
 * The most float64 values a binary file may hold (2 GiB): a larger file is refused before its arrays are built.
 * Models written by sizefit on RentTheRunway hold a few million.
 */
export const MAX_PACKED_VALUES = 2 ** 28;

/**
 * Restores the arrays {@link packLargeArrays} moved into `buffer`. The references, in the order of a walk of the
 * JSON (array items in order, object members in `Object.entries` order: the order `packLargeArrays` wrote them
 * in), must cover the buffer exactly, each starting where the previous one ended: every value is restored once,
 * so the restored arrays take the memory of the buffer, never a multiple of it.
 * @param file - name of the binary file, for error messages.
 * @throws ModelFormatError when the buffer is not whole float64s or holds more than {@link MAX_PACKED_VALUES},
 *   when a reference is malformed, overlaps another, leaves a gap or points outside the buffer, when the
 *   references leave values unused, or when the JSON nests deeper than {@link MAX_MODEL_JSON_DEPTH} levels.
 */
export function unpackLargeArrays(json: unknown, buffer: Uint8Array, file = 'weights.bin'): unknown {
  if (buffer.byteLength % 8 !== 0)
    throw new ModelFormatError(`is ${buffer.byteLength} bytes, not whole float64 values`, file);
  if (buffer.byteLength / 8 > MAX_PACKED_VALUES) {
    throw new ModelFormatError(`holds ${buffer.byteLength / 8} values, over the limit of ${MAX_PACKED_VALUES}`, file);
  }
  const copy = new Uint8Array(buffer.byteLength);
  copy.set(buffer);
  const all = new Float64Array(copy.buffer);
  // Where the next reference must start: references follow each other in walk order, without gap or overlap.
  let next = 0;
  const walk = (v: unknown, depth: number): unknown => {
    if (v === null || typeof v !== 'object') return v;
    if (depth > MAX_MODEL_JSON_DEPTH) {
      throw new ModelFormatError(
        `the estimator JSON that refers to it nests deeper than ${MAX_MODEL_JSON_DEPTH} levels`,
        file,
      );
    }
    if (Array.isArray(v)) return v.map((x) => walk(x, depth + 1));
    const rec = v as Record<string, unknown>;
    if (Object.hasOwn(rec, '$bin') && Object.keys(rec).length === 1) {
      const ref = rec.$bin as { offset?: unknown; length?: unknown } | null;
      const { offset, length } = ref ?? {};
      const shown = (JSON.stringify(ref) ?? String(ref)).slice(0, 200);
      if (
        typeof offset !== 'number' ||
        typeof length !== 'number' ||
        !Number.isInteger(offset) ||
        !Number.isInteger(length) ||
        offset < 0 ||
        length < 0 ||
        offset + length > all.length
      ) {
        throw new ModelFormatError(`array reference ${shown} is outside its ${all.length} values`, file);
      }
      if (offset !== next) {
        throw new ModelFormatError(
          `array reference ${shown} does not start where the previous one ended (value ${next}): ` +
            'references must cover the file in order, each value once',
          file,
        );
      }
      next = offset + length;
      const out: (number | string | null)[] = new Array(length);
      for (let i = 0; i < length; i++) {
        const x = all[offset + i];
        out[i] = Number.isNaN(x) ? null : x === Infinity ? 'Infinity' : x === -Infinity ? '-Infinity' : x;
      }
      return out;
    }
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(rec)) setOwn(out, k, walk(x, depth + 1));
    return out;
  };
  const restored = walk(json, 1);
  if (next !== all.length) {
    throw new ModelFormatError(`the estimator JSON refers to ${next} of its ${all.length} values`, file);
  }
  return restored;
}
