// Seeded three-class calibration data shared by the calibrator tests.
import { Rng, featureMatrix, type FeatureMatrix } from '../../lib/index.js';

/**
 * Labels drawn from softmax(s + shift); the model reports softmax(sharp · s): over-confident when sharp > 1. Without
 * a shift the log-loss-optimal temperature is `sharp` (up to sampling noise); a shift adds a class bias that only
 * per-class parameters (vector scaling) can undo.
 */
export function miscalibrated(
  n: number,
  sharp: number,
  seed: number,
  shift: readonly number[] = [0, 0, 0],
): { P: FeatureMatrix; y: Int32Array } {
  const rng = new Rng(seed);
  const data = new Float64Array(n * 3);
  const y = new Int32Array(n);
  const softmax = (z: number[]): number[] => {
    const m = Math.max(...z);
    const e = z.map((v) => Math.exp(v - m));
    const t = e[0] + e[1] + e[2];
    return e.map((v) => v / t);
  };
  for (let i = 0; i < n; i++) {
    const s = [rng.normal(0, 1.5), rng.normal(0.5, 1.5), rng.normal(0, 1.5)];
    y[i] = rng.categorical(softmax(s.map((v, c) => v + shift[c])));
    data.set(softmax(s.map((v) => sharp * v)), i * 3);
  }
  return { P: featureMatrix(data, n, 3, ['small', 'fit', 'large']), y };
}
