// The heads of the latent fit models are exported on their own, but they did not check their options:
// LmnnPrototypeHead with smoothing -1 predicted [-Infinity, -Infinity, Infinity], with NaN it predicted NaN, with
// prototypesPerClass or neighbors 0 it fitted a head its own fromJSON refused; LatentLogisticHead with l2 -1 predicted
// one-hot rows. Each option out of its range is now refused at construction, naming it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvalidArgumentError, LatentLogisticHead, LmnnPrototypeHead, Rng } from '../../lib/index.js';

/** Asserts that `make` throws an InvalidArgumentError whose message is `message`. */
function refused(make: () => unknown, message: string): void {
  assert.throws(make, (e: unknown) => e instanceof InvalidArgumentError && e.message === message, message);
}

const rng = new Rng(1);
const d = 2;
const X = Float64Array.from({ length: 200 * d }, () => rng.normal());
const y = Int32Array.from({ length: 200 }, (_, i) => i % 3);

test('LmnnPrototypeHead refuses each option out of its range, naming it', () => {
  const cases: [Record<string, number>, string][] = [
    [{ prototypesPerClass: 0 }, 'prototypesPerClass must be an integer >= 1, got 0'],
    [{ prototypesPerClass: 2.5 }, 'prototypesPerClass must be an integer >= 1, got 2.5'],
    [{ prototypesPerClass: NaN }, 'prototypesPerClass must be an integer >= 1, got NaN'],
    [{ neighbors: 0 }, 'neighbors must be an integer >= 1, got 0'],
    [{ neighbors: Infinity }, 'neighbors must be an integer >= 1, got Infinity'],
    [{ samplePerClass: 1 }, 'samplePerClass must be an integer >= 2, got 1'],
    [{ epochs: -1 }, 'epochs must be an integer >= 0, got -1'],
    [{ kmeansIterations: 0.5 }, 'kmeansIterations must be an integer >= 0, got 0.5'],
    [{ smoothing: -1 }, 'smoothing must be a finite number >= 0, got -1'],
    [{ smoothing: NaN }, 'smoothing must be a finite number >= 0, got NaN'],
    [{ smoothing: Infinity }, 'smoothing must be a finite number >= 0, got Infinity'],
    [{ validationShare: 1 }, 'validationShare must be in [0, 1), got 1'],
    [{ validationShare: 1.5 }, 'validationShare must be in [0, 1), got 1.5'],
    [{ validationShare: -0.1 }, 'validationShare must be in [0, 1), got -0.1'],
  ];
  for (const [options, rule] of cases) {
    refused(() => new LmnnPrototypeHead(options), `LmnnPrototypeHead: option ${rule}`);
  }
});

test('LmnnPrototypeHead: the edges of each range fit, predict rows in [0, 1] that sum to 1, and reload', () => {
  const edges = [
    { prototypesPerClass: 1, neighbors: 1, samplePerClass: 2, epochs: 0, kmeansIterations: 0 },
    { prototypesPerClass: 3, smoothing: 0, validationShare: 0, samplePerClass: 20, epochs: 2 },
    { prototypesPerClass: 3, smoothing: 1e6, validationShare: 0.99, samplePerClass: 20, epochs: 2 },
  ];
  for (const options of edges) {
    const head = new LmnnPrototypeHead(options).fit(X, d, y, 3, new Rng(2));
    const P = head.predictProba(X.subarray(0, 20 * d));
    for (let i = 0; i < 20; i++) {
      const r = P.subarray(3 * i, 3 * i + 3);
      assert.ok(
        r.every((v) => v >= 0 && v <= 1),
        `${JSON.stringify(options)} row ${i}: ${r}`,
      );
      assert.ok(Math.abs(r[0] + r[1] + r[2] - 1) < 1e-12, `${JSON.stringify(options)} row ${i}`);
    }
    const back = LmnnPrototypeHead.fromJSON(JSON.parse(JSON.stringify(head.toJSON())));
    assert.deepEqual(back.predictProba(X.subarray(0, 20 * d)), P, JSON.stringify(options));
  }
});

test('LatentLogisticHead refuses a negative, NaN or infinite l2 and a bad maxIterations, naming them', () => {
  for (const l2 of [-1, NaN, Infinity]) {
    refused(() => new LatentLogisticHead(l2), `LatentLogisticHead: option l2 must be a finite number >= 0, got ${l2}`);
  }
  for (const it of [-1, 2.5, NaN]) {
    refused(
      () => new LatentLogisticHead(1e-4, it),
      `LatentLogisticHead: option maxIterations must be an integer >= 0, got ${it}`,
    );
  }
  // l2 0 and maxIterations 0 (the start: log class priors, the same row for every input) are valid.
  const P = new LatentLogisticHead(0).fit(X, d, y, 3).predictProba(X.subarray(0, 4 * d));
  assert.ok(P.every((v) => v > 0 && v < 1));
  const start = new LatentLogisticHead(1e-4, 0).fit(X, d, y, 3).predictProba(X.subarray(0, 2 * d));
  // Counts 67, 67, 66 of 200 rows, smoothed by one: (c + 1) / 203, then normalised (their sum is 1 already).
  const expected = [68 / 203, 68 / 203, 67 / 203];
  for (let j = 0; j < 6; j++) assert.ok(Math.abs(start[j] - expected[j % 3]) < 1e-12, `${j}: ${start[j]}`);
});
