import { ModelFormatError } from '../core/errors.js';

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
 * Restores the arrays {@link packLargeArrays} moved into `buffer`.
 * @param file - name of the binary file, for error messages.
 * @throws ModelFormatError when a reference points outside the buffer or the buffer is not whole float64s.
 */
export function unpackLargeArrays(json: unknown, buffer: Uint8Array, file = 'weights.bin'): unknown {
  if (buffer.byteLength % 8 !== 0)
    throw new ModelFormatError(`is ${buffer.byteLength} bytes, not whole float64 values`, file);
  const copy = new Uint8Array(buffer.byteLength);
  copy.set(buffer);
  const all = new Float64Array(copy.buffer);
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object') {
      const rec = v as Record<string, unknown>;
      if ('$bin' in rec && Object.keys(rec).length === 1) {
        const ref = rec.$bin as { offset?: unknown; length?: unknown };
        const { offset, length } = ref ?? {};
        if (
          typeof offset !== 'number' ||
          typeof length !== 'number' ||
          !Number.isInteger(offset) ||
          !Number.isInteger(length) ||
          offset < 0 ||
          length < 0 ||
          offset + length > all.length
        ) {
          throw new ModelFormatError(
            `array reference ${JSON.stringify(ref)} is outside its ${all.length} values`,
            file,
          );
        }
        const out: (number | string | null)[] = new Array(length);
        for (let i = 0; i < length; i++) {
          const x = all[offset + i];
          out[i] = Number.isNaN(x) ? null : x === Infinity ? 'Infinity' : x === -Infinity ? '-Infinity' : x;
        }
        return out;
      }
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(rec)) setOwn(out, k, walk(x));
      return out;
    }
    return v;
  };
  return walk(json);
}
