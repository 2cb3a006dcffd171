// NeuralFitModel.fromLayersArtifacts compared only the number of inputs and the output width: a NaN weight loaded and
// every prediction was NaN, and a network whose customer table was smaller than the encoder's vocabulary failed at
// predict with an untyped tfjs GatherV2 error. It now applies fromJSON's checks (shapes of the network the
// preprocessing describes, finite values) and refuses such artifacts with a ModelFormatError naming the weight.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ModelFormatError,
  NeuralFitModel,
  generateSynthetic,
  getTf,
  initTf,
  type NeuralFitLayersArtifacts,
} from '../../lib/index.js';
import type { io } from '@tensorflow/tfjs';

const { dataset } = generateSynthetic({ seed: 2, customers: 200, articles: 50, purchases: 1500 });
const OPTS = { epochs: 1, hidden: [4], embeddingDim: 2, seed: 1 };

/** Asserts that loading `a` throws a ModelFormatError whose message matches `re`, and leaves no tensor behind. */
async function refused(a: NeuralFitLayersArtifacts, re: RegExp): Promise<void> {
  const tf = getTf();
  const before = tf.memory().numTensors;
  await assert.rejects(
    NeuralFitModel.fromLayersArtifacts(a),
    (e: unknown) => e instanceof ModelFormatError && re.test(e.message),
    re.source,
  );
  assert.equal(tf.memory().numTensors, before, 'the refused networks are disposed');
}

test('fromLayersArtifacts refuses NaN and infinite weights, naming the weight and the value', async () => {
  await initTf();
  const m = await new NeuralFitModel(OPTS).fit(dataset);
  const a = await m.toLayersArtifacts();
  const rows = dataset.take([0, 1, 2, 3, 4]);
  const withValue = (index: 'first' | 'last', v: number): NeuralFitLayersArtifacts => {
    const w = new Float32Array(a.weightData.slice(0));
    w[index === 'first' ? 0 : w.length - 1] = v;
    return { ...a, weightData: w.buffer };
  };
  // The first float is the customer table's first entry; the last one the last entry of the last weight.
  const last = a.weightSpecs[a.weightSpecs.length - 1];
  const lastSize = last.shape.reduce((x, y) => x * y, 1);
  const k = a.weightSpecs.length - 1;
  await refused(
    withValue('first', NaN),
    /^neural-fit: weights\[0\] \(user_embedding\/embeddings\) value 0 is NaN, not a finite number$/,
  );
  await refused(
    withValue('last', Infinity),
    new RegExp(
      `^neural-fit: weights\\[${k}\\] \\(${last.name}\\) value ${lastSize - 1} is Infinity, not a finite number$`,
    ),
  );
  // The untampered artifacts load and predict the same.
  const loaded = await NeuralFitModel.fromLayersArtifacts(a);
  assert.deepEqual(loaded.predictProba(rows), m.predictProba(rows));
  loaded.dispose();
  m.dispose();
});

test('fromLayersArtifacts refuses embedding tables of another size than the encoder vocabularies', async () => {
  await initTf();
  const big = await new NeuralFitModel({ ...OPTS, minCount: 1 }).fit(dataset);
  const small = await new NeuralFitModel({ ...OPTS, minCount: 5 }).fit(dataset);
  const ab = await big.toLayersArtifacts();
  const as = await small.toLayersArtifacts();
  const [nb, ns] = [ab.preprocessing.network.users, as.preprocessing.network.users];
  assert.ok(nb > ns, `customers ${nb} vs ${ns}`);
  // The small network under the big preprocessing: customer codes up to nb - 1 would index past the table.
  await refused(
    { ...as, preprocessing: ab.preprocessing },
    new RegExp(
      `^neural-fit: weights\\[0\\] \\(user_embedding/embeddings\\) has shape \\[${ns}, 2\\]; ` +
        `the network of the preprocessing \\(network, encoder\\) needs \\[${nb}, 2\\]$`,
    ),
  );
  // The other way round as well (a larger table would silently pad the vocabulary).
  await refused({ ...ab, preprocessing: as.preprocessing }, /has shape \[\d+, 2\]; .* needs \[\d+, 2\]$/);
  big.dispose();
  small.dispose();
});

test("TensorFlow.js's own errors on a topology that does not match its weight specs are ModelFormatErrors naming model.json", async () => {
  // Before: tf.loadLayersModel's ValueError or Error reached the caller as it was ("1 of 14 weights are not set: ..."),
  // and the layers it had built stayed in memory. Then: a topology that failed at a layer built after others (a
  // Concatenate along an axis its inputs lack; in a Sequential model, an unknown initialiser) still left those
  // layers' weights in memory.
  await initTf();
  const m = await new NeuralFitModel(OPTS).fit(dataset);
  const a = await m.toLayersArtifacts();
  const specs = a.weightSpecs;
  const last = specs[specs.length - 1];
  const withUnits = (from: number, to: number): NeuralFitLayersArtifacts => {
    const text = JSON.stringify(a.modelTopology);
    assert.ok(text.includes(`"units":${from}`));
    return { ...a, modelTopology: JSON.parse(text.replace(`"units":${from}`, `"units":${to}`)) };
  };
  const cases: [string, NeuralFitLayersArtifacts, RegExp][] = [
    [
      'a weight spec left out',
      { ...a, weightSpecs: specs.slice(0, -1) },
      new RegExp(
        `^model\\.json: neural-fit: the weights of weightsManifest do not match modelTopology's weights: .*${last.name}`,
      ),
    ],
    [
      'a weight spec renamed',
      { ...a, weightSpecs: specs.map((w, k) => (k === specs.length - 1 ? { ...w, name: 'renamed/kernel' } : w)) },
      /^model\.json: neural-fit: the weights of weightsManifest do not match modelTopology's weights: .*renamed\/kernel/,
    ],
    [
      'a hidden layer of another width in the topology',
      withUnits(OPTS.hidden[0], OPTS.hidden[0] + 1),
      /^model\.json: neural-fit: the weights of weightsManifest do not match modelTopology's weights: .*[Ss]hape/,
    ],
    [
      'a topology TensorFlow.js cannot build',
      { ...a, modelTopology: { not: 'a model' } },
      /^model\.json: neural-fit: TensorFlow\.js cannot build the layers model of modelTopology: /,
    ],
    [
      'a layer that cannot be built, after the embeddings are',
      withLayerConfig(a, 'features', { axis: 5 }),
      /^model\.json: neural-fit: TensorFlow\.js cannot build the layers model of modelTopology: .*Concatenate/,
    ],
    [
      'an unknown initialiser, on the layer built last',
      withLayerConfig(a, 'score_logits', { kernel_initializer: { class_name: 'NoSuchInitializer', config: {} } }),
      /^model\.json: neural-fit: TensorFlow\.js cannot build the layers model of modelTopology: .*NoSuchInitializer/,
    ],
    [
      // Sequential builds each layer as it adds it, before it makes the next one: the real load fails, not the check.
      'an unknown initialiser, on the second layer of a Sequential model',
      await sequentialWithInitializer(a, { class_name: 'NoSuchInitializer', config: {} }),
      /^model\.json: neural-fit: TensorFlow\.js cannot build the layers model of modelTopology: .*NoSuchInitializer/,
    ],
  ];
  for (const [what, artifacts, re] of cases) {
    await refusedByTf(what, artifacts, re);
  }
  // The untampered artifacts load as before.
  const loaded = await NeuralFitModel.fromLayersArtifacts(a);
  const rows = dataset.take([0, 1, 2]);
  assert.deepEqual(loaded.predictProba(rows), m.predictProba(rows));
  loaded.dispose();
  m.dispose();
});

test('weight data of another size than the weight specs describe is refused naming weights.bin', async () => {
  // Before: the error named model.json when weights.bin was too short, and weights.bin with bytes past the last
  // weight loaded.
  await initTf();
  const m = await new NeuralFitModel(OPTS).fit(dataset);
  const a = await m.toLayersArtifacts();
  const size = a.weightData.byteLength;
  const longer = new Uint8Array(size + 4);
  longer.set(new Uint8Array(a.weightData));
  for (const [what, weightData, held] of [
    ['fewer bytes', a.weightData.slice(0, 40), 40],
    ['4 bytes more', longer.buffer, size + 4],
  ] as const) {
    const tf = getTf();
    const before = tf.memory().numTensors;
    await assert.rejects(
      NeuralFitModel.fromLayersArtifacts({ ...a, weightData }),
      (e: unknown) => {
        assert.ok(e instanceof ModelFormatError, `${what}: ${String(e)}`);
        assert.equal(e.file, 'weights.bin', what);
        assert.equal(
          e.message,
          `weights.bin: neural-fit: holds ${held} bytes; the ${a.weightSpecs.length} weights of model.json's ` +
            `weightsManifest take ${size}`,
          what,
        );
        return true;
      },
      what,
    );
    assert.equal(tf.memory().numTensors, before, `${what}: nothing is left in memory`);
  }
  m.dispose();
});

test('the loaded weights are not initialised first, as tf.loadLayersModel skips it; the topology is kept', async () => {
  // Before: the network was built with tf.models.modelFromJSON, which ran every initialiser (the random ones took
  // most of a load's time) before the loaded weights replaced their values: an initialiser that cannot be applied
  // to its weight (Identity on a non-square table) made the artifacts fail to load.
  await initTf();
  const tf = getTf();
  const m = await new NeuralFitModel(OPTS).fit(dataset);
  const identity = { class_name: 'Identity', config: { gain: 1 } };
  const a = withLayerConfig(await m.toLayersArtifacts(), 'user_embedding', { embeddings_initializer: identity });
  const before = tf.memory().numTensors;
  const loaded = await NeuralFitModel.fromLayersArtifacts(a);
  const rows = dataset.take([0, 1, 2]);
  assert.deepEqual(loaded.predictProba(rows), m.predictProba(rows));
  // The network is the topology as given (its initialisers included), not a copy made to check it.
  const again = await loaded.toLayersArtifacts();
  assert.deepEqual(layerConfig(again.modelTopology, 'user_embedding').embeddings_initializer, identity);
  loaded.dispose();
  assert.equal(tf.memory().numTensors, before);
  m.dispose();
});

/** `a` with the layers of a two-layer Sequential model whose second layer has the kernel initialiser `init`. */
async function sequentialWithInitializer(
  a: NeuralFitLayersArtifacts,
  init: unknown,
): Promise<NeuralFitLayersArtifacts> {
  const tf = getTf();
  const net = tf.sequential({
    layers: [tf.layers.dense({ units: 3, inputShape: [2] }), tf.layers.dense({ units: 3 })],
  });
  let saved: io.ModelArtifacts | undefined;
  await net.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  net.dispose();
  assert.ok(saved?.weightSpecs && saved.weightData instanceof ArrayBuffer);
  const topology = JSON.parse(JSON.stringify(saved.modelTopology)) as { config: { layers: LayerJSON[] } };
  topology.config.layers[1].config.kernel_initializer = init;
  return { ...a, modelTopology: topology, weightSpecs: saved.weightSpecs, weightData: saved.weightData };
}

type LayerJSON = { name: string; config: Record<string, unknown> };

/** The config of the layer `name` of a layers topology (as toLayersArtifacts writes it). */
function layerConfig(topology: unknown, name: string): Record<string, unknown> {
  const layers = (topology as { config: { layers: LayerJSON[] } }).config.layers;
  const layer = layers.find((l) => l.name === name);
  assert.ok(layer, `layer ${name}`);
  return layer.config;
}

/** `a` with `change` merged into the config of the topology's layer `name`. */
function withLayerConfig(
  a: NeuralFitLayersArtifacts,
  name: string,
  change: Record<string, unknown>,
): NeuralFitLayersArtifacts {
  const topology: unknown = JSON.parse(JSON.stringify(a.modelTopology));
  Object.assign(layerConfig(topology, name), change);
  return { ...a, modelTopology: topology as NeuralFitLayersArtifacts['modelTopology'] };
}

/**
 * Asserts that loading `artifacts` throws a ModelFormatError naming model.json whose message matches `re` and ends with
 * TensorFlow.js's own message, kept as the cause; and that nothing is left in memory.
 */
async function refusedByTf(what: string, artifacts: NeuralFitLayersArtifacts, re: RegExp) {
  const tf = getTf();
  const before = tf.memory().numTensors;
  const variables = Object.keys(tf.engine().registeredVariables).length;
  await assert.rejects(
    NeuralFitModel.fromLayersArtifacts(artifacts),
    (e: unknown) => {
      assert.ok(e instanceof ModelFormatError, `${what}: ${String(e)}`);
      assert.match(e.message, re, what);
      assert.equal(e.file, 'model.json', what);
      assert.ok(
        e.cause instanceof Error && !(e.cause instanceof ModelFormatError),
        `${what}: cause ${String(e.cause)}`,
      );
      assert.ok(e.message.endsWith(e.cause.message), what);
      return true;
    },
    what,
  );
  assert.equal(tf.memory().numTensors, before, `${what}: the layers built before the error are disposed`);
  assert.equal(Object.keys(tf.engine().registeredVariables).length, variables, `${what}: and their variables`);
}

test('a refused model loaded at the same time as a good one leaves the good one intact', async () => {
  // Before (37cae43): the refused load disposed every variable registered while it awaited TF.js, the good model's
  // weights included ("LayersVariable user_embedding/embeddings_4 is already disposed").
  await initTf();
  const m = await new NeuralFitModel(OPTS).fit(dataset);
  const good = await m.toLayersArtifacts();
  const unknown = { class_name: 'NoSuchInitializer', config: {} };
  const bad = withLayerConfig(good, 'score_logits', { kernel_initializer: unknown });
  const [r1, r2] = await Promise.allSettled([
    NeuralFitModel.fromLayersArtifacts(bad),
    NeuralFitModel.fromLayersArtifacts(good),
  ]);
  assert.equal(r1.status, 'rejected');
  assert.ok(r1.reason instanceof ModelFormatError, String(r1.reason));
  assert.match(r1.reason.message, /NoSuchInitializer/);
  assert.equal(r2.status, 'fulfilled', r2.status === 'rejected' ? String(r2.reason) : '');
  const rows = dataset.take([0, 1, 2]);
  assert.deepEqual(r2.value.predictProba(rows), m.predictProba(rows));
  r2.value.dispose();
  m.dispose();
});
