/** The constraints a split must meet (from the options of the booster). */
export interface SplitConstraints {
  minDataInLeaf: number;
  minSumHessianInLeaf: number;
  lambdaL2: number;
  minGainToSplit: number;
}

/** The best split found for a leaf. `gain` is -Infinity when no split meets the constraints. */
export interface SplitCandidate {
  /** Loss reduction of the split: score(left) + score(right) - score(parent), score = G²/(H+λ). */
  gain: number;
  feature: number;
  /** Rows with bin <= `bin` go left (value bins); NaN rows go left iff `defaultLeft`. */
  bin: number;
  defaultLeft: boolean;
  /** Gradient and hessian sums of the left child, and its row count as estimated from the hessians. */
  leftG: number;
  leftH: number;
  leftC: number;
}

/** A candidate that means "no split". */
export function emptySplit(): SplitCandidate {
  return { gain: -Infinity, feature: -1, bin: -1, defaultLeft: false, leftG: 0, leftH: 0, leftC: 0 };
}

/**
 * Finds the best split of a leaf from its histogram (XGBoost/LightGBM second-order gain, Chen &
 * Guestrin 2016, eq. 7, without the γ term; `minGainToSplit` plays its role). For each feature,
 * every bin boundary is tried with the NaN rows sent left and sent right (LightGBM's missing-value
 * handling); when the leaf has no NaN of that feature, NaN at prediction time goes to the side with
 * the larger hessian sum (left on a tie of the counts estimated from the hessians). That is the side
 * with more training rows only when the hessians are equal: with the softmax objective a row weighs
 * `p (1 - p)` times its weight, so uncertain rows count more than confident ones. Ties between
 * candidates keep the first (lowest feature, lowest bin), so the result is deterministic.
 *
 * @param G - gradient sum of the leaf. @param H - hessian sum. @param C - row count.
 * @param out - overwritten with the best split (gain -Infinity if none).
 */
export function findBestSplit(
  hist: Float64Array,
  offsets: Int32Array,
  numBins: Int32Array,
  features: Int32Array,
  G: number,
  H: number,
  C: number,
  c: SplitConstraints,
  out: SplitCandidate,
): void {
  const lambda = c.lambdaL2;
  const minData = c.minDataInLeaf;
  const minHess = c.minSumHessianInLeaf;
  const parentScore = (G * G) / (H + lambda);
  const cntFactor = C / H;
  let bestGain = -Infinity;
  let bestF = -1;
  let bestBin = -1;
  let bestLeft = false;
  let bestG = 0;
  let bestH = 0;
  let bestC = 0;
  for (let q = 0; q < features.length; q++) {
    const f = features[q];
    const m = numBins[f];
    const base = offsets[f] * 2;
    const nanJ = base + m * 2;
    const gN = hist[nanJ];
    const hN = hist[nanJ + 1];
    // NaN rows present (beyond the rounding residue that histogram subtraction can leave).
    const hasNaN = hN > H * 1e-12;
    const cN = hasNaN ? Math.round(hN * cntFactor) : 0;
    const lastT = hasNaN ? m - 1 : m - 2;
    let gL = 0;
    let hL = 0;
    for (let t = 0; t <= lastT; t++) {
      const j = base + t * 2;
      const hb = hist[j + 1];
      gL += hist[j];
      hL += hb;
      if (hb === 0 && t < m - 1) continue; // an empty bin: same partition as the previous boundary
      // NaN right.
      const cL = Math.round(hL * cntFactor);
      let cl = cL;
      let cr = C - cl;
      if (cl >= minData && cr >= minData) {
        const hl = hL;
        const hr = H - hl;
        if (hl >= minHess && hr >= minHess) {
          const gl = gL;
          const gr = G - gl;
          const gain = (gl * gl) / (hl + lambda) + (gr * gr) / (hr + lambda) - parentScore;
          if (gain > bestGain) {
            bestGain = gain;
            bestF = f;
            bestBin = t;
            // No NaN here: NaN follows the side with more estimated rows, i.e. the larger hessian sum.
            bestLeft = hasNaN ? false : cl >= cr;
            bestG = gl;
            bestH = hl;
            bestC = cl;
          }
        }
      }
      if (!hasNaN) continue;
      // NaN left.
      cl = cL + cN;
      cr = C - cl;
      if (cl >= minData && cr >= minData) {
        const hl = hL + hN;
        const hr = H - hl;
        if (hl >= minHess && hr >= minHess) {
          const gl = gL + gN;
          const gr = G - gl;
          const gain = (gl * gl) / (hl + lambda) + (gr * gr) / (hr + lambda) - parentScore;
          if (gain > bestGain) {
            bestGain = gain;
            bestF = f;
            bestBin = t;
            bestLeft = true;
            bestG = gl;
            bestH = hl;
            bestC = cl;
          }
        }
      }
    }
  }
  if (!(bestGain > c.minGainToSplit)) bestGain = -Infinity;
  out.gain = bestGain;
  out.feature = bestF;
  out.bin = bestBin;
  out.defaultLeft = bestLeft;
  out.leftG = bestG;
  out.leftH = bestH;
  out.leftC = bestC;
}
