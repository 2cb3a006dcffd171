import type { KernelConfig, KernelFunc, TensorInfo, UnsortedSegmentSumAttrs } from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { InvalidArgumentError } from './errors.js';

/**
 * Sums the rows of `x` into `numSegments` segments: `out[s, ...] = sum of x[i, ...] over i with segmentIds[i] = s`,
 * TensorFlow's `unsorted_segment_sum`. Rows whose segment id is negative or >= `numSegments` are dropped
 * (TensorFlow drops negative ids; tfjs's cpu kernel drops both, and so does this function).
 *
 * @param x - the values, row-major; `x.length` must be `segmentIds.length * innerSize`.
 * @param segmentIds - one integer id per leading-dimensions element of `x` (its length is the product of
 *   the first `segmentIds.rank` dimensions of x).
 * @param numSegments - the number of output segments, a non-negative integer.
 * @param dtype - `float32` sums in float32 like tfjs's own kernels (a double accumulator was 2x slower and
 *   allocates twice the memory of the output table); `int32` sums with 32-bit wrap-around.
 * @param innerSize - the number of values per segment id: the product of `x.shape.slice(segmentIds.rank)` (1 when
 *   x has no more dimensions than the ids). Default `x.length / segmentIds.length`, or 1 when there is no segment
 *   id, where the lengths cannot tell it (x of shape [0, 5] needs 5: its output is `numSegments` rows of 5 zeros).
 * @returns a new array of `numSegments * innerSize` values, row-major (zeros for segments no row falls into).
 * @throws InvalidArgumentError if `numSegments` or `innerSize` is not a non-negative integer or the lengths do not
 *   match.
 */
export function unsortedSegmentSumValues(
  x: ArrayLike<number>,
  segmentIds: ArrayLike<number>,
  numSegments: number,
  dtype: 'float32' | 'int32' = 'float32',
  innerSize?: number,
): Float32Array | Int32Array {
  if (!Number.isInteger(numSegments) || numSegments < 0) {
    throw new InvalidArgumentError(
      `unsortedSegmentSum: numSegments must be a non-negative integer, got ${numSegments}`,
    );
  }
  if (innerSize !== undefined && !(Number.isInteger(innerSize) && innerSize >= 0)) {
    throw new InvalidArgumentError(`unsortedSegmentSum: innerSize must be a non-negative integer, got ${innerSize}`);
  }
  const n = segmentIds.length;
  if (innerSize === undefined ? (n === 0 ? x.length !== 0 : x.length % n !== 0) : x.length !== n * innerSize) {
    throw new InvalidArgumentError(
      innerSize === undefined
        ? `unsortedSegmentSum: x has ${x.length} values, not a multiple of the ${n} segment ids`
        : `unsortedSegmentSum: x has ${x.length} values, not ${n} segment ids x ${innerSize} values each`,
    );
  }
  const inner = innerSize ?? (n === 0 ? 1 : x.length / n);
  if (dtype === 'int32') {
    const out = new Int32Array(numSegments * inner);
    for (let i = 0; i < n; i++) {
      const s = segmentIds[i];
      if (!(s >= 0 && s < numSegments)) continue;
      const o = s * inner;
      const r = i * inner;
      for (let j = 0; j < inner; j++) out[o + j] = (out[o + j] + x[r + j]) | 0;
    }
    return out;
  }
  const acc = new Float32Array(numSegments * inner);
  for (let i = 0; i < n; i++) {
    const s = segmentIds[i];
    if (!(s >= 0 && s < numSegments)) continue;
    const o = s * inner;
    const r = i * inner;
    for (let j = 0; j < inner; j++) acc[o + j] += x[r + j];
  }
  return acc;
}

/** The output shape of unsortedSegmentSum: `[numSegments, ...x.shape.slice(segmentIds.rank)]`. */
function outputShape(xShape: number[], idsShape: number[], numSegments: number): number[] {
  for (let d = 0; d < idsShape.length; d++) {
    if (xShape[d] !== idsShape[d]) {
      throw new InvalidArgumentError(
        `unsortedSegmentSum: segmentIds shape [${idsShape}] must be a prefix of x shape [${xShape}]`,
      );
    }
  }
  return [numSegments, ...xShape.slice(idsShape.length)];
}

/**
 * The JS kernel of `UnsortedSegmentSum` for the wasm backend, which has none (tfjs issue #8082); it is what the
 * gradient of `gather` (an Embedding layer) calls. Reads the inputs from the wasm heap, sums in JS with
 * {@link unsortedSegmentSumValues}, and writes a new output tensor. Register it with `tf.registerKernel`
 * (see `registerMissingTfKernels`).
 */
export const unsortedSegmentSumWasmKernel: KernelConfig = {
  kernelName: 'UnsortedSegmentSum',
  backendName: 'wasm',
  kernelFunc: (({ inputs, backend, attrs }) => {
    const x = inputs.x as TensorInfo;
    const segmentIds = inputs.segmentIds as TensorInfo;
    const { numSegments } = attrs as unknown as UnsortedSegmentSumAttrs;
    if (x.dtype !== 'float32' && x.dtype !== 'int32') {
      throw new InvalidArgumentError(`unsortedSegmentSum: x must be float32 or int32, got ${x.dtype}`);
    }
    const shape = outputShape(x.shape, segmentIds.shape, numSegments);
    const wasm = backend as BackendWasm;
    // The trailing size comes from the shapes: without segment ids the lengths are 0 and cannot tell it.
    const innerSize = shape.slice(1).reduce((a, b) => a * b, 1);
    // Heap views are only valid until the next allocation: sum into a fresh array before makeOutput allocates.
    const values = unsortedSegmentSumValues(
      wasm.typedArrayFromHeap(x),
      wasm.typedArrayFromHeap(segmentIds),
      numSegments,
      x.dtype,
      innerSize,
    );
    return wasm.makeOutput(shape, x.dtype, undefined, values);
  }) as KernelFunc,
};
