import { InvalidArgumentError } from '../core/errors.js';
import type { FitModel } from './fit-model.js';
import { latentFitPreset } from './latent-fit-presets.js';
import { NeuralFitModel } from './neural-fit-model.js';

/** Options every catalog entry takes. */
export interface CatalogOptions {
  /** Seed of every random choice of the model. */
  seed: number;
}

/** A model the CLI can train by name. */
export interface CatalogEntry {
  /** The name given to `sizefit train --model`. */
  name: string;
  /** One line for `sizefit models`. */
  summary: string;
  /** A fresh, unfitted model. */
  create(options: CatalogOptions): FitModel;
}

const entries: CatalogEntry[] = [
  {
    name: '1-lv-lr',
    summary:
      'Sembium et al. 2017: scalar true sizes, ordinal hinge loss, logistic regression head (published avg AUC 0.61 on RTR)',
    create: ({ seed }) => latentFitPreset('1-LV-LR', { seed }),
  },
  {
    name: 'k-lv-lr',
    summary: 'K latent true-size variables (Misra et al. 2018), logistic regression head (published 0.676)',
    create: ({ seed }) => latentFitPreset('K-LV-LR', { seed }),
  },
  {
    name: 'k-lf-lr',
    summary:
      'K latent factors with biases and size monotonicity (Misra et al. 2018), logistic regression head (published 0.672)',
    create: ({ seed }) => latentFitPreset('K-LF-LR', { seed }),
  },
  {
    name: 'k-lv-ml',
    summary: 'K-LV with the metric-learning head: LMNN + class prototypes + k-NN (published 0.681)',
    create: ({ seed }) => latentFitPreset('K-LV-ML', { seed }),
  },
  {
    name: 'k-lf-ml',
    summary: 'K-LF with the metric-learning head (Misra et al. 2018 best, published 0.719)',
    create: ({ seed }) => latentFitPreset('K-LF-ML', { seed }),
  },
  {
    name: 'neural',
    summary: 'TensorFlow.js network: customer and article embeddings, body and size features, softmax',
    create: ({ seed }) => new NeuralFitModel({ seed }),
  },
];

/** Adds a catalog entry (used by modules defining composite models). @throws InvalidArgumentError on a duplicate name. */
export function addCatalogEntry(entry: CatalogEntry): void {
  if (entries.some((e) => e.name === entry.name)) {
    throw new InvalidArgumentError(`model '${entry.name}' is already in the catalog`);
  }
  entries.push(entry);
}

/** Every model the CLI can train, in listing order. */
export function modelCatalog(): readonly CatalogEntry[] {
  return entries;
}

/** The catalog entry `name`. @throws InvalidArgumentError listing the known names. */
export function catalogEntry(name: string): CatalogEntry {
  const e = entries.find((x) => x.name === name.toLowerCase());
  if (!e) {
    throw new InvalidArgumentError(`unknown model '${name}' (known: ${entries.map((x) => x.name).join(', ')})`);
  }
  return e;
}
