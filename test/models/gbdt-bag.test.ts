import { test } from 'node:test';
import assert from 'node:assert/strict';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { Worker } from 'node:worker_threads';
import {
  GbdtBag,
  GradientBoostedTrees,
  estimatorFromJSON,
  featureMatrix,
  Rng,
  InvalidArgumentError,
  ModelFormatError,
  PipelineModel,
  generateSynthetic,
  sizeFitFeaturePipeline,
  type FeatureMatrix,
} from '../../lib/index.js';

function data(n: number, seed: number): { X: FeatureMatrix; y: Int32Array } {
  const rng = new Rng(seed);
  const d = new Float64Array(n * 4);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < 4; j++) d[i * 4 + j] = rng.normal();
    const s = d[i * 4] * d[i * 4 + 1] + 0.5 * d[i * 4 + 2] + rng.normal(0, 0.5);
    y[i] = s < -0.5 ? 0 : s > 0.5 ? 2 : 1;
  }
  return { X: featureMatrix(d, n, 4, ['a', 'b', 'c', 'd']), y };
}

const train = data(2000, 1);
const rows = data(300, 2).X;
const gbdt = { numRounds: 30, minDataInLeaf: 10, baggingFraction: 0.8, baggingFreq: 1, featureFraction: 0.75 };

test('the bag is the mean of forests that differ only in their seed', () => {
  const bag = new GbdtBag({ seeds: [5, 6], gbdt, workers: 0 });
  assert.equal(bag.fit(train.X, train.y), bag, 'fit without workers is synchronous and returns this');
  const P = bag.predictProba(rows);
  const a = new GradientBoostedTrees({ ...gbdt, seed: 5 }).fit(train.X, train.y).predictProba(rows);
  const b = new GradientBoostedTrees({ ...gbdt, seed: 6 }).fit(train.X, train.y).predictProba(rows);
  assert.notDeepEqual(a, b);
  for (let i = 0; i < P.length; i++) assert.ok(Math.abs(P[i] - (a[i] + b[i]) / 2) < 1e-15);
  const imp = bag.featureImportance('gain');
  assert.equal(imp.length, 4);
  assert.ok(imp[0] > imp[3] && imp[1] > imp[3], 'the informative features carry the gain');
});

test('forests grown in worker threads equal forests grown in turn; JSON round trip is exact', async () => {
  const seq = new GbdtBag({ seeds: [1, 2, 3], gbdt, workers: 0 });
  seq.fit(train.X, train.y);
  const par = new GbdtBag({ seeds: [1, 2, 3], gbdt, workers: 2 });
  const r = par.fit(train.X, train.y);
  assert.ok(r instanceof Promise, 'fit with workers returns a Promise');
  assert.equal(await r, par);
  assert.deepEqual(par.predictProba(rows), seq.predictProba(rows));
  // the saved model does not depend on the worker count (before: forests grown in workers lost their feature names)
  assert.deepEqual(par.toJSON(), seq.toJSON());
  const back = estimatorFromJSON(par.toJSON()) as unknown as GbdtBag;
  assert.deepEqual(back.predictProba(rows), par.predictProba(rows));
});

test('bad options are refused before any work', () => {
  assert.throws(() => new GbdtBag({ seeds: [] }), InvalidArgumentError);
  assert.throws(() => new GbdtBag({ seeds: [1], workers: 1.5 }), InvalidArgumentError);
  // a seed no forest takes is refused by the bag, not by the last forest after the others have grown
  assert.throws(() => new GbdtBag({ seeds: [1, 2 ** 53] }), /seeds must be a non-empty array of safe integers/);
  assert.throws(
    () => new GbdtBag({ seeds: [1, 2], gbdt: { learningRate: -1 }, workers: 2 }).fit(train.X, train.y),
    (e) => e instanceof InvalidArgumentError && /learningRate/.test(e.message),
  );
});

test('a bad label is the same typed error with or without worker threads', async () => {
  const bad = Int32Array.from(train.y);
  bad[7] = 5;
  for (const workers of [0, 2]) {
    const bag = new GbdtBag({ seeds: [1, 2], gbdt: { ...gbdt, classNames: ['a', 'b', 'c'] }, workers });
    await assert.rejects(
      async () => bag.fit(train.X, bad),
      (e: unknown) => e instanceof InvalidArgumentError && /y\[7\]/.test(e.message),
      `workers ${workers}`,
    );
  }
});

// Review finding 3: a saved bag whose forests disagree (class count, classes, feature count, feature
// names) is refused at load, naming the forest and the field; a forest that does not load is named.
test('fromJSON refuses forests that disagree with forest 0, naming the forest and the field', () => {
  const small = { ...gbdt, numRounds: 3 };
  const fitBag = (X: FeatureMatrix, y: ArrayLike<number>, opts = small): Record<string, unknown> =>
    JSON.parse(JSON.stringify((new GbdtBag({ seeds: [1, 2], gbdt: opts, workers: 0 }).fit(X, y) as GbdtBag).toJSON()));
  const base = fitBag(train.X, train.y);
  const forests = base.forests as Record<string, unknown>[];
  const withForest1 = (f: unknown): unknown => ({ ...base, forests: [forests[0], f] });
  const twoClass = fitBag(
    train.X,
    Int32Array.from(train.y, (c) => (c === 2 ? 1 : 0)),
  );
  const threeFeatures = featureMatrix(
    Float64Array.from({ length: train.X.n * 3 }, (_, q) => train.X.data[Math.floor(q / 3) * 4 + (q % 3)]),
    train.X.n,
    3,
    ['a', 'b', 'c'],
  );
  const renamed = featureMatrix(train.X.data, train.X.n, 4, ['a', 'b', 'c', 'e']);
  const named = fitBag(train.X, train.y, { ...small, classNames: ['s', 'f', 'l'] } as typeof small);
  const cases: [unknown, RegExp][] = [
    [withForest1((twoClass.forests as unknown[])[0]), /^gbdt-bag: forests\[1\] has 2 classes \(forests\[0\] has 3\)$/],
    [
      withForest1((named.forests as unknown[])[1]),
      /^gbdt-bag: forests\[1\] has classes \["s","f","l"\] \(forests\[0\] has \[0,1,2\]\)$/,
    ],
    [
      withForest1((fitBag(threeFeatures, train.y).forests as unknown[])[1]),
      /^gbdt-bag: forests\[1\] has 3 features \(forests\[0\] has 4\)$/,
    ],
    [
      withForest1((fitBag(renamed, train.y).forests as unknown[])[1]),
      /^gbdt-bag: forests\[1\] has featureNames \["a","b","c","e"\]/,
    ],
    [withForest1({ ...forests[1], numClasses: 4 }), /^gbdt-bag: forests\[1\]: gbdt: /],
  ];
  for (const [json, message] of cases) {
    assert.throws(
      () => GbdtBag.fromJSON(json),
      (e: unknown) => e instanceof ModelFormatError && message.test(e.message),
      String(message),
    );
  }
  // The untouched bag loads and predicts as saved.
  const back = GbdtBag.fromJSON(base);
  assert.equal(back.fittedForests.length, 2);
  assert.equal(back.predictProba(rows).length, rows.n * 3);
});

// Review finding 6: the validation rows given to fit (as PipelineModel passes them) reach every forest,
// in this thread and in worker threads; without them, nothing changes.
test('a validation set given to fit is what every forest early-stops on, with or without worker threads', async () => {
  const val = data(400, 3);
  const opts = { ...gbdt, numRounds: 200, learningRate: 0.3, earlyStoppingRounds: 3 };
  const seeds = [1, 2, 3];
  const alone = seeds.map((seed) =>
    new GradientBoostedTrees({ ...opts, seed }).fit(train.X, train.y, { validation: val }),
  );
  const carving = seeds.map((seed) => new GradientBoostedTrees({ ...opts, seed }).fit(train.X, train.y));
  for (const workers of [0, 2]) {
    const bag = await new GbdtBag({ seeds, gbdt: opts, workers }).fit(train.X, train.y, { validation: val });
    bag.fittedForests.forEach((f, m) => {
      assert.deepEqual(f.evalHistory, alone[m].evalHistory, `workers ${workers}, forest ${m}`);
      assert.equal(f.bestIteration, alone[m].bestIteration);
      assert.deepEqual(f.toJSON(), alone[m].toJSON());
    });
    // Without a validation set each forest carves its own rows, as before.
    const own = await new GbdtBag({ seeds, gbdt: opts, workers }).fit(train.X, train.y);
    own.fittedForests.forEach((f, m) => assert.deepEqual(f.toJSON(), carving[m].toJSON()));
    // A bad validation label is the typed error of the forests, in any thread.
    const bad = Int32Array.from(val.y);
    bad[3] = 7;
    await assert.rejects(
      async () =>
        new GbdtBag({ seeds, gbdt: opts, workers }).fit(train.X, train.y, { validation: { X: val.X, y: bad } }),
      (e: unknown) => e instanceof InvalidArgumentError && /validation y\[3\] = 7/.test(e.message),
    );
  }
});

test('inside a PipelineModel with validationFraction > 0, the held-out rows reach the forests', async () => {
  const ds = generateSynthetic({ seed: 3, customers: 150, articles: 30, purchases: 800 }).dataset;
  const m = await new PipelineModel({
    pipeline: sizeFitFeaturePipeline({ seed: 0 }),
    classifier: new GbdtBag({ seeds: [1, 2], gbdt: { numRounds: 6 }, workers: 0 }),
    validationFraction: 0.2,
  }).fit(ds);
  // Without early stopping a forest records a validation log-loss per round only when it is given rows.
  for (const f of (m.classifier as GbdtBag).fittedForests) assert.equal(f.evalHistory.length, 6);
});

/**
 * Runs `f` and returns the worker threads it started (Node publishes every new Worker on the 'worker_threads'
 * diagnostics channel), with the messages they posted, once every one of them has exited.
 */
async function watchWorkers(f: () => Promise<void>): Promise<{ started: number; messages: number }> {
  const workers: Worker[] = [];
  let messages = 0;
  const onWorker = (m: unknown): void => {
    const w = (m as { worker: Worker }).worker;
    workers.push(w);
    w.on('message', () => messages++);
  };
  subscribe('worker_threads', onWorker);
  try {
    await f();
  } finally {
    unsubscribe('worker_threads', onWorker);
  }
  await Promise.all(
    workers.map((w) => new Promise((resolve) => (w.threadId === -1 ? resolve(0) : w.once('exit', resolve)))),
  );
  return { started: workers.length, messages };
}

// Review (models-a) finding 1: with worker threads, labels were turned into Int32Array before any check (1.5 became
// 1, NaN 0, in the workers), a missing y or validation y gave a TypeError, and the error came from the last forest
// only after every worker had grown a whole forest. Now the input is checked before any worker starts.
test('with worker threads, bad input throws at once, as without them, and starts no worker', async () => {
  const val = data(100, 4);
  const yWith = (i: number, v: number): Float64Array => {
    const y = Float64Array.from(train.y);
    y[i] = v;
    return y;
  };
  const cases: [string, () => unknown, RegExp][] = [
    ['y[7] = 1.5', () => bag().fit(train.X, yWith(7, 1.5)), /^y\[7\] = 1\.5 is not a class code in 0\.\.2$/],
    ['y[3] = NaN', () => bag().fit(train.X, yWith(3, NaN)), /^y\[3\] = NaN is not a class code/],
    ['no y', () => bag().fit(train.X, undefined as unknown as number[]), /^y must be an array of class codes$/],
    [
      'validation without y',
      () => bag().fit(train.X, train.y, { validation: { X: val.X } as { X: FeatureMatrix; y: number[] } }),
      /^validation y must be an array of class codes$/,
    ],
    [
      'validation y[2] = 0.5',
      () =>
        bag().fit(train.X, train.y, { validation: { X: val.X, y: Array.from(val.y, (c, i) => (i === 2 ? 0.5 : c)) } }),
      /^validation y\[2\] = 0\.5 is not a class code/,
    ],
    [
      'validation X with 3 features',
      () =>
        bag().fit(train.X, train.y, {
          validation: { X: featureMatrix(new Float64Array(30), 10, 3, ['a', 'b', 'c']), y: new Int32Array(10) },
        }),
      /^validation X has 3 features; the model was fitted on 4$/,
    ],
  ];
  const bag = (): GbdtBag => new GbdtBag({ seeds: [1, 2, 3], gbdt, workers: 2 });
  for (const [what, fit, message] of cases) {
    const { started } = await watchWorkers(async () => {
      // synchronous: the error is thrown by fit itself, not by a Promise that settles after the forests
      assert.throws(fit, (e: unknown) => e instanceof InvalidArgumentError && message.test(e.message), what);
    });
    assert.equal(started, 0, `${what}: no worker starts`);
  }
});

test('a forest that fails stops the forests growing in worker threads: the bag does not wait for them', async () => {
  // 4 rows: no class has rows enough to hold 10% out for early stopping, which every forest finds when it starts
  // (this thread's first). Before, the bag waited for the workers to grow (here: fail) before it rejected.
  const X = featureMatrix(Float64Array.of(1, 2, 3, 4), 4, 1, ['a']);
  const watched = await watchWorkers(async () => {
    await assert.rejects(
      async () => new GbdtBag({ seeds: [1, 2, 3], gbdt: { earlyStoppingRounds: 2 }, workers: 2 }).fit(X, [0, 1, 2, 1]),
      (e: unknown) => e instanceof InvalidArgumentError && /cannot hold out a validation fraction/.test(e.message),
    );
  });
  assert.equal(watched.started, 2);
  assert.equal(watched.messages, 0, 'the workers were stopped before they answered');
});

// Review (models-a) finding 2: toJSON returned the bag's own seeds and forest options, and `options` was the
// bag's own object, so editing either changed the bag (a later toJSON did not load).
test('editing the options or the JSON of a bag does not change the bag', () => {
  const opts = { ...gbdt, numRounds: 3, classNames: ['s', 'f', 'l'] };
  const b = new GbdtBag({ seeds: [1, 2], gbdt: opts, workers: 0 });
  b.fit(train.X, train.y);
  const saved = JSON.stringify(b.toJSON());
  const j = b.toJSON() as unknown as {
    options: { seeds: number[]; gbdt: { learningRate: number; classNames: string[] } };
  };
  j.options.seeds.push(3);
  j.options.gbdt.learningRate = -1;
  j.options.gbdt.classNames[0] = 'x';
  const o = b.options;
  o.seeds.push(4);
  o.gbdt!.classNames![1] = 'y';
  opts.classNames[2] = 'z';
  assert.equal(JSON.stringify(b.toJSON()), saved);
  assert.deepEqual(b.options.seeds, [1, 2]);
  assert.deepEqual(b.classes, ['s', 'f', 'l']);
  // a loaded bag shares nothing with the JSON it was read from
  const json = JSON.parse(saved) as { options: { seeds: number[]; gbdt: { classNames: string[] } } };
  const back = GbdtBag.fromJSON(json);
  json.options.seeds.push(5);
  json.options.gbdt.classNames[0] = 'x';
  assert.equal(JSON.stringify(back.toJSON()), saved);
  assert.deepEqual(back.predictProba(rows), b.predictProba(rows));
});
