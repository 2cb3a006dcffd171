import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Rng, rocChart, rocCurve } from '../../lib/index.js';

/** Distance from (px, py) to the segment from (ax, ay) to (bx, by). */
function segmentDistance(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const [dx, dy] = [bx - ax, by - ay];
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2));
  return Math.hypot(px - ax - t * dx, py - ay - t * dy);
}

describe('rocChart maxPoints', () => {
  it('draws a line within 2 / maxPoints (+ 0.0001 rounding) of every point of the full curve, as documented', () => {
    // Small test sets with two-decimal scores: few points with large steps, the case closest to the bound.
    let worst = 0;
    for (const maxPoints of [250, 50]) {
      for (const [n, positives] of [
        [300, 0.2],
        [500, 0.05],
        [2000, 0.1],
      ]) {
        const rng = new Rng(n);
        const labels = Array.from({ length: n }, () => (rng.next() < positives ? 1 : 0));
        const scores = labels.map((l) => Math.round((rng.normal() + 1.5 * l) * 100) / 100);
        const curve = rocCurve(labels, scores);
        const line = rocChart([{ name: 'm', curve }], { maxPoints }).data[0] as unknown as { x: number[]; y: number[] };
        assert.ok(line.x.length < curve.fpr.length, 'thinned');
        let far = 0;
        for (let i = 0; i < curve.fpr.length; i++) {
          let near = Infinity;
          for (let k = 0; k + 1 < line.x.length; k++) {
            near = Math.min(
              near,
              segmentDistance(curve.fpr[i], curve.tpr[i], line.x[k], line.y[k], line.x[k + 1], line.y[k + 1]),
            );
          }
          far = Math.max(far, near);
        }
        assert.ok(far < 2 / maxPoints + 1e-4, `n ${n}, maxPoints ${maxPoints}: ${far}`);
        worst = Math.max(worst, far * maxPoints);
      }
    }
    // The bound is close: some curve comes more than halfway to it (at the default, over a pixel on a 330 px plot,
    // where the old doc said "less than a pixel").
    assert.ok(worst > 1, `${worst}`);
  });
});
