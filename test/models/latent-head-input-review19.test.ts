// The heads of the latent fit models are exported on their own, but fit and predictProba did not check their input:
// a label outside [0, k) was fitted silently (LatentLogisticHead) or threw an untyped TypeError (LmnnPrototypeHead),
// a NaN in X gave NaN probabilities (logistic) or a confident prototype-0 row (LMNN: every distance NaN), and X of the
// wrong width threw an untyped RangeError. Each is now an InvalidArgumentError naming the row and column.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvalidArgumentError, LatentLogisticHead, LmnnPrototypeHead, Rng } from '../../lib/index.js';

/** Asserts that `run` throws an InvalidArgumentError whose message is `message`. */
function refused(run: () => unknown, message: string): void {
  assert.throws(run, (e: unknown) => e instanceof InvalidArgumentError && e.message === message, message);
}

const rng = new Rng(1);
const X = Float64Array.from({ length: 60 * 2 }, () => rng.normal());
const y = Int32Array.from({ length: 60 }, (_, i) => i % 3);
const withValue = (i: number, v: number) => Float64Array.from(X, (x, j) => (j === i ? v : x));
const withLabel = (i: number, v: number) => Int32Array.from(y, (c, j) => (j === i ? v : c));

const heads = [
  {
    name: 'LatentLogisticHead',
    fit: (Xf: Float64Array, dim: number, yf: Int32Array, k: number) => new LatentLogisticHead().fit(Xf, dim, yf, k),
  },
  {
    name: 'LmnnPrototypeHead',
    fit: (Xf: Float64Array, dim: number, yf: Int32Array, k: number) =>
      new LmnnPrototypeHead({ prototypesPerClass: 3, epochs: 2 }).fit(Xf, dim, yf, k, new Rng(2)),
  },
];

for (const { name, fit } of heads) {
  test(`${name}.fit refuses a label outside [0, k), naming it`, () => {
    refused(() => fit(X, 2, withLabel(7, 3), 3), `${name}: y[7] is 3, not a class in [0, 3)`);
    refused(() => fit(X, 2, withLabel(0, -1), 3), `${name}: y[0] is -1, not a class in [0, 3)`);
  });

  test(`${name}.fit refuses a NaN or infinite value of X, naming row and column`, () => {
    refused(() => fit(withValue(2 * 5 + 1, NaN), 2, y, 3), `${name}: X row 5, column 1 is NaN, not a finite number`);
    refused(
      () => fit(withValue(0, -Infinity), 2, y, 3),
      `${name}: X row 0, column 0 is -Infinity, not a finite number`,
    );
  });

  test(`${name}.fit refuses X that is not n x dim, an empty y, and a bad dim or k`, () => {
    refused(() => fit(X.subarray(0, 119), 2, y, 3), `${name}: X has 119 values; 60 labels x 2 features need 120`);
    refused(() => fit(X, 3, y, 3), `${name}: X has 120 values; 60 labels x 3 features need 180`);
    refused(() => fit(new Float64Array(0), 2, new Int32Array(0), 3), `${name}: fit needs at least one row, y is empty`);
    refused(() => fit(X, 0, y, 3), `${name}: dim must be an integer >= 1, got 0`);
    refused(
      () =>
        fit(
          X,
          2,
          Int32Array.from(y, () => 0),
          1,
        ),
      `${name}: k must be an integer >= 2, got 1`,
    );
  });

  test(`${name}.predictProba refuses X of the wrong width or with a NaN, naming row and column`, () => {
    const h = fit(X, 2, y, 3);
    refused(
      () => h.predictProba(X.subarray(0, 5)),
      `${name}: X has 5 values, not whole rows of 2 (the head was fitted on 2 features)`,
    );
    refused(
      () => h.predictProba(Float64Array.of(0, 1, 2, NaN)),
      `${name}: X row 1, column 1 is NaN, not a finite number`,
    );
    // Valid input still predicts rows that sum to 1.
    const P = h.predictProba(X);
    for (let i = 0; i < 60; i++) assert.ok(Math.abs(P[3 * i] + P[3 * i + 1] + P[3 * i + 2] - 1) < 1e-12);
  });
}
