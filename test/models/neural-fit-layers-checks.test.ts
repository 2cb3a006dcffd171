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
  // and the layers it had built stayed in memory.
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
      'fewer weight bytes than the specs describe',
      { ...a, weightData: a.weightData.slice(0, 40) },
      /^model\.json: neural-fit: weights\.bin does not hold the weights model\.json's weightsManifest describes: /,
    ],
    [
      'a topology TensorFlow.js cannot build',
      { ...a, modelTopology: { not: 'a model' } },
      /^model\.json: neural-fit: TensorFlow\.js cannot build the layers model of modelTopology: /,
    ],
  ];
  for (const [what, artifacts, re] of cases) {
    const tf = getTf();
    const before = tf.memory().numTensors;
    await assert.rejects(
      NeuralFitModel.fromLayersArtifacts(artifacts),
      (e: unknown) => {
        assert.ok(e instanceof ModelFormatError, `${what}: ${String(e)}`);
        assert.match(e.message, re, what);
        assert.equal(e.file, 'model.json', what);
        // TensorFlow.js's error is kept as the cause, its message in the text.
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
  }
  // The untampered artifacts load as before.
  const loaded = await NeuralFitModel.fromLayersArtifacts(a);
  const rows = dataset.take([0, 1, 2]);
  assert.deepEqual(loaded.predictProba(rows), m.predictProba(rows));
  loaded.dispose();
  m.dispose();
});
