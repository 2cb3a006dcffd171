import { InvalidArgumentError } from '../core/errors.js';
import { checkBinary } from './check-inputs.js';
import { normalCritical, twoSidedNormalP } from './normal.js';

/** Result of {@link delongTest}. */
export interface DelongResult {
  aucA: number;
  aucB: number;
  /** aucA - aucB. */
  difference: number;
  /** DeLong standard error of the difference. */
  standardError: number;
  /** difference / standardError. */
  z: number;
  /** Two-sided p-value of "equal AUCs" (normal approximation). */
  pValue: number;
  /** Normal-approximation interval of the difference at `level`. */
  low: number;
  high: number;
  level: number;
}

/**
 * DeLong's test for the difference of two correlated ROC AUCs measured on the same rows (DeLong,
 * DeLong & Clarke-Pearson, Biometrics 1988), with the O(n log n) mid-rank algorithm of Sun & Xu
 * (IEEE Signal Processing Letters 2014). For a multi-class model, apply it one-vs-rest per class
 * (labels = y === c, scores = column c); the macro average is compared with {@link pairedBootstrap}.
 *
 * @param labels - 1 positive, 0 negative. @param scoresA - model A's scores. @param scoresB - model B's.
 * @param options - `level` of the returned interval (default 0.95).
 * @throws InvalidArgumentError on length mismatch, non-binary labels, NaN scores (naming the model's scores and the
 * row), or fewer than two positives or two negatives (the variance needs two of each).
 */
export function delongTest(
  labels: ArrayLike<number>,
  scoresA: ArrayLike<number>,
  scoresB: ArrayLike<number>,
  options: { level?: number } = {},
): DelongResult {
  const level = options.level ?? 0.95;
  if (!(level > 0 && level < 1)) throw new InvalidArgumentError(`delongTest: level must be in (0, 1), got ${level}`);
  const n = checkBinary('delongTest', labels, scoresA);
  checkBinary('delongTest', labels, scoresB);
  for (const [name, scores] of [
    ['scoresA', scoresA],
    ['scoresB', scoresB],
  ] as const) {
    for (let i = 0; i < n; i++) {
      if (Number.isNaN(scores[i])) throw new InvalidArgumentError(`delongTest: ${name} row ${i}: score is NaN`);
    }
  }
  const pos: number[] = [];
  const neg: number[] = [];
  for (let i = 0; i < n; i++) (labels[i] === 1 ? pos : neg).push(i);
  const m = pos.length;
  const q = neg.length;
  if (m < 2 || q < 2) {
    throw new InvalidArgumentError(`delongTest: needs at least 2 positives and 2 negatives, got ${m} and ${q}`);
  }
  const a = components(scoresA, pos, neg);
  const b = components(scoresB, pos, neg);
  // S = S10 / m + S01 / q; var(A - B) = S_AA + S_BB - 2 S_AB.
  const s10 = cov2(a.v10, b.v10);
  const s01 = cov2(a.v01, b.v01);
  const varDiff = (s10[0] + s10[1] - 2 * s10[2]) / m + (s01[0] + s01[1] - 2 * s01[2]) / q;
  const difference = a.auc - b.auc;
  const standardError = Math.sqrt(Math.max(0, varDiff));
  const z = standardError > 0 ? difference / standardError : difference === 0 ? 0 : Math.sign(difference) * Infinity;
  const crit = normalCritical(level);
  return {
    aucA: a.auc,
    aucB: b.auc,
    difference,
    standardError,
    z,
    pValue: standardError > 0 ? twoSidedNormalP(z) : difference === 0 ? 1 : 0,
    low: difference - crit * standardError,
    high: difference + crit * standardError,
    level,
  };
}

/** AUC and DeLong structural components of one predictor (Sun & Xu 2014, algorithm 1). */
function components(
  scores: ArrayLike<number>,
  pos: number[],
  neg: number[],
): { auc: number; v10: Float64Array; v01: Float64Array } {
  const m = pos.length;
  const q = neg.length;
  const x = Float64Array.from(pos, (i) => scores[i]);
  const y = Float64Array.from(neg, (i) => scores[i]);
  const z = new Float64Array(m + q);
  z.set(x, 0);
  z.set(y, m);
  const tx = midranks(x);
  const ty = midranks(y);
  const tz = midranks(z);
  let sumPos = 0;
  const v10 = new Float64Array(m);
  const v01 = new Float64Array(q);
  for (let i = 0; i < m; i++) {
    sumPos += tz[i];
    v10[i] = (tz[i] - tx[i]) / q;
  }
  for (let j = 0; j < q; j++) v01[j] = 1 - (tz[m + j] - ty[j]) / m;
  const auc = (sumPos - (m * (m + 1)) / 2) / (m * q);
  return { auc, v10, v01 };
}

/** 1-based mid-ranks (ties get the mean of their ranks). */
function midranks(v: Float64Array): Float64Array {
  const n = v.length;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => v[a] - v[b]);
  const r = new Float64Array(n);
  let i = 0;
  while (i < n) {
    let j = i;
    while (j < n && v[order[j]] === v[order[i]]) j++;
    const mid = (i + 1 + j) / 2;
    for (let t = i; t < j; t++) r[order[t]] = mid;
    i = j;
  }
  return r;
}

/** Sample variances and covariance (n - 1 denominator): [var(a), var(b), cov(a, b)]. */
function cov2(a: Float64Array, b: Float64Array): [number, number, number] {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i];
    mb += b[i];
  }
  ma /= n;
  mb /= n;
  let saa = 0;
  let sbb = 0;
  let sab = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i] - ma;
    const db = b[i] - mb;
    saa += da * da;
    sbb += db * db;
    sab += da * db;
  }
  return [saa / (n - 1), sbb / (n - 1), sab / (n - 1)];
}
