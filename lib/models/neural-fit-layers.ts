import type { LayersModel, Variable } from '@tensorflow/tfjs';
import { ModelFormatError } from '../core/errors.js';
import type { Tf } from '../core/tf-backend.js';
import type { NeuralFitLayersArtifacts } from './neural-fit-artifacts.js';

/**
 * Disposes a network's weights. `LayersModel.dispose` frees a layer's weights only when its reference count
 * drops to 0, and layers shared with the training model (applied twice) would keep theirs.
 */
export function disposeNetwork(model: LayersModel): void {
  const variables = model.weights.map((w) => w.read());
  model.dispose();
  for (const v of variables) if (!v.isDisposed) v.dispose();
}

/** A ModelFormatError about `file` of the layers format, carrying TensorFlow.js's own error as its cause. */
function layersError(file: string, what: string, cause: unknown): ModelFormatError {
  const err = new ModelFormatError(
    `neural-fit: ${what}: ${cause instanceof Error ? cause.message : String(cause)}`,
    file,
  );
  err.cause = cause;
  return err;
}

/** The TF.js variables registered since `before` (the names registered then): the weights of layers built since. */
function variablesSince(tf: Tf, before: ReadonlySet<string>): Variable[] {
  const registered = tf.engine().registeredVariables;
  return Object.keys(registered)
    .filter((name) => !before.has(name))
    .map((name) => registered[name]);
}

/**
 * A copy of a layers topology with every initialiser replaced by zeros: building it skips the random
 * initialisation of weights that are overwritten by the loaded ones anyway (what tf.loadLayersModel does).
 */
function withZeroInitialisers(topology: unknown): unknown {
  if (Array.isArray(topology)) return topology.map(withZeroInitialisers);
  if (topology === null || typeof topology !== 'object') return topology;
  return Object.fromEntries(
    Object.entries(topology).map(([key, value]) => [
      key,
      /(_i|I)nitializer$/.test(key) && value !== null
        ? { class_name: 'Zeros', config: {} }
        : withZeroInitialisers(value),
    ]),
  );
}

/**
 * Checks that every initialiser of a layers topology names a class TF.js has registered, without building a weight:
 * the check build replaces them by zeros, and the real load should not be the first to meet one it cannot read (a
 * failure there cannot tell its layers' variables from those other code creates meanwhile). Configs are read by
 * TF.js itself (in its own key spelling) only at the real load.
 * @throws Error "unknown initializer: NAME (KEY)".
 */
function checkInitialisers(tf: Tf, topology: unknown): void {
  if (Array.isArray(topology)) {
    for (const v of topology) checkInitialisers(tf, v);
    return;
  }
  if (topology === null || typeof topology !== 'object') return;
  const classes = (
    tf.serialization.SerializationMap.getMap() as unknown as {
      classNameMap: Record<string, unknown>;
    }
  ).classNameMap;
  for (const [key, value] of Object.entries(topology)) {
    if (!(/(_i|I)nitializer$/.test(key) && value !== null)) {
      checkInitialisers(tf, value);
      continue;
    }
    // A string (an identifier such as 'glorotUniform') is left to TF.js, which maps identifiers to classes.
    if (typeof value !== 'object') continue;
    const name = (value as { class_name?: unknown }).class_name;
    if (!(typeof name === 'string' && Object.hasOwn(classes, name))) {
      throw new Error(`unknown initializer: ${String(name)} (${key})`);
    }
  }
}

/** Bytes per value of the weight dtypes TF.js decodes from a fixed number of bytes (strings have their own lengths). */
const BYTES_PER_VALUE: ReadonlyMap<string, number> = new Map([
  ['float32', 4],
  ['int32', 4],
  ['bool', 1],
  ['complex64', 8],
  ['uint8', 1],
  ['uint16', 2],
  ['float16', 2],
]);

/**
 * The bytes the weight specs describe, or undefined when a spec's size is not fixed (strings) or not readable here
 * (an unknown dtype, a malformed shape: decoding tells what is wrong).
 */
function describedBytes(specs: NeuralFitLayersArtifacts['weightSpecs']): number | undefined {
  if (!Array.isArray(specs)) return undefined;
  let total = 0;
  for (const entry of specs as unknown[]) {
    if (typeof entry !== 'object' || entry === null) return undefined;
    const spec = entry as (typeof specs)[number];
    const perValue = BYTES_PER_VALUE.get(spec.quantization?.dtype ?? spec.dtype);
    if (perValue === undefined || !Array.isArray(spec.shape)) return undefined;
    const values = spec.shape.reduce((a, b) => a * b, 1);
    if (!Number.isSafeInteger(values) || values < 0) return undefined;
    total += values * perValue;
  }
  return total;
}

/**
 * Builds the topology (with zero initialisers) and sets the weights on it, throwing the ModelFormatError of the
 * step that fails; leaves nothing in memory.
 */
async function checkLayersArtifacts(tf: Tf, artifacts: NeuralFitLayersArtifacts): Promise<void> {
  try {
    checkInitialisers(tf, artifacts.modelTopology);
  } catch (e) {
    throw layersError('model.json', 'TensorFlow.js cannot build the layers model of modelTopology', e);
  }
  const config = { modelTopology: withZeroInitialisers(artifacts.modelTopology) } as Parameters<
    Tf['models']['modelFromJSON']
  >[0];
  const before = new Set(Object.keys(tf.engine().registeredVariables));
  const building = tf.models.modelFromJSON(config);
  // modelFromJSON builds the layers before its first await: the variables registered now are the weights of the
  // layers it built, whether or not it fails, and none of other code running meanwhile.
  const built = variablesSince(tf, before);
  let probe: LayersModel;
  try {
    probe = await building;
  } catch (e) {
    for (const v of built) v.dispose();
    throw layersError('model.json', 'TensorFlow.js cannot build the layers model of modelTopology', e);
  }
  try {
    const described = describedBytes(artifacts.weightSpecs);
    const held = artifacts.weightData.byteLength;
    const sizeError = (): ModelFormatError =>
      new ModelFormatError(
        `neural-fit: holds ${held} bytes; the ${artifacts.weightSpecs.length} weights of model.json's weightsManifest take ${described}`,
        'weights.bin',
      );
    let decoded = false;
    try {
      // tidy disposes the decoded weight tensors, on success as after a throw (setting a weight takes a reference
      // of its own).
      tf.tidy(() => {
        const weights = tf.io.decodeWeights(artifacts.weightData, artifacts.weightSpecs);
        decoded = true;
        probe.loadWeights(weights, true);
      });
    } catch (e) {
      if (decoded) {
        throw layersError('model.json', "the weights of weightsManifest do not match modelTopology's weights", e);
      }
      if (described !== undefined && held < described) throw sizeError();
      throw layersError('model.json', 'TensorFlow.js cannot decode the weights weightsManifest describes', e);
    }
    // Checked once the weights match: bytes past the last weight are also what a weight left out of the specs leaves.
    if (described !== undefined && held > described) throw sizeError();
  } finally {
    disposeNetwork(probe);
  }
}

/**
 * The network of TF.js layers artifacts (`modelTopology` and `weightSpecs`, the content of model.json, and
 * `weightData`, the bytes of weights.bin), loaded by `tf.loadLayersModel(tf.io.fromMemory(...))`. It is loaded
 * once the artifacts are known to load, checked in steps whose failures are told apart and leave no tensor behind
 * (`tf.loadLayersModel` leaves the layers it built, and the decoded weights when they do not match): the topology
 * is built (with zero initialisers, as the loader's fast weight initialisation does), the weights decoded by
 * their specs, and set by name (strictly: every weight of the topology, no other).
 * @throws ModelFormatError naming the file: model.json, with TensorFlow.js's message in the text and its error as
 *   `cause`, for a topology TensorFlow.js cannot build, weight specs it cannot decode, or weight specs that do not
 *   match the topology's weights (a missing, extra or renamed weight, or another shape); weights.bin when
 *   `weightData` holds fewer bytes than the weight specs describe, or more (once they match the topology's).
 */
export async function loadLayersNetwork(tf: Tf, artifacts: NeuralFitLayersArtifacts): Promise<LayersModel> {
  await checkLayersArtifacts(tf, artifacts);
  try {
    return await tf.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: artifacts.modelTopology,
        weightSpecs: artifacts.weightSpecs,
        weightData: artifacts.weightData,
      }),
    );
  } catch (e) {
    // Only an initialiser of the topology, which the check build replaced, can fail here, while its layers are
    // built (before any weight is decoded), and only one whose config checkInitialisers accepted (an identity on a
    // non-square kernel). The variables of the layers built before it are left: other code may create variables
    // while this load awaits, and disposing those would break a model in use (a leak over a destroyed model).
    throw layersError('model.json', 'TensorFlow.js cannot build the layers model of modelTopology', e);
  }
}
