import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  getTf,
  initTf,
  parseTfBackendChoice,
  registerMissingTfKernels,
  unsortedSegmentSumValues,
  unsortedSegmentSumWasmKernel,
  InvalidArgumentError,
  TfBackendError,
  TF_BACKEND_ENV_VAR,
  Rng,
  type Tf,
} from '../../lib/index.js';
import { tempDir } from '../temp-dir.js';

// This file tests the automatic choice: an inherited SIZEFIT_TF_BACKEND would change it.
delete process.env[TF_BACKEND_ENV_VAR];

const libIndex = fileURLToPath(new URL('../../lib/index.ts', import.meta.url));
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Runs initTf() in a fresh process with SIZEFIT_TF_BACKEND=value (and `preload`, a module given to `--import`
 * first); returns its JSON result and stderr.
 */
function initInChild(value: string, preload?: string): { result: Record<string, unknown>; stderr: string } {
  // After initialising it computes on the backend, so the cpu backend's first-tensor banner would show here.
  const code =
    `import { initTf, getTf } from ${JSON.stringify(libIndex)};` +
    `initTf().then((info) => { getTf().tensor1d([1, 2]).sum().dataSync(); console.log(JSON.stringify({ ok: true, ...info })); },` +
    ` (e) => console.log(JSON.stringify({ ok: false, name: e.name, code: e.code, message: e.message })));`;
  const imports = ['--import', 'tsx', ...(preload !== undefined ? ['--import', preload] : [])];
  const r = spawnSync(process.execPath, [...imports, '--input-type=module', '-e', code], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, [TF_BACKEND_ENV_VAR]: value },
  });
  assert.equal(r.status, 0, r.stderr);
  return { result: JSON.parse(r.stdout.trim().split('\n').pop()!) as Record<string, unknown>, stderr: r.stderr };
}

/** Runs `fn` on the cpu backend (without its Node.js banner) and switches back to wasm. */
async function onCpu<T>(tf: Tf, fn: () => T): Promise<T> {
  const prod = tf.env().getBool('PROD');
  tf.env().set('PROD', true);
  try {
    assert.equal(await tf.setBackend('cpu'), true);
    return fn();
  } finally {
    assert.equal(await tf.setBackend('wasm'), true);
    tf.env().set('PROD', prod);
  }
}

/**
 * A module for `--import` that makes `@tensorflow/tfjs-node` resolve to a stand-in: the installed @tensorflow/tfjs
 * with a registered native 'tensorflow' backend (a no-op) and `version.tfjs` = `tfjsVersion`, as a real tfjs-node
 * built on that tfjs version looks to sizefit.
 */
function fakeTfjsNode(t: TestContext, tfjsVersion: string): string {
  const dir = tempDir(t, 'sizefit-tfjs-node-');
  const tfjs = createRequire(join(repoRoot, 'package.json')).resolve('@tensorflow/tfjs');
  writeFileSync(
    join(dir, 'tfjs-node.cjs'),
    `const tf = require(${JSON.stringify(tfjs)});\n` +
      `let backend = 'cpu';\n` +
      `module.exports = { ...tf,\n` +
      `  version: { ...tf.version, tfjs: ${JSON.stringify(tfjsVersion)}, 'tfjs-node': ${JSON.stringify(tfjsVersion)} },\n` +
      `  findBackendFactory: (name) => (name === 'tensorflow' ? () => ({}) : tf.findBackendFactory(name)),\n` +
      `  setBackend: async (name) => { backend = name; return true; },\n` +
      `  getBackend: () => backend };\n`,
  );
  writeFileSync(
    join(dir, 'hooks.mjs'),
    `export async function resolve(specifier, context, next) {\n` +
      `  if (specifier === '@tensorflow/tfjs-node')\n` +
      `    return { url: ${JSON.stringify(pathToFileURL(join(dir, 'tfjs-node.cjs')).href)}, format: 'commonjs', shortCircuit: true };\n` +
      `  return next(specifier, context);\n` +
      `}\n`,
  );
  writeFileSync(
    join(dir, 'register.mjs'),
    `import { register } from 'node:module';\nregister('./hooks.mjs', import.meta.url);\n`,
  );
  return pathToFileURL(join(dir, 'register.mjs')).href;
}

function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < actual.length; i++) {
    assert.ok(Math.abs(actual[i] - expected[i]) <= tol, `${what}[${i}]: ${actual[i]} vs ${expected[i]}`);
  }
}

test('getTf throws a TfBackendError before initTf has finished', () => {
  assert.throws(() => getTf(), TfBackendError);
});

test('initTf picks wasm here, is idempotent, and getTf returns the module on that backend', async () => {
  const p1 = initTf();
  const p2 = initTf();
  assert.equal(p1, p2);
  const info = await p1;
  assert.equal(info.backend, 'wasm');
  assert.equal(info.version, '4.22.0');
  assert.match(info.note ?? '', /tfjs-node/); // says why not tensorflow (an alias of tfjs, or not installed)
  assert.match(info.note ?? '', /wasm (with|without) SIMD, \d+ threads?/);
  const tf = getTf();
  assert.equal(tf.getBackend(), 'wasm');
  assert.equal(tf.version.tfjs, info.version);
  assert.deepEqual(await initTf(), info);
});

test('UnsortedSegmentSum on wasm equals hand-computed sums and drops negative and out-of-range ids', async () => {
  await initTf();
  const tf = getTf();
  assert.equal(tf.getKernel('UnsortedSegmentSum', 'wasm')?.kernelFunc, unsortedSegmentSumWasmKernel.kernelFunc);
  const x = tf.tensor2d([
    [1, 2],
    [3, 4],
    [5, 6],
    [7, 8],
    [9, 10],
  ]);
  // rows 0 and 2 -> segment 2, row 1 -> segment 0, row 3 (id -1) and row 4 (id 5 >= 3) dropped
  const ids = tf.tensor1d([2, 0, 2, -1, 5], 'int32');
  const out = tf.unsortedSegmentSum(x, ids, 3);
  assert.deepEqual(out.shape, [3, 2]);
  assert.equal(out.dtype, 'float32');
  assert.deepEqual(out.arraySync(), [
    [3, 4],
    [0, 0],
    [6, 8],
  ]);
  const outInt = tf.unsortedSegmentSum(tf.tensor1d([10, 20, 30, 40], 'int32'), tf.tensor1d([1, 1, 0, -7], 'int32'), 2);
  assert.equal(outInt.dtype, 'int32');
  assert.deepEqual(outInt.arraySync(), [30, 30]);
  // rank-2 ids over a [2, 2, 2] tensor: output [numSegments, 2]
  // (tfjs's typings allow only 1-D ids; the op passes rank-k ids through and the kernel follows TensorFlow)
  const x3 = tf.tensor3d([1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 2]);
  const ids2 = tf.tensor([1, 0, 1, 7], [2, 2], 'int32') as unknown as ReturnType<Tf['tensor1d']>;
  assert.deepEqual(tf.unsortedSegmentSum(x3, ids2, 2).arraySync(), [
    [3, 4],
    [6, 8],
  ]);
  tf.dispose([x, ids, out, outInt, x3, ids2]);
});

test('the wasm UnsortedSegmentSum and the gradient of gather match the stock cpu kernels', async () => {
  await initTf();
  const tf = getTf();
  const rng = new Rng(11);
  const rows = 300;
  const dim = 6;
  const numSegments = 40;
  const xs = Float32Array.from({ length: rows * dim }, () => rng.normal());
  const ids = Int32Array.from({ length: rows }, () => rng.int(numSegments + 6) - 3); // ids in [-3, 43)
  const weights = Float32Array.from({ length: rows * dim }, () => rng.normal());
  const gatherIdx = Int32Array.from({ length: rows }, () => rng.int(numSegments));
  const compute = (): [Float32Array, Float32Array] =>
    tf.tidy(() => {
      const seg = tf.unsortedSegmentSum(tf.tensor2d(xs, [rows, dim]), tf.tensor1d(ids, 'int32'), numSegments);
      const table = tf.tensor2d(xs.subarray(0, numSegments * dim), [numSegments, dim]);
      const w = tf.tensor2d(weights, [rows, dim]);
      const grad = tf.grad((t) => tf.gather(t, tf.tensor1d(gatherIdx, 'int32')).mul(w).sum())(table);
      return [seg.dataSync() as Float32Array, grad.dataSync() as Float32Array];
    });
  const [segWasm, gradWasm] = compute();
  const [segCpu, gradCpu] = await onCpu(tf, compute);
  assert.equal(tf.getBackend(), 'wasm');
  assertClose(segWasm, segCpu, 1e-4, 'unsortedSegmentSum');
  assertClose(gradWasm, gradCpu, 1e-4, 'grad of gather');
  // not a trivial agreement: the values are non-zero and some ids were dropped
  assert.ok(segWasm.some((v) => Math.abs(v) > 1));
  assert.ok(ids.some((s) => s < 0) && ids.some((s) => s >= numSegments));
});

test('the wasm UnsortedSegmentSum without segment ids gives zeros of the output shape, as the cpu kernel does', async () => {
  // Before: "Invalid typed array length" on wasm (the trailing size was taken as 0 when there was no id).
  await initTf();
  const tf = getTf();
  const noIds = (): ReturnType<Tf['tensor1d']> => tf.tensor1d([], 'int32');
  const compute = (): { shape: number[]; dtype: string; values: number[] }[] =>
    tf.tidy(() =>
      [
        tf.unsortedSegmentSum(tf.tensor1d([]), noIds(), 2),
        tf.unsortedSegmentSum(tf.zeros([0, 5]), noIds(), 3),
        // the gradient of gather with no index: a table of zeros
        tf.grad((t) => tf.gather(t, noIds()).sum())(tf.tensor2d([1, 1, 2, 2, 3, 3], [3, 2])),
      ].map((t) => ({ shape: t.shape, dtype: t.dtype, values: Array.from(t.dataSync()) })),
    );
  const wasm = compute();
  const cpu = await onCpu(tf, compute);
  assert.equal(tf.getBackend(), 'wasm');
  assert.deepEqual(wasm, cpu);
  assert.deepEqual(
    wasm.map((r) => [r.shape, r.dtype, r.values.length, r.values.every((v) => v === 0)]),
    [
      [[2], 'float32', 2, true],
      [[3, 5], 'float32', 15, true],
      [[3, 2], 'float32', 6, true],
    ],
  );
  // Where the cpu kernel is no reference: int32 keeps its dtype (cpu answers float32 here, unlike with ids), and
  // no segment either gives an empty [0, 4] (cpu throws).
  const ints = tf.unsortedSegmentSum(tf.zeros([0, 2, 3], 'int32'), noIds(), 2);
  assert.deepEqual([ints.shape, ints.dtype, Array.from(ints.dataSync())], [[2, 2, 3], 'int32', Array(12).fill(0)]);
  const none = tf.unsortedSegmentSum(tf.zeros([0, 4]), noIds(), 0);
  assert.deepEqual([none.shape, none.size], [[0, 4], 0]);
  tf.dispose([ints, none]);
});

test('kernel registration is guarded: a second registration and danfojs share the instance without throwing', async () => {
  await initTf();
  const tf = getTf();
  assert.deepEqual(registerMissingTfKernels(tf, 'wasm'), { registered: [], skipped: ['UnsortedSegmentSum@wasm'] });
  assert.deepEqual(registerMissingTfKernels(tf, 'cpu'), { registered: [], skipped: [] });
  const dfd = await import('danfojs-node');
  assert.equal(dfd.tensorflow.engine(), tf.engine(), 'danfojs uses the same tfjs-core engine');
  assert.equal(dfd.tensorflow.getBackend(), 'wasm');
  const df = new dfd.DataFrame({ a: [1, 2, 6], b: [4, 5, 6] });
  assert.deepEqual(df['a'].add(df['b']).values, [5, 7, 12]);
  const again = await initTf();
  assert.equal(again.backend, 'wasm');
  assert.deepEqual(tf.unsortedSegmentSum(tf.tensor1d([1, 2]), tf.tensor1d([0, 0], 'int32'), 1).arraySync(), [3]);
});

test('an Embedding + Dense + softmax model trained with Adam on wasm lowers its loss clearly', async () => {
  await initTf();
  const tf = getTf();
  const numIds = 200;
  const rows = 600;
  const rng = new Rng(2024);
  // learnable relation: every id has a class; 90% of the rows carry it, 10% a random class
  const classOf = Int32Array.from({ length: numIds }, () => rng.int(3));
  const ids = new Int32Array(rows);
  const labels = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    ids[i] = rng.int(numIds);
    labels[i] = rng.bernoulli(0.9) ? classOf[ids[i]] : rng.int(3);
  }
  const x = tf.tensor2d(ids, [rows, 1], 'int32');
  const y = tf.oneHot(tf.tensor1d(labels, 'int32'), 3);
  const model = tf.sequential({
    layers: [
      tf.layers.embedding({
        inputDim: numIds,
        outputDim: 8,
        inputLength: 1,
        embeddingsInitializer: tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed: 1 }),
      }),
      tf.layers.flatten(),
      tf.layers.dense({
        units: 3,
        activation: 'softmax',
        kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }),
      }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy' });
  const before = (model.layers[0].getWeights()[0].dataSync() as Float32Array).slice();
  const initial = tf.tidy(() => (model.evaluate(x, y) as ReturnType<Tf['scalar']>).dataSync()[0]);
  assert.ok(Math.abs(initial - Math.log(3)) < 0.02, `untrained loss ${initial} should be ln 3 = 1.0986`);
  const history = await model.fit(x, y, { epochs: 6, batchSize: 32, shuffle: false, verbose: 0 });
  const loss = history.history.loss as number[];
  assert.equal(tf.getBackend(), 'wasm');
  assert.equal(loss.length, 6);
  // measured: 1.028 0.750 0.452 0.272 0.200 0.172 (the epoch means; the untrained loss is ln 3)
  assert.ok(loss[5] < 0.7 * loss[0], `loss ${loss.map((v) => v.toFixed(3)).join(' ')} did not fall below 0.7x`);
  // only learned embedding rows can take the loss below the label entropy without ids (~ ln 3)
  assert.ok(loss[5] < 0.5 * initial);
  const after = model.layers[0].getWeights()[0].dataSync() as Float32Array;
  let moved = 0;
  for (let i = 0; i < after.length; i++) moved = Math.max(moved, Math.abs(after[i] - before[i]));
  assert.ok(moved > 0.1, `embedding weights moved at most ${moved}`);
  tf.dispose([x, y]);
  model.dispose();
});

test('unsortedSegmentSumValues: float sums, int32 wrap-around, and argument errors', () => {
  assert.deepEqual(
    Array.from(unsortedSegmentSumValues([1, 2, 3, 4, 5, 6], [1, -1, 1], 2)),
    [0, 0, 6, 8], // rows 0 and 2 -> segment 1; row 1 dropped
  );
  assert.deepEqual(Array.from(unsortedSegmentSumValues([2147483647, 1], [0, 0], 1, 'int32')), [-2147483648]);
  // No segment id: every segment is empty, so numSegments rows of zeros (before: [] and a throw for [0, 5]).
  assert.deepEqual(Array.from(unsortedSegmentSumValues([], [], 2)), [0, 0]);
  assert.deepEqual(Array.from(unsortedSegmentSumValues([], [], 3, 'float32', 2)), [0, 0, 0, 0, 0, 0]);
  assert.deepEqual(Array.from(unsortedSegmentSumValues([], [], 2, 'int32', 3)), [0, 0, 0, 0, 0, 0]);
  assert.deepEqual(Array.from(unsortedSegmentSumValues([1, 2, 3, 4], [0, 0], 1, 'float32', 2)), [4, 6]);
  assert.throws(() => unsortedSegmentSumValues([1, 2, 3, 4], [0, 0], 1, 'float32', 3), InvalidArgumentError);
  assert.throws(() => unsortedSegmentSumValues([], [], 1, 'float32', -1), InvalidArgumentError);
  assert.throws(() => unsortedSegmentSumValues([1, 2, 3], [0, 1], 2), InvalidArgumentError);
  assert.throws(() => unsortedSegmentSumValues([1, 2], [0, 1], 1.5), InvalidArgumentError);
  assert.throws(() => unsortedSegmentSumValues([1, 2], [0, 1], -1), InvalidArgumentError);
});

test('parseTfBackendChoice reads the environment variable values', () => {
  assert.equal(parseTfBackendChoice(undefined), 'auto');
  assert.equal(parseTfBackendChoice(''), 'auto');
  assert.equal(parseTfBackendChoice(' WASM '), 'wasm');
  assert.equal(parseTfBackendChoice('cpu'), 'cpu');
  assert.equal(parseTfBackendChoice('tensorflow'), 'tensorflow');
  assert.throws(() => parseTfBackendChoice('gpu'), InvalidArgumentError);
});

test('SIZEFIT_TF_BACKEND forces cpu (no Node.js banner), and an unavailable or unknown backend rejects', () => {
  const cpu = initInChild('cpu');
  assert.equal(cpu.result.ok, true);
  assert.equal(cpu.result.backend, 'cpu');
  assert.match(String(cpu.result.note), /forced by SIZEFIT_TF_BACKEND=cpu/);
  assert.doesNotMatch(cpu.stderr + String(cpu.result.note), /looks like you are running TensorFlow\.js in Node\.js/i);

  const native = initInChild('tensorflow');
  assert.equal(native.result.ok, false);
  assert.equal(native.result.name, 'TfBackendError');
  assert.equal(native.result.code, 'TF_BACKEND');
  assert.match(String(native.result.message), /tensorflow backend unavailable/);

  const unknown = initInChild('gpu');
  assert.equal(unknown.result.ok, false);
  assert.equal(unknown.result.name, 'InvalidArgumentError');
});

test('a tfjs-node built on another tfjs version than sizefit loads is refused with both versions named', (t) => {
  // Before: a hoisted tfjs-node 3.x (a consumer with danfojs-node) was used, its tfjs 3.x beside sizefit's 4.22.
  const other = fakeTfjsNode(t, '3.21.0');
  const forced = initInChild('tensorflow', other);
  assert.equal(forced.result.ok, false, JSON.stringify(forced.result));
  assert.equal(forced.result.name, 'TfBackendError');
  assert.equal(
    forced.result.message,
    'tensorflow backend unavailable: @tensorflow/tfjs-node 3.21.0 is built on @tensorflow/tfjs 3.21.0, not the ' +
      '4.22.0 sizefit uses, so it is not used (install @tensorflow/tfjs-node@4.22.0 for the native backend)',
  );
  const auto = initInChild('auto', other);
  assert.equal(auto.result.ok, true, JSON.stringify(auto.result));
  assert.equal(auto.result.backend, 'wasm');
  assert.match(String(auto.result.note), /tfjs-node 3\.21\.0 is built on @tensorflow\/tfjs 3\.21\.0, not the 4\.22\.0/);
  // the same version is used
  const same = initInChild('tensorflow', fakeTfjsNode(t, '4.22.0'));
  assert.equal(same.result.ok, true, JSON.stringify(same.result));
  assert.equal(same.result.backend, 'tensorflow');
});
