import type { LayerVariable, LayersModel, Scalar, Tensor, Variable, io } from '@tensorflow/tfjs';
import type { ColumnarDataset } from '../data/columnar-dataset.js';
import { checkEstimatorJSON, registerEstimator, type EstimatorJSON } from '../core/estimator.js';
import { InvalidArgumentError, ModelFormatError, NotFittedError } from '../core/errors.js';
import { FIT_CLASSES, fitCode, type FitLabel } from '../core/labels.js';
import { Rng } from '../core/rng.js';
import { getTf, initTf, type Tf } from '../core/tf-backend.js';
import type { NeuralFitHistory, NeuralFitLayersArtifacts, NeuralFitPreprocessing } from './neural-fit-artifacts.js';
import { NeuralFitEncoder, type NeuralFitInputs } from './neural-fit-encoder.js';
import { buildNeuralFitNetwork, neuralFitSpecFromJSON, type NeuralFitNetworkSpec } from './neural-fit-network.js';
import { disposeNetwork, loadLayersNetwork } from './neural-fit-layers.js';
import {
  autoNeuralBatchSize,
  resolveNeuralFitOptions,
  type NeuralFitOptions,
  type ResolvedNeuralFitOptions,
} from './neural-fit-options.js';
import { argmaxRows } from './prior-fit-labels.js';

const KIND = 'neural-fit';
const VERSION = 1;
/** Rows per forward pass when predicting or scoring the validation rows. */
const PREDICT_CHUNK = 8192;

interface FittedNeuralFit {
  encoder: NeuralFitEncoder;
  spec: NeuralFitNetworkSpec;
  model: LayersModel;
  history: NeuralFitHistory;
}

/** One weight of the network in {@link NeuralFitModel.toJSON}: float32 values, little-endian, base64. */
interface WeightJSON {
  name: string;
  shape: number[];
  data: string;
}

/**
 * A neural fit model in TensorFlow.js: customer and item embeddings with their product, scalar latent "true
 * sizes" of customers and items combined with the standardized body and size features into a fit score
 * (after Sembium et al., "Recommending Product Sizes to Customers", RecSys 2017), embeddings of the categorical
 * features, and ReLU layers with a softmax over the three labels (see {@link buildNeuralFitNetwork}).
 *
 * Training: Adam on the cross-entropy (unweighted by default: see `classWeight`), L2 on dense kernels and on
 * the looked-up embedding rows, dropout after hidden layers, early stopping on the validation loss of a seeded
 * share of the training rows (the best epoch's weights are kept). The validation loss is the cross-entropy
 * weighted as the training loss; when the validation rows' weights sum to 0 ('balanced' weights and validation
 * rows only of classes absent from the training part), it is the unweighted mean cross-entropy of those rows.
 * The vocabularies and scalers are fitted on the training part only. Cold start: ids with fewer than `minCount`
 * training rows share the 'unknown' index 0, and each epoch a share `unknownRate` of rows has its customer or item
 * replaced by 'unknown', so that unseen customers and items get a trained embedding, never an error. Missing
 * numeric values get 0 plus an indicator; missing categories map to 'unknown'.
 *
 * Columns: the customer and item columns are needed at fit and at prediction (and the label column at fit, unless
 * `y` is given). The numeric and categorical feature columns of `options.columns` are optional at fit: a listed
 * column the training data lacks is left out of the model (no scaler or embedding, no network input), and a later
 * dataset's column of that name is ignored. A feature column the training data has, even with every value missing,
 * is part of the model, and prediction needs it: `predictProba` and `predict` refuse data without it with an
 * InvalidArgumentError naming it ("NeuralFitModel: dataset 'd' has no column 'weight_kg'"), and a numeric column
 * that is not numeric (or a categorical one that is not categorical) with an InvalidArgumentError naming it. Its
 * missing values (NaN; a missing category) are accepted, as at fit.
 *
 * `fit` is async (it initialises TensorFlow.js with `initTf()`); prediction is sync. `fromJSON` needs
 * `await initTf()` to have run in the process (any `fit` or `fromLayersArtifacts` does it).
 *
 * Determinism: on the wasm backend (1 thread) and the cpu backend the same seed gives bitwise the same
 * weights and predictions (tested); the initialisers, split, shuffles and dropout masks are all seeded.
 */
export class NeuralFitModel {
  readonly kind = KIND;
  /** The classes in `predictProba` column order. */
  readonly classes: readonly FitLabel[] = FIT_CLASSES;
  private readonly opts: NeuralFitOptions;
  private state: FittedNeuralFit | undefined;

  /** Stores the options (checked at `fit`). See {@link NeuralFitOptions}. */
  constructor(options: NeuralFitOptions = {}) {
    const c = options.columns;
    this.opts = {
      ...options,
      hidden: Array.isArray(options.hidden) ? [...options.hidden] : options.hidden,
      // Copied when it is an object of lists (anything else is kept as given and refused by resolveNeuralFitOptions).
      columns:
        c === undefined || c === null || typeof c !== 'object' || Array.isArray(c)
          ? c
          : {
              ...c,
              numeric: Array.isArray(c.numeric) ? [...c.numeric] : c.numeric,
              categorical: Array.isArray(c.categorical) ? [...c.categorical] : c.categorical,
            },
    };
  }

  /** The options with defaults filled in. @throws InvalidArgumentError on a bad option. */
  get options(): ResolvedNeuralFitOptions {
    return resolveNeuralFitOptions(this.opts);
  }

  /** True once `fit` has run or the model was loaded. */
  get isFitted(): boolean {
    return this.state !== undefined;
  }

  /** How the last training run went (epochs, losses, time). @throws NotFittedError. */
  get history(): NeuralFitHistory {
    const h = this.fitted().history;
    return { ...h, trainLoss: [...h.trainLoss], validationLoss: [...h.validationLoss] };
  }

  /**
   * Trains the network on the rows of `data` with a label; replaces any earlier fit. Async because it
   * initialises TensorFlow.js (`initTf()`); the training itself runs to completion in this call.
   *
   * @param data - the training rows: the user and item columns, the label column unless `y` is given; of the
   *   feature columns listed in `options.columns`, those `data` has are used (and then needed at prediction), the
   *   others left out.
   * @param y - optional class codes (0 small, 1 fit, 2 large; -1 = skip) overriding the label column.
   * @returns this
   * @throws InvalidArgumentError on bad options, a missing or mistyped column, a y of the wrong length, or no labelled
   *   row; and when training diverges (an epoch's training or validation loss is NaN or infinite, as a too large
   *   `learningRate` makes it), naming the epoch and the loss; and when the weights it would return are unusable
   *   (a weight NaN or infinite, or, with no validation rows to score the last step, a probability of a training
   *   row NaN or infinite), naming the epoch and the weight or row. The network is then freed and the model keeps its earlier
   *   fit, if any.
   */
  async fit(data: ColumnarDataset, y?: ArrayLike<number>): Promise<this> {
    const o = resolveNeuralFitOptions(this.opts);
    const labels = readLabels(data, o, y);
    await initTf();
    const tf = getTf();
    const t0 = performance.now();
    const usable: number[] = [];
    for (let i = 0; i < data.length; i++) if (labels[i] >= 0) usable.push(i);
    if (usable.length === 0) {
      throw new InvalidArgumentError(`NeuralFitModel: dataset '${data.meta.name}' has no row with a fit label`);
    }
    const { splitRng, initSeed, trainRng } = trainingRngs(o.seed);
    const perm = splitRng.permutation(usable.length);
    let nVal = Math.floor(o.validationFraction * usable.length);
    if (nVal === usable.length) nVal = 0;
    const valRows = Int32Array.from(perm.subarray(0, nVal), (k) => usable[k]).sort();
    const fitRows = Int32Array.from(perm.subarray(nVal), (k) => usable[k]).sort();

    const encoder = NeuralFitEncoder.fit(data, fitRows, o);
    const all = encoder.encode(data);
    const spec: NeuralFitNetworkSpec = {
      users: encoder.userCount,
      items: encoder.itemCount,
      categorical: encoder.categoricalCounts,
      numericWidth: encoder.numericWidth,
      embeddingDim: o.embeddingDim,
      categoryDim: o.categoryDim,
      hidden: [...o.hidden],
    };
    const net = buildNeuralFitNetwork(tf, spec, initSeed);
    const classWeight = classWeights(labels, fitRows, o);
    const batchSize = o.batchSize === 'auto' ? autoNeuralBatchSize(fitRows.length) : o.batchSize;
    const optimizer = tf.train.adam(o.learningRate);
    const variables = net.train.trainableWeights.map((w) => w.read()) as Variable[];
    const history: NeuralFitHistory = {
      epochs: 0,
      bestEpoch: 0,
      trainLoss: [],
      validationLoss: [],
      trainRows: fitRows.length,
      validationRows: valRows.length,
      batchSize,
      seconds: 0,
    };
    let best: Tensor[] | undefined;
    let bestLoss = Infinity;
    let sinceBest = 0;
    try {
      for (let epoch = 1; epoch <= o.epochs; epoch++) {
        const order = trainRng.permutation(fitRows.length);
        let lossSum = 0;
        for (let start = 0; start < order.length; start += batchSize) {
          const idx = Int32Array.from(order.subarray(start, start + batchSize), (k) => fitRows[k]);
          const batch = batchArrays(all, idx, o.unknownRate, trainRng);
          const b = idx.length;
          const yOne = new Float32Array(b * 3);
          const w = new Float32Array(b);
          for (let r = 0; r < b; r++) {
            yOne[r * 3 + labels[idx[r]]] = 1;
            w[r] = classWeight[labels[idx[r]]];
          }
          const maskArrays = spec.hidden.map((h) => dropoutMask(b * h, o.dropout, trainRng));
          // The reported loss is ce; the penalty only shapes the gradient. With a penalty, ce is kept out of
          // minimize's scopes (which dispose everything but the cost they return) and disposed here.
          let keptCe: Tensor | undefined;
          let loss: number;
          try {
            loss = tf.tidy(() => {
              const inputs = [
                ...inputTensors(tf, batch, spec),
                ...maskArrays.map((m, j) => tf.tensor2d(m, [b, spec.hidden[j]])),
              ];
              const yT = tf.tensor2d(yOne, [b, 3]);
              const wT = tf.tensor1d(w);
              const cost = optimizer.minimize(
                () => {
                  const [logits, emb] = net.train.apply(inputs) as Tensor[];
                  const ce = tf.neg(tf.sum(tf.mul(tf.sum(tf.mul(yT, tf.logSoftmax(logits)), 1), wT))).div(b);
                  if (o.l2 === 0) return ce as Scalar;
                  keptCe = tf.keep(ce);
                  const embPenalty = tf.sum(tf.square(emb)).div(b);
                  const kernelPenalty = tf.addN(net.kernels.map((k) => tf.sum(tf.square(k))));
                  const penalty = tf.mul(o.l2, tf.add(embPenalty, kernelPenalty));
                  return tf.add(ce, penalty) as Scalar;
                },
                true,
                variables,
              );
              return (keptCe ?? cost!).dataSync()[0];
            });
          } finally {
            keptCe?.dispose();
          }
          lossSum += loss * b;
        }
        history.epochs = epoch;
        const trainLoss = lossSum / fitRows.length;
        if (!Number.isFinite(trainLoss)) throw divergedError(epoch, 'training', trainLoss, o.learningRate);
        history.trainLoss.push(trainLoss);
        if (valRows.length === 0) {
          history.bestEpoch = epoch;
          continue;
        }
        const vl = validationLoss(predictRows(tf, net.model, spec, all, valRows), labels, valRows, classWeight);
        if (!Number.isFinite(vl)) throw divergedError(epoch, 'validation', vl, o.learningRate);
        history.validationLoss.push(vl);
        if (vl < bestLoss - 1e-6) {
          bestLoss = vl;
          sinceBest = 0;
          history.bestEpoch = epoch;
          best?.forEach((t) => t.dispose());
          best = net.model.getWeights().map((t) => t.clone());
        } else if (++sinceBest >= o.patience) {
          break;
        }
      }
      if (best !== undefined && history.bestEpoch !== history.epochs) net.model.setWeights(best);
      // A step's loss is that of the weights before its update, so only a validation pass scores the last step:
      // without validation rows, a forward pass over the fit rows scores the weights returned.
      checkReturnedWeights(net.model, history.bestEpoch, o.learningRate);
      if (valRows.length === 0) {
        checkReturnedProbabilities(
          predictRows(tf, net.model, spec, all, fitRows),
          fitRows,
          history.bestEpoch,
          o.learningRate,
        );
      }
    } catch (e) {
      disposeNetwork(net.model);
      throw e;
    } finally {
      best?.forEach((t) => t.dispose());
      optimizer.dispose();
    }
    history.trainLoss = history.trainLoss.map((v) => +v.toPrecision(8));
    history.seconds = (performance.now() - t0) / 1000;
    if (this.state !== undefined) disposeNetwork(this.state.model);
    this.state = { encoder, spec, model: net.model, history };
    return this;
  }

  /**
   * Class probabilities, n x 3 row-major in {@link FIT_CLASSES} order; each row sums to 1 (float32 softmax,
   * renormalised in float64). Unseen or missing customers, items and categories use the 'unknown' embedding.
   * @throws NotFittedError; InvalidArgumentError for data without rows, and naming the column when a column the
   *   model was fitted on (customer, item, or a numeric or categorical feature the training data had) is missing
   *   or of the other type. A listed feature column the training data lacked is not needed.
   */
  predictProba(data: ColumnarDataset): Float64Array {
    const st = this.fitted();
    if (data.length === 0) throw new InvalidArgumentError(`NeuralFitModel: dataset '${data.meta.name}' has no rows`);
    const all = st.encoder.encode(data);
    const rows = new Int32Array(data.length);
    for (let i = 0; i < rows.length; i++) rows[i] = i;
    return predictRows(getTf(), st.model, st.spec, all, rows);
  }

  /** The most probable class code per row (0 small, 1 fit, 2 large; ties go to the lower code). @throws NotFittedError. */
  predict(data: ColumnarDataset): Int32Array {
    return argmaxRows(this.predictProba(data), 3);
  }

  /**
   * Frees the network's TensorFlow.js memory; the model is then unfitted (a later `fit` or load works again).
   * Optional: a model left to the garbage collector keeps its weights in the tfjs backend until the process ends.
   */
  dispose(): void {
    if (this.state !== undefined) disposeNetwork(this.state.model);
    this.state = undefined;
  }

  /** The inference network (inputs `user`, `item`, `cat_j`, `numeric`; output probabilities). @throws NotFittedError. */
  get network(): LayersModel {
    return this.fitted().model;
  }

  /**
   * `{kind: 'neural-fit', version: 1, options, encoder, network, history, weights}` with each weight's float32
   * values in base64 (little-endian). {@link NeuralFitModel.fromJSON} predicts identically.
   * @throws NotFittedError.
   */
  toJSON(): EstimatorJSON {
    const st = this.fitted();
    const weights: WeightJSON[] = st.model.weights.map((w, k) => {
      const values = st.model.getWeights()[k].dataSync() as Float32Array;
      return { name: w.originalName, shape: [...w.shape] as number[], data: float32ToBase64(values) };
    });
    return { ...this.preprocessing(), weights };
  }

  /**
   * Rebuilds a fitted model from {@link NeuralFitModel.toJSON} output. Needs `await initTf()` to have run. Its
   * {@link NeuralFitModel.toLayersArtifacts} is the fitted model's (the topology's initialiser seeds included).
   * @throws ModelFormatError naming what is wrong (a NaN or infinite weight included; an id, category value or
   *   column the encoder lists twice, or an encoder column that is not the options' own: see
   *   {@link NeuralFitEncoder.fromJSON}; a stored network whose layers are not those the options (`hidden`,
   *   `embeddingDim`, `categoryDim`) and the encoder (vocabulary sizes, numeric columns) give it, naming the
   *   option or the `network` field and the layer); TfBackendError if TensorFlow.js is not initialised.
   */
  static fromJSON(json: unknown): NeuralFitModel {
    const o = checkEstimatorJSON<{ weights: unknown }>(json, KIND, [VERSION]);
    const { model, encoder, spec, history } = readPreprocessing(o);
    const tf = getTf();
    // Built with the initialiser seed of the fit (from options.seed): the weights are replaced below, but the seeds
    // are part of the layers topology, so that toLayersArtifacts writes the model.json the fitted model wrote.
    const net = buildNeuralFitNetwork(tf, spec, trainingRngs(model.options.seed).initSeed);
    const ws = o.weights;
    const targets = net.model.weights;
    if (!Array.isArray(ws) || ws.length !== targets.length) {
      disposeNetwork(net.model);
      throw new ModelFormatError(`${KIND}: weights must be an array of ${targets.length} weights`);
    }
    const tensors: Tensor[] = [];
    try {
      ws.forEach((w: unknown, k) => {
        const ww = w as Partial<WeightJSON>;
        const shape = targets[k].shape as number[];
        if (typeof ww?.data !== 'string' || !Array.isArray(ww.shape)) {
          throw new ModelFormatError(`${KIND}: weights[${k}] must have shape [${shape.join(', ')}] and base64 data`);
        }
        const values = base64ToFloat32(ww.data, `weights[${k}]`);
        checkWeight(k, targets[k], ww.shape, values);
        tensors.push(tf.tensor(values, shape, 'float32'));
      });
      net.model.setWeights(tensors);
    } catch (e) {
      disposeNetwork(net.model);
      throw e;
    } finally {
      tensors.forEach((t) => t.dispose());
    }
    model.state = { encoder, spec, model: net.model, history };
    return model;
  }

  /**
   * The fitted model in TF.js layers format (see {@link NeuralFitLayersArtifacts}), written through
   * `tf.io.withSaveHandler`: an exporter writes `modelTopology` + `weightSpecs` as model.json, `weightData` as
   * weights.bin and `preprocessing` as JSON beside them.
   * @throws NotFittedError.
   */
  async toLayersArtifacts(): Promise<NeuralFitLayersArtifacts> {
    const st = this.fitted();
    const tf = getTf();
    let saved: io.ModelArtifacts | undefined;
    await st.model.save(
      tf.io.withSaveHandler(async (a) => {
        saved = a;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    if (saved === undefined || saved.weightSpecs === undefined || saved.weightData === undefined) {
      throw new ModelFormatError(`${KIND}: the TF.js save handler received no weights`);
    }
    return {
      modelTopology: saved.modelTopology,
      weightSpecs: saved.weightSpecs,
      weightData: concatBuffers(saved.weightData),
      preprocessing: this.preprocessing(),
    };
  }

  /**
   * Loads a model from {@link NeuralFitModel.toLayersArtifacts} output as `tf.loadLayersModel` loads the layers
   * format (initialising TensorFlow.js if needed); it predicts what the saved model predicted.
   * The loaded weights get the checks of {@link NeuralFitModel.fromJSON}: the shapes of the network the
   * preprocessing describes (embedding tables as large as the encoder's vocabularies, layer widths those of the
   * options) and finite values.
   * @throws ModelFormatError if the preprocessing is malformed or disagrees with the network's inputs (its
   *   `network` not the layers its options and encoder give, naming the option or field and the layer), or a
   *   weight has another shape or a NaN or infinite value (naming the weight); naming weights.bin, when
   *   `weightData` holds another number of bytes than `weightSpecs` describe; and, naming model.json with
   *   TensorFlow.js's message in the text and its error as `cause`, when TensorFlow.js cannot load the layers
   *   model: a topology it cannot build, weight specs it cannot decode or that do not match the topology's weights.
   */
  static async fromLayersArtifacts(artifacts: NeuralFitLayersArtifacts): Promise<NeuralFitModel> {
    await initTf();
    const tf = getTf();
    const pre = checkEstimatorJSON<object>(artifacts.preprocessing, KIND, [VERSION]);
    const { model, encoder, spec, history } = readPreprocessing(pre);
    const net = await loadLayersNetwork(tf, artifacts);
    const expected = 2 + spec.categorical.length + (spec.numericWidth > 0 ? 1 : 0);
    if (net.inputs.length !== expected || net.outputs[0].shape[1] !== 3) {
      net.dispose();
      throw new ModelFormatError(
        `${KIND}: the layers model has ${net.inputs.length} inputs and output ${JSON.stringify(net.outputs[0].shape)}; the preprocessing needs ${expected} inputs and 3 classes`,
      );
    }
    // The network the preprocessing describes, as fromJSON builds it: the reference for every weight's shape.
    const reference = buildNeuralFitNetwork(tf, spec, 0).model;
    try {
      const targets = reference.weights;
      if (net.weights.length !== targets.length) {
        throw new ModelFormatError(
          `${KIND}: the layers model has ${net.weights.length} weights; the preprocessing's network has ${targets.length}`,
        );
      }
      net.weights.forEach((w, k) => {
        if (w.originalName !== targets[k].originalName) {
          throw new ModelFormatError(
            `${KIND}: the layers model's weight ${k} is '${w.originalName}'; the preprocessing's network has '${targets[k].originalName}'`,
          );
        }
        checkWeight(k, targets[k], w.shape, w.read().dataSync());
      });
    } catch (e) {
      disposeNetwork(net);
      throw e;
    } finally {
      disposeNetwork(reference);
    }
    model.state = { encoder, spec, model: net, history };
    return model;
  }

  private preprocessing(): NeuralFitPreprocessing {
    const st = this.fitted();
    return {
      kind: KIND,
      version: VERSION,
      options: resolveNeuralFitOptions(this.opts),
      encoder: st.encoder.toJSON(),
      network: { ...st.spec, categorical: [...st.spec.categorical], hidden: [...st.spec.hidden] },
      history: this.history,
    };
  }

  private fitted(): FittedNeuralFit {
    if (this.state === undefined) throw new NotFittedError('NeuralFitModel');
    return this.state;
  }
}

registerEstimator(KIND, NeuralFitModel.fromJSON, [
  'classifier',
  'supervised',
  'handles-nan',
  'stochastic',
  'tensorflow',
]);

function readPreprocessing(o: EstimatorJSON): {
  model: NeuralFitModel;
  encoder: NeuralFitEncoder;
  spec: NeuralFitNetworkSpec;
  history: NeuralFitHistory;
} {
  let options: ResolvedNeuralFitOptions;
  try {
    options = resolveNeuralFitOptions(o.options as NeuralFitOptions);
  } catch (e) {
    throw new ModelFormatError(`${KIND}: invalid options: ${(e as Error).message}`);
  }
  const encoder = NeuralFitEncoder.fromJSON(o.encoder, `${KIND}: encoder`);
  checkEncoderColumns(encoder, options);
  const spec = neuralFitSpecFromJSON(o.network, KIND);
  checkNetworkEncoder(spec, encoder);
  checkNetworkOptions(spec, options);
  return { model: new NeuralFitModel(options), encoder, spec, history: readHistory(o.history) };
}

/**
 * Checks that the stored network's tables and numeric input are as large as the saved encoder makes them, as `fit`
 * builds them: one row per known id or value plus 'unknown', two numeric inputs (value, missing indicator) per
 * numeric column. The weights are then checked against this network ({@link checkWeight}).
 * @throws ModelFormatError naming the `network` field, the encoder's count and the layers it sizes.
 */
function checkNetworkEncoder(spec: NeuralFitNetworkSpec, encoder: NeuralFitEncoder): void {
  const refuse = (text: string): never => {
    throw new ModelFormatError(`${KIND}: ${text}`);
  };
  // `layersNeed`: the layers this table sizes and the verb, "user_embedding and user_true_size need".
  const rows = (field: string, got: number, want: number, listed: string, layersNeed: string): void => {
    if (got === want) return;
    refuse(
      `${field} is ${got}, but the encoder lists ${want - 1} ${listed}: ${layersNeed} ${want} rows (one more for 'unknown')`,
    );
  };
  rows('network.users', spec.users, encoder.userCount, 'customer ids', 'user_embedding and user_true_size need');
  rows('network.items', spec.items, encoder.itemCount, 'item ids', 'item_embedding and item_negated_true_size need');
  const counts = encoder.categoricalCounts;
  if (spec.categorical.length !== counts.length) {
    refuse(
      `network.categorical has ${spec.categorical.length} tables, but the encoder has ${counts.length} categorical ` +
        `columns (one cat_j_embedding each)`,
    );
  }
  const names = encoder.categoricalNames;
  counts.forEach((want, j) =>
    rows(
      `network.categorical[${j}]`,
      spec.categorical[j],
      want,
      `values of categorical[${j}] ${JSON.stringify(names[j])}`,
      `cat_${j}_embedding needs`,
    ),
  );
  if (spec.numericWidth !== encoder.numericWidth) {
    refuse(
      `network.numericWidth is ${spec.numericWidth}, but the encoder has ${encoder.numericWidth / 2} numeric ` +
        `columns: the numeric input needs width ${encoder.numericWidth} (a value and a missing indicator each)`,
    );
  }
}

/**
 * Checks that the stored network has the layer widths the saved options give it, as `fit` builds it: `hidden`
 * (the hidden layers), `embeddingDim` (customer and item embeddings) and `categoryDim` (categorical embeddings).
 * A network of other widths would predict while a refit of the loaded model built the options' network.
 * @throws ModelFormatError naming the option, the stored network's layer and its `network` field.
 */
function checkNetworkOptions(spec: NeuralFitNetworkSpec, options: ResolvedNeuralFitOptions): void {
  const refuse = (text: string): never => {
    throw new ModelFormatError(`${KIND}: ${text}`);
  };
  const h = options.hidden;
  if (h.length !== spec.hidden.length) {
    const layers = (n: number): string => `${n} hidden layer${n === 1 ? '' : 's'}`;
    refuse(
      `options.hidden is ${JSON.stringify(h)}, ${layers(h.length)}, but the stored network has ` +
        `${layers(spec.hidden.length)} (network.hidden is ${JSON.stringify(spec.hidden)})`,
    );
  }
  h.forEach((units, j) => {
    if (units !== spec.hidden[j]) {
      refuse(
        `options.hidden[${j}] is ${units}, but the stored network's hidden layer hidden_${j} ` +
          `(network.hidden[${j}]) has ${spec.hidden[j]} units`,
      );
    }
  });
  if (options.embeddingDim !== spec.embeddingDim) {
    refuse(
      `options.embeddingDim is ${options.embeddingDim}, but the stored network's customer and item embeddings ` +
        `(user_embedding, item_embedding; network.embeddingDim) have width ${spec.embeddingDim}`,
    );
  }
  if (options.categoryDim !== spec.categoryDim) {
    // Refused without categorical columns too: a refit on data that has them would use the options' width.
    const n = spec.categorical.length;
    const layers = n === 1 ? 'cat_0_embedding' : `cat_0_embedding to cat_${n - 1}_embedding`;
    refuse(
      n === 0
        ? `options.categoryDim is ${options.categoryDim}, but the stored network's categorical embedding width ` +
            `(network.categoryDim) is ${spec.categoryDim} (it has no categorical column)`
        : `options.categoryDim is ${options.categoryDim}, but the stored network's categorical embeddings ` +
            `(${layers}; network.categoryDim) have width ${spec.categoryDim}`,
    );
  }
}

/**
 * Checks that the saved encoder reads the columns of the saved options, as `fit` makes it: the customer and item
 * columns of `options.columns`, numeric and categorical features among those listed there. So no feature (nor the
 * customer or item id) is the label column, which the options keep apart from every other.
 * @throws ModelFormatError naming the encoder's field, its column and the option it is not in.
 */
function checkEncoderColumns(encoder: NeuralFitEncoder, options: ResolvedNeuralFitOptions): void {
  const c = options.columns;
  const check = (field: string, name: string, ok: boolean, option: string): void => {
    if (ok) return;
    const label = name === c.label ? ', it is the label column (options.columns.label)' : '';
    throw new ModelFormatError(`${KIND}: encoder.${field} is ${JSON.stringify(name)}, not ${option}${label}`);
  };
  check(
    'userColumn',
    encoder.userColumn,
    encoder.userColumn === c.user,
    `options.columns.user ${JSON.stringify(c.user)}`,
  );
  check(
    'itemColumn',
    encoder.itemColumn,
    encoder.itemColumn === c.item,
    `options.columns.item ${JSON.stringify(c.item)}`,
  );
  encoder.categoricalNames.forEach((name, j) =>
    check(`categorical[${j}].name`, name, c.categorical.includes(name), 'a column of options.columns.categorical'),
  );
  encoder.scalers.forEach(({ name }, j) =>
    check(`numeric[${j}].name`, name, c.numeric.includes(name), 'a column of options.columns.numeric'),
  );
}

/**
 * The training history of a saved model, every field checked (the `history` getter and `toJSON` read them all).
 * @throws ModelFormatError naming the field: counts that are not non-negative integers, a best epoch past the
 *   epochs run, loss arrays that are not finite numbers one per epoch (validation losses: none without
 *   validation rows), a bad batch size or a bad duration.
 */
function readHistory(json: unknown): NeuralFitHistory {
  const what = `${KIND}: history`;
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new ModelFormatError(`${what} must be an object`);
  }
  const h = json as Record<string, unknown>;
  const count = (name: string, least: number): number => {
    const v = h[name];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < least) {
      throw new ModelFormatError(`${what}.${name} is ${JSON.stringify(v)}, not an integer >= ${least}`);
    }
    return v;
  };
  const epochs = count('epochs', 0);
  const bestEpoch = count('bestEpoch', 0);
  if (bestEpoch > epochs) throw new ModelFormatError(`${what}.bestEpoch ${bestEpoch} is past epochs ${epochs}`);
  const trainRows = count('trainRows', 0);
  const validationRows = count('validationRows', 0);
  const losses = (name: string, length: number): number[] => {
    const v = h[name];
    if (!Array.isArray(v) || v.length !== length) {
      throw new ModelFormatError(`${what}.${name} must be an array of ${length} losses (one per epoch)`);
    }
    v.forEach((x: unknown, i) => {
      if (typeof x !== 'number' || !Number.isFinite(x)) {
        throw new ModelFormatError(`${what}.${name}[${i}] is ${JSON.stringify(x)}, not a finite number`);
      }
    });
    return [...(v as number[])];
  };
  const trainLoss = losses('trainLoss', epochs);
  const validationLoss = losses('validationLoss', validationRows > 0 ? epochs : 0);
  const seconds = h.seconds;
  if (typeof seconds !== 'number' || !(seconds >= 0) || !Number.isFinite(seconds)) {
    throw new ModelFormatError(`${what}.seconds is ${JSON.stringify(seconds)}, not a finite number >= 0`);
  }
  // batchSize is absent in models saved before it was recorded. Keys in the order fit writes them.
  const batch = h.batchSize === undefined ? {} : { batchSize: count('batchSize', 1) };
  return { epochs, bestEpoch, trainLoss, validationLoss, trainRows, validationRows, ...batch, seconds };
}

/**
 * Checks one loaded weight against the weight `target` of the network built from the preprocessing's spec
 * (`buildNeuralFitNetwork`): the same shape (an embedding table as large as its vocabulary), as many values,
 * all finite (a NaN or infinite weight makes every prediction NaN). Used by fromJSON and fromLayersArtifacts.
 * @throws ModelFormatError naming the weight (index and name) and the shape or value.
 */
function checkWeight(k: number, target: LayerVariable, shape: readonly unknown[], values: ArrayLike<number>): void {
  const what = `${KIND}: weights[${k}] (${target.originalName})`;
  const want = target.shape as number[];
  if (shape.length !== want.length || shape.some((d, j) => d !== want[j])) {
    throw new ModelFormatError(
      `${what} has shape [${shape.join(', ')}]; the network of the preprocessing (network, encoder) needs [${want.join(', ')}]`,
    );
  }
  const size = want.reduce((a, b) => a * b, 1);
  if (values.length !== size) {
    throw new ModelFormatError(`${what} has ${values.length} values for shape [${want.join(', ')}]`);
  }
  const i = firstNonFinite(values);
  if (i >= 0) throw new ModelFormatError(`${what} value ${i} is ${values[i]}, not a finite number`);
}

/** Index of the first NaN or infinite value of `values`, or -1. */
function firstNonFinite(values: ArrayLike<number>): number {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) return i;
  return -1;
}

function readLabels(data: ColumnarDataset, o: ResolvedNeuralFitOptions, y: ArrayLike<number> | undefined): Int32Array {
  const n = data.length;
  if (y !== undefined) {
    if (y.length !== n) throw new InvalidArgumentError(`NeuralFitModel: y has ${y.length} labels for ${n} rows`);
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const v = y[i];
      if (v !== -1 && v !== 0 && v !== 1 && v !== 2) {
        throw new InvalidArgumentError(
          `NeuralFitModel: y[${i}] = ${v} is not a class code (0 small, 1 fit, 2 large, -1 skip)`,
        );
      }
      out[i] = v;
    }
    return out;
  }
  if (!data.has(o.columns.label)) {
    throw new InvalidArgumentError(
      `NeuralFitModel: dataset '${data.meta.name}' has no label column '${o.columns.label}' and no y was given`,
    );
  }
  const col = data.categories(o.columns.label);
  const codeOf = Int32Array.from(col.categories, (c) => fitCode(c));
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = col.codes[i] < 0 ? -1 : codeOf[col.codes[i]];
  return out;
}

/**
 * The error of a training run whose loss left the float range at `epoch` (weights blown up by too large a step):
 * its network would predict NaN and its saved history would not load.
 */
function divergedError(epoch: number, which: string, loss: number, learningRate: number): InvalidArgumentError {
  return new InvalidArgumentError(
    `NeuralFitModel: training diverged: the ${which} loss of epoch ${epoch} is ${loss}; ` +
      `try a smaller learningRate (it is ${learningRate})`,
  );
}

/**
 * Throws {@link divergedAfterError} when a weight of the network a fit returns (that of epoch `epoch`) is NaN or
 * infinite, naming the weight and the value's index.
 */
function checkReturnedWeights(model: LayersModel, epoch: number, learningRate: number): void {
  for (const w of model.weights) {
    const values = w.read().dataSync();
    const i = firstNonFinite(values);
    if (i >= 0) throw divergedAfterError(epoch, `have ${w.originalName}[${i}] = ${values[i]}`, learningRate);
  }
}

/**
 * Throws {@link divergedAfterError} when a probability in `P` (one row of 3 per row of `rows`) of the network a fit
 * returns (that of epoch `epoch`) is NaN or infinite, naming the dataset row: finite weights so large that the
 * forward pass overflows float32 predict NaN.
 */
function checkReturnedProbabilities(P: Float64Array, rows: Int32Array, epoch: number, learningRate: number): void {
  const k = firstNonFinite(P);
  if (k >= 0) throw divergedAfterError(epoch, `predict ${P[k]} for row ${rows[Math.floor(k / 3)]}`, learningRate);
}

/** The error of a fit whose returned weights (those after epoch `epoch`) are unusable: `what` says how. */
function divergedAfterError(epoch: number, what: string, learningRate: number): InvalidArgumentError {
  return new InvalidArgumentError(
    `NeuralFitModel: training diverged: the weights after epoch ${epoch} ${what}; ` +
      `try a smaller learningRate (it is ${learningRate})`,
  );
}

/**
 * The random streams of a fit with seed `seed`, drawn in this order from one Rng: the validation split, the
 * initialiser seed of the network, and the training stream (shuffles, 'unknown' draws, dropout masks).
 */
function trainingRngs(seed: number): { splitRng: Rng; initSeed: number; trainRng: Rng } {
  const rng = new Rng(seed);
  const splitRng = rng.fork();
  const initSeed = rng.fork().int(2 ** 31 - 1);
  const trainRng = rng.fork();
  return { splitRng, initSeed, trainRng };
}

/** Per-class loss weights: all 1, or n / (3 n_c) over the training rows ('balanced'; 0 for an absent class). */
function classWeights(labels: Int32Array, rows: Int32Array, o: ResolvedNeuralFitOptions): Float64Array {
  const w = new Float64Array([1, 1, 1]);
  if (o.classWeight === 'none') return w;
  const counts = new Float64Array(3);
  for (const i of rows) counts[labels[i]]++;
  for (let c = 0; c < 3; c++) w[c] = counts[c] > 0 ? rows.length / (3 * counts[c]) : 0;
  return w;
}

/**
 * The validation loss of one epoch: the class-weighted mean cross-entropy of the rows `rows` (probabilities `P`,
 * one row of 3 per row of `rows`), each probability floored at 1e-12. When the weights of these rows sum to 0 (with
 * 'balanced', every validation row is of a class absent from the training part, so of weight 0), the unweighted mean
 * instead, so that the loss is always finite (0 / 0 gave NaN, which early stopping compared against and the history
 * saved as null).
 */
function validationLoss(P: Float64Array, labels: Int32Array, rows: Int32Array, classWeight: Float64Array): number {
  let vl = 0;
  let wSum = 0;
  let plain = 0;
  for (let r = 0; r < rows.length; r++) {
    const c = labels[rows[r]];
    const wc = classWeight[c];
    const logP = Math.log(Math.max(P[r * 3 + c], 1e-12));
    vl -= wc * logP;
    wSum += wc;
    plain -= logP;
  }
  return wSum > 0 ? vl / wSum : plain / rows.length;
}

/** The inputs of the rows `idx`; with a positive `unknownRate`, customers and items drop to 'unknown' at that rate. */
function batchArrays(all: NeuralFitInputs, idx: Int32Array, unknownRate: number, rng?: Rng): NeuralFitInputs {
  const b = idx.length;
  const width = all.numeric.length / Math.max(all.n, 1);
  const user = Int32Array.from(idx, (i) => all.user[i]);
  const item = Int32Array.from(idx, (i) => all.item[i]);
  if (unknownRate > 0 && rng !== undefined) {
    for (let r = 0; r < b; r++) {
      if (rng.next() < unknownRate) user[r] = 0;
      if (rng.next() < unknownRate) item[r] = 0;
    }
  }
  const numeric = new Float32Array(b * width);
  for (let r = 0; r < b; r++) numeric.set(all.numeric.subarray(idx[r] * width, (idx[r] + 1) * width), r * width);
  return {
    n: b,
    user,
    item,
    categorical: all.categorical.map((c) => Int32Array.from(idx, (i) => c[i])),
    numeric,
  };
}

function inputTensors(tf: Tf, x: NeuralFitInputs, spec: NeuralFitNetworkSpec): Tensor[] {
  const t = [
    tf.tensor2d(x.user, [x.n, 1], 'int32'),
    tf.tensor2d(x.item, [x.n, 1], 'int32'),
    ...x.categorical.map((c) => tf.tensor2d(c, [x.n, 1], 'int32')),
  ];
  if (spec.numericWidth > 0) t.push(tf.tensor2d(x.numeric, [x.n, spec.numericWidth]));
  return t;
}

/** Inverted dropout mask: 0 with probability `rate`, else 1 / (1 - rate). */
function dropoutMask(size: number, rate: number, rng: Rng): Float32Array {
  const m = new Float32Array(size);
  const keep = 1 / (1 - rate);
  for (let k = 0; k < size; k++) m[k] = rng.next() < rate ? 0 : keep;
  return m;
}

/** Probabilities of the rows `rows` of the encoded inputs, in chunks; rows renormalised to sum to 1 in float64. */
function predictRows(
  tf: Tf,
  model: LayersModel,
  spec: NeuralFitNetworkSpec,
  all: NeuralFitInputs,
  rows: Int32Array,
): Float64Array {
  const out = new Float64Array(rows.length * 3);
  for (let start = 0; start < rows.length; start += PREDICT_CHUNK) {
    const idx = rows.subarray(start, start + PREDICT_CHUNK);
    const batch = batchArrays(all, idx, 0);
    const p = tf.tidy(() => (model.predict(inputTensors(tf, batch, spec)) as Tensor).dataSync());
    for (let r = 0; r < idx.length; r++) {
      const a = p[r * 3];
      const b = p[r * 3 + 1];
      const c = p[r * 3 + 2];
      const s = a + b + c;
      const o = (start + r) * 3;
      out[o] = a / s;
      out[o + 1] = b / s;
      out[o + 2] = c / s;
    }
  }
  return out;
}

function float32ToBase64(values: Float32Array): string {
  const le = new Float32Array(values);
  return Buffer.from(le.buffer, le.byteOffset, le.byteLength).toString('base64');
}

function base64ToFloat32(s: string, what: string): Float32Array {
  const bytes = Buffer.from(s, 'base64');
  if (bytes.length % 4 !== 0)
    throw new ModelFormatError(`${KIND}: ${what} data is not a whole number of float32 values`);
  const out = new Float32Array(bytes.length / 4);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}

function concatBuffers(data: ArrayBuffer | ArrayBuffer[]): ArrayBuffer {
  if (!Array.isArray(data)) return data;
  const total = data.reduce((s, b) => s + b.byteLength, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const b of data) {
    out.set(new Uint8Array(b), at);
    at += b.byteLength;
  }
  return out.buffer;
}
