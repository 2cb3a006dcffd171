// Internal: typed arrays in shared memory for worker threads (not exported from index.ts).

/**
 * `a` in shared memory: `a` itself when its buffer is a SharedArrayBuffer, otherwise a copy in a new one. Handed to
 * worker threads (as `workerData` or in a message), a shared array is not copied: several workers read one matrix,
 * and none waits for its own copy (the 154k x 85 feature matrix of `best` took ~0.9 s of this thread and ~1.5 s
 * before the second worker could start; the one copy here takes ~0.4 s). Whoever gets it must only read it.
 */
export function sharedFloat64(a: Float64Array): Float64Array {
  if (a.buffer instanceof SharedArrayBuffer) return a;
  const out = new Float64Array(new SharedArrayBuffer(a.byteLength));
  out.set(a);
  return out;
}
