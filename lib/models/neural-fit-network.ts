import type { LayersModel, SymbolicTensor, Tensor } from '@tensorflow/tfjs';
import { ModelFormatError } from '../core/errors.js';
import { Rng } from '../core/rng.js';
import type { Tf } from '../core/tf-backend.js';

/** The shape of a {@link NeuralFitModel} network: table sizes and layer widths. */
export interface NeuralFitNetworkSpec {
  /** Rows of the customer tables (index 0 = unknown). */
  users: number;
  /** Rows of the item tables (index 0 = unknown). */
  items: number;
  /** Rows of each categorical feature's table (index 0 = unknown). */
  categorical: number[];
  /** Width of the numeric input (standardized values and missing indicators); 0 = no numeric input. */
  numericWidth: number;
  /** Customer and item embedding width. */
  embeddingDim: number;
  /** Categorical feature embedding width. */
  categoryDim: number;
  /** Hidden ReLU layer widths. */
  hidden: number[];
}

/** The networks built by {@link buildNeuralFitNetwork}; they share every weight. */
export interface NeuralFitNetwork {
  /**
   * The inference model: inputs `user` [1] int32, `item` [1] int32, `cat_0`.. [1] int32, `numeric` [numericWidth]
   * float32 (in that order; `numeric` only when numericWidth > 0); output the softmax over FIT_CLASSES [3].
   * Built from standard layers only, so it saves and loads as a plain TF.js layers model.
   */
  model: LayersModel;
  /**
   * The training model: the same inputs plus one dropout mask per hidden layer (`mask_j` [hidden[j]], entries 0
   * or 1/(1-rate)); outputs the logits [3] and the looked-up embeddings (for their L2 penalty). Masks come from
   * the caller's seeded Rng: tfjs's own Dropout layer with a seed draws the same mask at every step.
   */
  train: LayersModel;
  /** The dense kernels, for their L2 penalty. */
  kernels: Tensor[];
}

/**
 * Builds the neural fit network: customer and item embeddings (width `embeddingDim`) and their elementwise
 * product; a latent-size "fit score" `t_customer + w·numeric + b - t_item` (scalar true sizes per customer
 * and item, as in Sembium et al., RecSys 2017, with the body and size features giving the customer's size
 * where the customer is unknown); categorical feature embeddings; the numeric features. These are
 * concatenated into ReLU layers and a softmax over the 3 classes, to whose logits the fit score also adds
 * linearly (`[a0 s, a1 s, a2 s]`).
 *
 * @param tf - the tfjs module (`getTf()`).
 * @param spec - table sizes and widths.
 * @param seed - seeds every initialiser (embeddings N(0, 0.05²), true sizes 0, dense Glorot uniform).
 */
export function buildNeuralFitNetwork(tf: Tf, spec: NeuralFitNetworkSpec, seed: number): NeuralFitNetwork {
  const L = tf.layers;
  const rng = new Rng(seed);
  const nextSeed = (): number => rng.int(2 ** 31 - 1);
  const glorot = () => tf.initializers.glorotUniform({ seed: nextSeed() });
  const sym = (x: unknown): SymbolicTensor => x as SymbolicTensor;

  const user = tf.input({ shape: [1], dtype: 'int32', name: 'user' });
  const item = tf.input({ shape: [1], dtype: 'int32', name: 'item' });
  const cats = spec.categorical.map((_, j) => tf.input({ shape: [1], dtype: 'int32', name: `cat_${j}` }));
  const numeric = spec.numericWidth > 0 ? tf.input({ shape: [spec.numericWidth], name: 'numeric' }) : undefined;
  const masks = spec.hidden.map((h, j) => tf.input({ shape: [h], name: `mask_${j}` }));

  const embed = (name: string, rows: number, dim: number, input: SymbolicTensor, zero = false): SymbolicTensor =>
    sym(
      L.flatten({ name: `${name}_flat` }).apply(
        L.embedding({
          name,
          inputDim: rows,
          outputDim: dim,
          embeddingsInitializer: zero
            ? tf.initializers.zeros()
            : tf.initializers.randomNormal({ mean: 0, stddev: 0.05, seed: nextSeed() }),
        }).apply(input),
      ),
    );
  const u = embed('user_embedding', spec.users, spec.embeddingDim, user);
  const v = embed('item_embedding', spec.items, spec.embeddingDim, item);
  const tu = embed('user_true_size', spec.users, 1, user, true);
  const tv = embed('item_negated_true_size', spec.items, 1, item, true);
  const catEmb = cats.map((c, j) => embed(`cat_${j}_embedding`, spec.categorical[j], spec.categoryDim, c));

  // tfjs-layers has no Subtract layer: the item table holds the negated true size, so the score is a sum.
  const scoreParts =
    numeric === undefined
      ? [tu, tv]
      : [tu, tv, sym(L.dense({ units: 1, name: 'body_size', kernelInitializer: glorot() }).apply(numeric))];
  const score = sym(L.add({ name: 'fit_score' }).apply(scoreParts));
  const uv = sym(L.multiply({ name: 'user_item_product' }).apply([u, v]));
  const parts = [u, v, uv, score, ...catEmb, ...(numeric === undefined ? [] : [numeric])];
  const joined = sym(L.concatenate({ name: 'features' }).apply(parts));

  const denseLayers = spec.hidden.map((h, j) =>
    L.dense({ units: h, activation: 'relu', name: `hidden_${j}`, kernelInitializer: glorot() }),
  );
  const head = L.dense({ units: 3, name: 'logits', kernelInitializer: glorot() });
  const direct = L.dense({ units: 3, useBias: false, name: 'score_logits', kernelInitializer: glorot() });
  const scoreLogits = sym(direct.apply(score));

  let xi = joined;
  let xt = joined;
  denseLayers.forEach((d, j) => {
    xi = sym(d.apply(xi));
    xt = sym(L.multiply({ name: `dropout_${j}` }).apply([sym(d.apply(xt)), masks[j]]));
  });
  const logitsI = sym(L.add({ name: 'logits_total' }).apply([sym(head.apply(xi)), scoreLogits]));
  const probs = sym(L.activation({ activation: 'softmax', name: 'probabilities' }).apply(logitsI));
  const logitsT = sym(L.add({ name: 'train_logits_total' }).apply([sym(head.apply(xt)), scoreLogits]));
  const penalised = sym(L.concatenate({ name: 'penalised_embeddings' }).apply([u, v, tu, tv, ...catEmb]));

  const inputs = [user, item, ...cats, ...(numeric === undefined ? [] : [numeric])];
  const model = tf.model({ inputs, outputs: probs, name: 'neural_fit' });
  const train = tf.model({ inputs: [...inputs, ...masks], outputs: [logitsT, penalised], name: 'neural_fit_train' });
  const kernels = [...denseLayers, head, direct].map((d) => d.trainableWeights[0].read());
  if (numeric !== undefined) {
    const body = model.getLayer('body_size');
    kernels.push(body.trainableWeights[0].read());
  }
  return { model, train, kernels };
}

/**
 * Reads and checks a {@link NeuralFitNetworkSpec} from JSON.
 * @throws ModelFormatError naming the malformed field.
 */
export function neuralFitSpecFromJSON(json: unknown, where: string): NeuralFitNetworkSpec {
  const o = json as Partial<NeuralFitNetworkSpec> | null;
  const count = (v: unknown, what: string, min: number): number => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min) {
      throw new ModelFormatError(`${where}: ${what} must be an integer >= ${min}, got ${JSON.stringify(v)}`);
    }
    return v;
  };
  if (typeof o !== 'object' || o === null) throw new ModelFormatError(`${where}: network must be an object`);
  if (!Array.isArray(o.categorical) || !Array.isArray(o.hidden)) {
    throw new ModelFormatError(`${where}: network.categorical and network.hidden must be arrays`);
  }
  return {
    users: count(o.users, 'network.users', 1),
    items: count(o.items, 'network.items', 1),
    categorical: o.categorical.map((c, j) => count(c, `network.categorical[${j}]`, 1)),
    numericWidth: count(o.numericWidth, 'network.numericWidth', 0),
    embeddingDim: count(o.embeddingDim, 'network.embeddingDim', 1),
    categoryDim: count(o.categoryDim, 'network.categoryDim', 1),
    hidden: o.hidden.map((h, j) => count(h, `network.hidden[${j}]`, 1)),
  };
}
