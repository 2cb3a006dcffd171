/**
 * Gradient histograms of the tree learner: for each feature and bin, the sums of gradient, hessian
 * and row count over a leaf's rows, interleaved in one Float64Array: `hist[3 * (offset[f] + b) + {0,1,2}]`.
 * Feature `f` owns `numBins[f] + 1` bins (its value bins and its NaN bin).
 */

/** Offsets of every feature's first bin; `offsets[p]` is the total number of bins. */
export function histogramOffsets(numBins: Int32Array): Int32Array {
  const p = numBins.length;
  const off = new Int32Array(p + 1);
  for (let f = 0; f < p; f++) off[f + 1] = off[f] + numBins[f] + 1;
  return off;
}

/**
 * Builds the histogram of the rows `rows[start .. start+count)`, row-wise: each row's gradient and
 * hessian are read once and added to the bin of each feature. With `features` a strict subset
 * (feature fraction), only those features' bins are built; the others are left untouched.
 *
 * @param rowCodes - row-major bin codes (`rowCodes[i * p + f]`).
 * @param allFeatures - true when `features` is 0..p-1 (a faster loop).
 * @param hist - output, zeroed here for the features built.
 */
export function buildHistogram(
  rowCodes: Uint8Array,
  p: number,
  offsets: Int32Array,
  features: Int32Array,
  allFeatures: boolean,
  rows: Int32Array,
  start: number,
  count: number,
  g: Float64Array,
  h: Float64Array,
  hist: Float64Array,
): void {
  const end = start + count;
  if (allFeatures) {
    hist.fill(0, 0, offsets[p] * 3);
    for (let i = start; i < end; i++) {
      const r = rows[i];
      const gr = g[r];
      const hr = h[r];
      const base = r * p;
      for (let f = 0; f < p; f++) {
        const j = (offsets[f] + rowCodes[base + f]) * 3;
        hist[j] += gr;
        hist[j + 1] += hr;
        hist[j + 2] += 1;
      }
    }
    return;
  }
  const m = features.length;
  for (let q = 0; q < m; q++) {
    const f = features[q];
    hist.fill(0, offsets[f] * 3, offsets[f + 1] * 3);
  }
  for (let i = start; i < end; i++) {
    const r = rows[i];
    const gr = g[r];
    const hr = h[r];
    const base = r * p;
    for (let q = 0; q < m; q++) {
      const f = features[q];
      const j = (offsets[f] + rowCodes[base + f]) * 3;
      hist[j] += gr;
      hist[j + 1] += hr;
      hist[j + 2] += 1;
    }
  }
}

/** `target = parent - child` over the bins of `features` (the histogram subtraction trick). */
export function subtractHistogram(
  parent: Float64Array,
  child: Float64Array,
  target: Float64Array,
  offsets: Int32Array,
  features: Int32Array,
): void {
  for (let q = 0; q < features.length; q++) {
    const f = features[q];
    const hi = offsets[f + 1] * 3;
    for (let j = offsets[f] * 3; j < hi; j++) target[j] = parent[j] - child[j];
  }
}
