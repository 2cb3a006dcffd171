import type { LbfgsObjective } from './logistic-lbfgs.js';

/** Columns with at most this share of non-zero values are read in sparse (CSR) form. */
const SPARSE_DENSITY = 0.25;

/**
 * The objective of multinomial logistic regression with an L2 penalty, as an L-BFGS objective over
 * θ = [w (k x p, row c = class c, on the standardized scale), b (k)]:
 *
 *   f(θ) = (1/n) Σ_i −log softmax(b + W z_i)[y_i] + λ/2 Σ w²,   z_ij = (x_ij − mean_j) / scale_j,
 *
 * with its exact gradient. The standardization is folded into the weights (the data are never
 * centred, so zeros stay zeros); columns that are mostly zero (one-hot blocks, missing indicators) are
 * read in compressed sparse-row form and the rest as a dense block, one pass over the rows per call.
 *
 * @param data - n x p row-major features (finite). @param y - class codes 0..k-1.
 * @param mean - per-column centre. @param scale - per-column positive scale. @param l2 - λ.
 * @returns the objective; it writes the gradient (length k·p + k) into its second argument.
 */
export function logisticObjective(
  data: Float64Array,
  y: Int32Array,
  n: number,
  p: number,
  k: number,
  mean: Float64Array,
  scale: Float64Array,
  l2: number,
): LbfgsObjective {
  const layout = splitColumns(data, n, p);
  const pd = layout.denseCols.length;
  const V = new Float64Array(k * p);
  const Vd = new Float64Array(k * pd);
  const b = new Float64Array(k);
  const A = new Float64Array(k * p);
  const Ad = new Float64Array(k * pd);
  const R = new Float64Array(k);
  const z = new Float64Array(k);
  return (theta, grad) => {
    for (let c = 0; c < k; c++) {
      let bc = theta[k * p + c];
      for (let j = 0; j < p; j++) {
        const v = theta[c * p + j] / scale[j];
        V[c * p + j] = v;
        bc -= v * mean[j];
      }
      b[c] = bc;
      for (let q = 0; q < pd; q++) Vd[c * pd + q] = V[c * p + layout.denseCols[q]];
    }
    A.fill(0);
    Ad.fill(0);
    R.fill(0);
    const loss =
      k === 3 ? pass3(layout, y, n, p, V, Vd, b, A, Ad, R) : passK(layout, y, n, p, k, V, Vd, b, A, Ad, R, z);
    for (let c = 0; c < k; c++) for (let q = 0; q < pd; q++) A[c * p + layout.denseCols[q]] += Ad[c * pd + q];
    let pen = 0;
    for (let c = 0; c < k; c++) {
      for (let j = 0; j < p; j++) {
        const t = theta[c * p + j];
        pen += t * t;
        grad[c * p + j] = (A[c * p + j] - mean[j] * R[c]) / scale[j] / n + l2 * t;
      }
      grad[k * p + c] = R[c] / n;
    }
    return loss / n + 0.5 * l2 * pen;
  };
}

/** The features split into a dense row-major block and a CSR block of the mostly-zero columns. */
interface ColumnLayout {
  /** Original indices of the dense columns. */
  denseCols: Int32Array;
  /** n x denseCols.length row-major. */
  dense: Float64Array;
  /** Row i's sparse entries are rowPtr[i]..rowPtr[i+1]-1. */
  rowPtr: Int32Array;
  /** Original column index of each sparse entry. */
  col: Int32Array;
  /** Value of each sparse entry. */
  val: Float64Array;
}

function splitColumns(data: Float64Array, n: number, p: number): ColumnLayout {
  const nz = new Float64Array(p);
  for (let i = 0; i < n; i++) for (let j = 0, off = i * p; j < p; j++) if (data[off + j] !== 0) nz[j]++;
  const isDense = new Uint8Array(p);
  const denseList: number[] = [];
  let sparseNz = 0;
  for (let j = 0; j < p; j++) {
    if (nz[j] > SPARSE_DENSITY * n) {
      isDense[j] = 1;
      denseList.push(j);
    } else sparseNz += nz[j];
  }
  const denseCols = Int32Array.from(denseList);
  const pd = denseCols.length;
  const dense = new Float64Array(n * pd);
  const rowPtr = new Int32Array(n + 1);
  const col = new Int32Array(sparseNz);
  const val = new Float64Array(sparseNz);
  let t = 0;
  for (let i = 0; i < n; i++) {
    const off = i * p;
    for (let q = 0; q < pd; q++) dense[i * pd + q] = data[off + denseCols[q]];
    for (let j = 0; j < p; j++) {
      const v = data[off + j];
      if (isDense[j] === 0 && v !== 0) {
        col[t] = j;
        val[t] = v;
        t++;
      }
    }
    rowPtr[i + 1] = t;
  }
  return { denseCols, dense, rowPtr, col, val };
}

/** One pass for any k: accumulates the gradient sums A, Ad (r xᵀ) and R (r), r = p − onehot(y); returns the summed log-loss. */
function passK(
  L: ColumnLayout,
  y: Int32Array,
  n: number,
  p: number,
  k: number,
  V: Float64Array,
  Vd: Float64Array,
  b: Float64Array,
  A: Float64Array,
  Ad: Float64Array,
  R: Float64Array,
  z: Float64Array,
): number {
  const { dense, rowPtr, col, val } = L;
  const pd = L.denseCols.length;
  let loss = 0;
  for (let i = 0; i < n; i++) {
    const off = i * pd;
    const s0 = rowPtr[i];
    const s1 = rowPtr[i + 1];
    let mx = -Infinity;
    for (let c = 0; c < k; c++) {
      let s = b[c];
      const w = c * pd;
      for (let q = 0; q < pd; q++) s += Vd[w + q] * dense[off + q];
      const ws = c * p;
      for (let t = s0; t < s1; t++) s += V[ws + col[t]] * val[t];
      z[c] = s;
      if (s > mx) mx = s;
    }
    let se = 0;
    for (let c = 0; c < k; c++) {
      const e = Math.exp(z[c] - mx);
      se += e;
      z[c] = e;
    }
    const yi = y[i];
    loss -= Math.log(z[yi] / se);
    for (let c = 0; c < k; c++) {
      const r = z[c] / se - (c === yi ? 1 : 0);
      R[c] += r;
      const w = c * pd;
      for (let q = 0; q < pd; q++) Ad[w + q] += r * dense[off + q];
      const ws = c * p;
      for (let t = s0; t < s1; t++) A[ws + col[t]] += r * val[t];
    }
  }
  return loss;
}

/** {@link passK} unrolled for three classes: each row's values are read once for the scores and once for the gradient. */
function pass3(
  L: ColumnLayout,
  y: Int32Array,
  n: number,
  p: number,
  V: Float64Array,
  Vd: Float64Array,
  b: Float64Array,
  A: Float64Array,
  Ad: Float64Array,
  R: Float64Array,
): number {
  const { dense, rowPtr, col, val } = L;
  const pd = L.denseCols.length;
  const pd2 = 2 * pd;
  const p2 = 2 * p;
  let loss = 0;
  let R0 = 0;
  let R1 = 0;
  let R2 = 0;
  for (let i = 0; i < n; i++) {
    const off = i * pd;
    const s0 = rowPtr[i];
    const s1 = rowPtr[i + 1];
    let z0 = b[0];
    let z1 = b[1];
    let z2 = b[2];
    for (let q = 0; q < pd; q++) {
      const x = dense[off + q];
      z0 += Vd[q] * x;
      z1 += Vd[pd + q] * x;
      z2 += Vd[pd2 + q] * x;
    }
    for (let t = s0; t < s1; t++) {
      const j = col[t];
      const x = val[t];
      z0 += V[j] * x;
      z1 += V[p + j] * x;
      z2 += V[p2 + j] * x;
    }
    const mx = z0 > z1 ? (z0 > z2 ? z0 : z2) : z1 > z2 ? z1 : z2;
    const e0 = Math.exp(z0 - mx);
    const e1 = Math.exp(z1 - mx);
    const e2 = Math.exp(z2 - mx);
    const se = e0 + e1 + e2;
    const yi = y[i];
    loss -= Math.log((yi === 0 ? e0 : yi === 1 ? e1 : e2) / se);
    const r0 = e0 / se - (yi === 0 ? 1 : 0);
    const r1 = e1 / se - (yi === 1 ? 1 : 0);
    const r2 = e2 / se - (yi === 2 ? 1 : 0);
    R0 += r0;
    R1 += r1;
    R2 += r2;
    for (let q = 0; q < pd; q++) {
      const x = dense[off + q];
      Ad[q] += r0 * x;
      Ad[pd + q] += r1 * x;
      Ad[pd2 + q] += r2 * x;
    }
    for (let t = s0; t < s1; t++) {
      const j = col[t];
      const x = val[t];
      A[j] += r0 * x;
      A[p + j] += r1 * x;
      A[p2 + j] += r2 * x;
    }
  }
  R[0] = R0;
  R[1] = R1;
  R[2] = R2;
  return loss;
}
