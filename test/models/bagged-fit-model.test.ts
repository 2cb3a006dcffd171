import { test } from 'node:test';
import assert from 'node:assert/strict';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { Worker } from 'node:worker_threads';
import {
  BaggedFitModel,
  GradientBoostedTrees,
  catalogEntry,
  estimatorFromJSON,
  generateSynthetic,
  getTf,
  multiclassAuc,
  TfBackendError,
  InvalidArgumentError,
  ModelFormatError,
  type FitModel,
} from '../../lib/index.js';

const { dataset } = generateSynthetic({ seed: 5, customers: 400, articles: 80 });
const n = dataset.length;
const cut = Math.floor(n * 0.8);
const train = dataset.take(Array.from({ length: cut }, (_, i) => i));
const test_ = dataset.take(Array.from({ length: n - cut }, (_, i) => cut + i));

test('the bag is the mean of its members, each the catalog model with its own seed', async () => {
  const bag = await new BaggedFitModel({ member: 'gbdt-relative', seeds: [3, 4], workers: 0 }).fit(train);
  const P = bag.predictProba(test_);
  const singles: Float64Array[] = [];
  for (const seed of [3, 4]) {
    const m = catalogEntry('gbdt-relative').create({ seed });
    await m.fit(train);
    singles.push(m.predictProba(test_));
  }
  for (let i = 0; i < P.length; i++) assert.ok(Math.abs(P[i] - (singles[0][i] + singles[1][i]) / 2) < 1e-12);
  assert.notDeepEqual(singles[0], singles[1], 'different seeds give different members');
  const auc = multiclassAuc(test_.categories('fit').codes, P, { multiClass: 'ovr', average: 'macro' });
  assert.ok(auc > 0.75, `avg AUC ${auc}`);
});

test('training members in worker threads gives exactly the same model as training them in turn', async () => {
  const seq = await new BaggedFitModel({ member: 'gbdt-relative', seeds: [1, 2], workers: 0 }).fit(train);
  const par = await new BaggedFitModel({ member: 'gbdt-relative', seeds: [1, 2], workers: 2 }).fit(train);
  assert.deepEqual(par.predictProba(test_), seq.predictProba(test_));
  const back = estimatorFromJSON(par.toJSON()) as unknown as FitModel;
  assert.deepEqual(back.predictProba(test_), par.predictProba(test_));
});

test('bad options and an unknown member are refused', async () => {
  assert.throws(() => new BaggedFitModel({ member: 'gbdt', seeds: [] }), InvalidArgumentError);
  assert.throws(() => new BaggedFitModel({ member: 'gbdt', seeds: [1], workers: -1 }), InvalidArgumentError);
  await assert.rejects(new BaggedFitModel({ member: 'nope', seeds: [1] }).fit(train), /unknown model 'nope'/);
});

test("a member's typed error in a worker thread reaches the caller with its class", async () => {
  // No labelled row: each member refuses the data. Before, with workers this came back as a plain Error.
  const unlabelled = train.take([0, 1, 2, 3]);
  const codes = unlabelled.categories('fit').codes as Int32Array;
  codes.fill(-1);
  for (const workers of [0, 2]) {
    await assert.rejects(
      new BaggedFitModel({ member: 'prior', seeds: [1, 2], workers }).fit(unlabelled),
      (e: unknown) => e instanceof InvalidArgumentError && /labelled row/.test(e.message),
      `workers ${workers}`,
    );
  }
  // One labelled row: the bag takes it, its 'gbdt' members cannot hold rows out (in the worker, typed).
  const one = train.take([0, 1, 2, 3]);
  (one.categories('fit').codes as Int32Array).set([1, -1, -1, -1]);
  await assert.rejects(
    new BaggedFitModel({ member: 'gbdt', seeds: [1, 2], workers: 2 }).fit(one),
    (e: unknown) =>
      e instanceof InvalidArgumentError &&
      /^member gbdt \(seed \d\) failed in its worker: .*labelled rows/.test(e.message),
  );
});

/**
 * Runs `f` and returns the number of worker threads it started (Node publishes every new Worker on the
 * 'worker_threads' diagnostics channel), counted once every one of them has exited.
 */
async function workersStartedBy(f: () => Promise<void>): Promise<number> {
  const workers: Worker[] = [];
  const onWorker = (m: unknown): void => void workers.push((m as { worker: Worker }).worker);
  subscribe('worker_threads', onWorker);
  try {
    await f();
    for (let k = 0; k < workers.length; k++) {
      const w = workers[k]; // a worker started while this one ran is waited for too
      if (w.threadId !== -1) await new Promise((resolve) => w.once('exit', resolve));
    }
  } finally {
    unsubscribe('worker_threads', onWorker);
  }
  return workers.length;
}

// Review (models-a) finding 1: the labels were checked by each member in its worker only, and after a member
// failed the other workers went on and new ones started. Now the labels are checked before any worker starts, and
// the first failure stops the running workers and starts no new one.
test('a dataset without labels starts no worker; the first member that fails stops the others', async () => {
  const unlabelled = train.take([0, 1, 2, 3]);
  (unlabelled.categories('fit').codes as Int32Array).fill(-1);
  const none = await workersStartedBy(() =>
    assert.rejects(
      new BaggedFitModel({ member: 'gbdt', seeds: [1, 2], workers: 2 }).fit(unlabelled),
      /^InvalidArgumentError: BaggedFitModel: dataset '.*' has no labelled row$/,
    ),
  );
  assert.equal(none, 0);
  // 2^53 is an integer, so the bag takes it, but no forest does: that member fails as soon as its worker starts,
  // while the member of seed 1 trains. Before, that worker went on and then the members of seeds 2 and 3 started.
  const started = await workersStartedBy(() =>
    assert.rejects(
      new BaggedFitModel({ member: 'gbdt', seeds: [2 ** 53, 1, 2, 3], workers: 2 }).fit(train),
      (e: unknown) => e instanceof InvalidArgumentError && /seed must be a safe integer/.test(e.message),
    ),
  );
  assert.equal(started, 2);
});

// Review (models-a) finding 2: toJSON returned the model's own seed list, and `options` was its own object.
test('editing the options or the JSON of a bag does not change it', async () => {
  const bag = await new BaggedFitModel({ member: 'prior', seeds: [1, 2], workers: 0 }).fit(train);
  const saved = JSON.stringify(bag.toJSON());
  (bag.toJSON() as unknown as { options: { seeds: number[] } }).options.seeds.push(9);
  bag.options.seeds.push(8);
  assert.equal(JSON.stringify(bag.toJSON()), saved);
  assert.deepEqual(bag.options.seeds, [1, 2]);
  assert.deepEqual(BaggedFitModel.fromJSON(JSON.parse(saved)).predictProba(test_), bag.predictProba(test_));
});

// Review (models-a) finding 5: any estimator with a predictProba loaded as a member (a forest of a feature matrix
// loaded, then failed at prediction with "X must be {data: Float64Array, n, p}").
test('fromJSON refuses a member that is not the named catalog model, or an unknown member name', async () => {
  const bag = await new BaggedFitModel({ member: 'prior', seeds: [1, 2], workers: 0 }).fit(train);
  const saved = JSON.parse(JSON.stringify(bag.toJSON())) as { options: { member: string }; members: unknown[] };
  const n = 60;
  const forest = new GradientBoostedTrees({
    numRounds: 2,
    minDataInLeaf: 5,
    classNames: ['small', 'fit', 'large'],
  }).fit(
    { data: Float64Array.from({ length: n }, (_, i) => i), n, p: 1 },
    Int32Array.from({ length: n }, (_, i) => i % 3),
  );
  const cases: [unknown, RegExp][] = [
    [
      { ...saved, members: [saved.members[0], forest.toJSON()] },
      /^bagged: members\[1\] is a 'gbdt', not the 'prior' of catalog model 'prior'$/,
    ],
    [
      { ...saved, options: { ...saved.options, member: 'gbdt' } },
      /^bagged: members\[0\] is a 'prior', not the 'pipeline-model' of catalog model 'gbdt'$/,
    ],
    [{ ...saved, options: { ...saved.options, member: 'nope' } }, /^bagged: options\.member: unknown model 'nope'/],
  ];
  for (const [json, message] of cases) {
    assert.throws(
      () => BaggedFitModel.fromJSON(json),
      (e: unknown) => e instanceof ModelFormatError && message.test(e.message),
      String(message),
    );
  }
});

// Review (models) finding 1: members trained in worker threads were rebuilt here with estimatorFromJSON, and a
// TensorFlow.js member threw TfBackendError ('TensorFlow.js is not initialised') after all the training, unless
// something had already initialised TensorFlow.js in this thread. Now the bag initialises it first.
test('a bag of TensorFlow.js members trained in worker threads loads them here, as training them in turn does', async () => {
  // This thread has not initialised TensorFlow.js (else the test would not see the defect): the bag has to.
  assert.throws(() => getTf(), TfBackendError);
  const small = generateSynthetic({ seed: 1, customers: 60, articles: 20, purchases: 200 }).dataset;
  const par = await new BaggedFitModel({ member: 'neural', seeds: [1, 2], workers: 2 }).fit(small);
  const seq = await new BaggedFitModel({ member: 'neural', seeds: [1, 2], workers: 0 }).fit(small);
  assert.deepEqual(par.predictProba(small), seq.predictProba(small));
  const back = estimatorFromJSON(JSON.parse(JSON.stringify(par.toJSON()))) as unknown as FitModel;
  assert.deepEqual(back.predictProba(small), par.predictProba(small));
});
