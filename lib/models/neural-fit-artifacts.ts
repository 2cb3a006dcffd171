import type { io } from '@tensorflow/tfjs';
import type { NeuralFitEncoderJSON } from './neural-fit-encoder.js';
import type { NeuralFitNetworkSpec } from './neural-fit-network.js';
import type { ResolvedNeuralFitOptions } from './neural-fit-options.js';

/** How a {@link NeuralFitModel} training run went. */
export interface NeuralFitHistory {
  /** Epochs run (at most `epochs`; fewer when early stopping ended the run). */
  epochs: number;
  /** The epoch (1-based) whose weights were kept: the best validation loss, or the last epoch without validation. */
  bestEpoch: number;
  /** Mean training loss per epoch (cross-entropy with the class weights, without the L2 terms). */
  trainLoss: number[];
  /** Validation cross-entropy per epoch (with the class weights; empty without validation rows). */
  validationLoss: number[];
  /** Training rows and validation rows used. */
  trainRows: number;
  validationRows: number;
  /** Rows per Adam step (the resolved `batchSize`; absent in models saved before it was recorded). */
  batchSize?: number;
  /** Wall-clock seconds of `fit`. */
  seconds: number;
}

/** Everything {@link NeuralFitModel} needs besides the TF.js layers model: the JSON beside model.json + weights.bin. */
export interface NeuralFitPreprocessing {
  /** `neural-fit`. */
  kind: string;
  /** Format version. */
  version: number;
  options: ResolvedNeuralFitOptions;
  encoder: NeuralFitEncoderJSON;
  network: NeuralFitNetworkSpec;
  history: NeuralFitHistory;
}

/**
 * A fitted {@link NeuralFitModel} in TF.js layers format: `modelTopology` and `weightSpecs` are the content of
 * `model.json` (`weightsManifest` aside), `weightData` the bytes of `weights.bin`, and `preprocessing` the
 * id vocabularies, scalers and options. `tf.loadLayersModel(tf.io.fromMemory({modelTopology, weightSpecs,
 * weightData}))` loads the network alone.
 */
export interface NeuralFitLayersArtifacts {
  modelTopology: io.ModelArtifacts['modelTopology'];
  weightSpecs: io.WeightsManifestEntry[];
  weightData: ArrayBuffer;
  preprocessing: NeuralFitPreprocessing;
}
