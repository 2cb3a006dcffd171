// Contracts of the calibrators that the statistical tests in calibration.test.ts do not pin down:
// exact probabilities 0 and 1 are valid input, vector-scaling biases are centred, and the fitted
// vector-scaling parameters minimise the penalised objective as the TSDoc defines it.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TemperatureScaling, VectorScaling, featureMatrix, type FeatureMatrix } from '../../lib/index.js';
import { miscalibrated } from './miscalibrated-data.js';

/** The objective of VectorScaling's TSDoc: mean −log softmax(a ⊙ log p + b)[y] + l2/2 Σ (a_c − 1)². */
function vectorScalingObjective(P: FeatureMatrix, y: Int32Array, a: number[], b: number[], l2: number): number {
  const k = P.p;
  let total = 0;
  for (let i = 0; i < P.n; i++) {
    const z = Array.from({ length: k }, (_, c) => a[c] * Math.log(Math.max(P.data[i * k + c], 1e-15)) + b[c]);
    const m = Math.max(...z);
    const lse = m + Math.log(z.reduce((s, v) => s + Math.exp(v - m), 0));
    total += lse - z[y[i]];
  }
  let pen = 0;
  for (let c = 0; c < k; c++) pen += (a[c] - 1) ** 2;
  return total / P.n + 0.5 * l2 * pen;
}

describe('calibrators take probabilities of exactly 0 and 1', () => {
  // A confident model (a tree with a pure leaf, a one-hot rule) reports exact 1s: they are probabilities.
  const P = featureMatrix(Float64Array.of(1, 0, 0, 0.2, 0.7, 0.1, 0, 0, 1, 0.1, 0.3, 0.6), 4, 3, ['a', 'b', 'c']);
  const y = Int32Array.of(0, 1, 2, 1);

  for (const make of [() => new TemperatureScaling(), () => new VectorScaling()]) {
    test(`${make().constructor.name}: fit and transform accept a row (1, 0, 0); output rows sum to 1`, () => {
      const cal = make().fit(P, y);
      const Q = cal.transform(P);
      for (let i = 0; i < 4; i++) {
        const row = Array.from(Q.data.subarray(i * 3, i * 3 + 3));
        assert.ok(
          row.every((v) => Number.isFinite(v) && v >= 0 && v <= 1),
          `row ${i}: ${row}`,
        );
        assert.ok(Math.abs(row[0] + row[1] + row[2] - 1) < 1e-12, `row ${i} sums to ${row[0] + row[1] + row[2]}`);
      }
    });
  }
});

describe('VectorScaling fitted parameters', () => {
  const { P, y } = miscalibrated(3000, 2.5, 21, [0, 0, 0.8]);

  test('biases are shifted to sum to 0 (softmax is unchanged by a common shift)', () => {
    const vs = new VectorScaling().fit(P, y);
    const b = Array.from(vs.biases);
    // The label shift favours 'large': its bias is clearly non-zero, so the centring is not trivial.
    assert.ok(Math.abs(b[2]) > 0.1, `biases ${b}`);
    assert.ok(Math.abs(b[0] + b[1] + b[2]) < 1e-12, `biases ${b} sum to ${b[0] + b[1] + b[2]}`);
  });

  test('with a strong l2 the fit is a minimum of the penalised objective, between a = 1 and the unpenalised scales', () => {
    const l2 = 1;
    const vs = new VectorScaling({ l2 }).fit(P, y);
    const a = Array.from(vs.scales);
    const b = Array.from(vs.biases);
    const free = Array.from(new VectorScaling({ l2: 0 }).fit(P, y).scales);
    const J0 = vectorScalingObjective(P, y, a, b, l2);
    // No coordinate step of 1e-3 lowers the objective (the gradient is ~0 at the fitted point).
    const delta = 1e-3;
    for (let j = 0; j < 6; j++) {
      for (const sign of [-1, 1]) {
        const a2 = a.slice();
        const b2 = b.slice();
        if (j < 3) a2[j] += sign * delta;
        else b2[j - 3] += sign * delta;
        const J = vectorScalingObjective(P, y, a2, b2, l2);
        assert.ok(J >= J0 - 1e-9, `parameter ${j} ${sign > 0 ? '+' : '-'}${delta}: ${J} < ${J0}`);
      }
    }
    // Over-confident input (sharp 2.5): the free scales are well below 1; the penalty pulls them towards 1.
    for (let c = 0; c < 3; c++) {
      assert.ok(free[c] < 0.7, `free scale ${c}: ${free[c]}`);
      assert.ok(a[c] > free[c] + 0.01 && a[c] < 1, `class ${c}: penalised ${a[c]}, free ${free[c]}`);
    }
  });
});
