import { shownValue } from '../core/printable.js';
import { InvalidArgumentError } from '../core/errors.js';
import { seedOption } from '../core/rng.js';

/** Dataset columns a {@link NeuralFitModel} reads. A listed feature column absent from the training data is skipped. */
export interface NeuralFitColumns {
  /** Customer id (categorical; embedded). Default `user_id`. */
  user?: string;
  /** Item id (categorical; embedded). Default `item_id`. */
  item?: string;
  /** Fit feedback (categorical with values small / fit / large). Default `fit`. */
  label?: string;
  /**
   * Numeric features, standardized with a missing indicator each. Default `size`, `height_cm`, `weight_kg`,
   * `bust_band`, `cup`, `age`. Feedback given with the label (`rating`) must not be listed: it leaks the label.
   */
  numeric?: string[];
  /** Categorical features, each with a small embedding. Default `category`, `body_type`, `rented_for`. */
  categorical?: string[];
}

/** How the training loss weighs the classes. */
export type NeuralFitClassWeight = 'none' | 'balanced';

/** Options of {@link NeuralFitModel}. Every option has a default; `??` semantics (0 is a valid value). */
export interface NeuralFitOptions {
  /** Width of the customer and item embeddings (default 8). */
  embeddingDim?: number;
  /** Width of each categorical feature's embedding (default 4). */
  categoryDim?: number;
  /** Widths of the hidden ReLU layers (default `[64]`; a single number is one layer; `[]` = no hidden layer). */
  hidden?: number | number[];
  /** Maximum passes over the training rows (default 10). */
  epochs?: number;
  /**
   * Rows per Adam step, or `'auto'` (default): {@link autoNeuralBatchSize} of the training rows, which is 2048
   * from 65,536 training rows up and smaller below, so that a small dataset still gets at least 32 steps an epoch.
   */
  batchSize?: number | 'auto';
  /** Adam step size (default 0.005). */
  learningRate?: number;
  /**
   * L2 penalty (default 1e-3): on the dense kernels (`l2 * sum(w²)`), and on the embedding rows looked up in a
   * batch (`l2 * mean over rows of |e|²`, so rare ids are shrunk towards 0 more than frequent ones).
   */
  l2?: number;
  /** Dropout rate after each hidden layer, masks drawn from the seeded Rng (default 0.2). */
  dropout?: number;
  /** Training stops after this many epochs in a row without a better validation loss (default 2; as Keras's EarlyStopping). */
  patience?: number;
  /** Share of the training rows held out (seeded) for early stopping (default 0.1; 0 = no early stopping). */
  validationFraction?: number;
  /** Customers, items and categorical values with fewer training rows than this map to the 'unknown' index (default 5). */
  minCount?: number;
  /** Rate at which a training row's customer and (independently) item are replaced by 'unknown' each epoch (default 0.03). */
  unknownRate?: number;
  /**
   * `'none'` (default): every row weighs 1, so probabilities estimate the class shares; `'balanced'`: a row of
   * class c weighs n / (3 n_c), trading calibration for more attention to 'small' and 'large'.
   */
  classWeight?: NeuralFitClassWeight;
  /** Seed of the initialisers, the validation split, shuffling, dropout and unknown-id masks (default 0). */
  seed?: number;
  /** Dataset column names. */
  columns?: NeuralFitColumns;
}

/** {@link NeuralFitOptions} with every default filled in. */
/** The largest automatic batch: rows per Adam step on large datasets. */
export const NEURAL_MAX_AUTO_BATCH = 2048;
/** The smallest automatic batch. */
export const NEURAL_MIN_AUTO_BATCH = 32;
/** Adam steps an epoch that the automatic batch size aims for at least. */
export const NEURAL_MIN_STEPS_PER_EPOCH = 32;

/**
 * The automatic batch size for `trainRows` training rows: `trainRows / 32` rounded down, kept within
 * [32, 2048]. Large datasets (65,536 rows and more) get batches of 2048; a fixed 2048 would give a dataset of
 * 2,000 rows one Adam step an epoch, too few to move the network from its initial weights (on the committed
 * 3,000-record sample, 3-fold average AUC 0.50 with 2048 against 0.69 with 32).
 * @throws InvalidArgumentError when `trainRows` is not a positive integer.
 */
export function autoNeuralBatchSize(trainRows: number): number {
  if (!Number.isInteger(trainRows) || trainRows < 1)
    throw new InvalidArgumentError(`autoNeuralBatchSize: trainRows must be a positive integer, got ${trainRows}`);
  const b = Math.floor(trainRows / NEURAL_MIN_STEPS_PER_EPOCH);
  return Math.min(NEURAL_MAX_AUTO_BATCH, Math.max(NEURAL_MIN_AUTO_BATCH, b));
}

/** {@link NeuralFitOptions} with every default filled in and checked, as {@link resolveNeuralFitOptions} returns them. */
export type ResolvedNeuralFitOptions = Required<Omit<NeuralFitOptions, 'columns' | 'hidden'>> & {
  hidden: number[];
  columns: Required<NeuralFitColumns>;
};

/** Default numeric feature columns (the canonical body and size columns). */
export const NEURAL_FIT_NUMERIC_COLUMNS: readonly string[] = [
  'size',
  'height_cm',
  'weight_kg',
  'bust_band',
  'cup',
  'age',
];

/** Default categorical feature columns. */
export const NEURAL_FIT_CATEGORICAL_COLUMNS: readonly string[] = ['category', 'body_type', 'rented_for'];

/**
 * Fills in the defaults of {@link NeuralFitOptions} and checks every value.
 * @throws InvalidArgumentError naming the bad option.
 */
export function resolveNeuralFitOptions(o: NeuralFitOptions = {}): ResolvedNeuralFitOptions {
  const hidden = o.hidden ?? [64];
  const given: unknown = o.columns;
  if (given !== undefined && (given === null || typeof given !== 'object' || Array.isArray(given))) {
    throw new InvalidArgumentError(
      `NeuralFitModel: columns must be an object of column names, got ${shownValue(given)}`,
    );
  }
  const c = o.columns ?? {};
  for (const key of ['numeric', 'categorical'] as const) {
    const list: unknown = c[key];
    if (list !== undefined && !(Array.isArray(list) && list.every((x) => typeof x === 'string'))) {
      throw new InvalidArgumentError(
        `NeuralFitModel: columns.${key} must be an array of column names, got ${shownValue(list)}`,
      );
    }
  }
  const r: ResolvedNeuralFitOptions = {
    embeddingDim: o.embeddingDim ?? 8,
    categoryDim: o.categoryDim ?? 4,
    hidden: typeof hidden === 'number' ? [hidden] : [...hidden],
    epochs: o.epochs ?? 10,
    batchSize: o.batchSize ?? 'auto',
    learningRate: o.learningRate ?? 0.005,
    l2: o.l2 ?? 1e-3,
    dropout: o.dropout ?? 0.2,
    patience: o.patience ?? 2,
    validationFraction: o.validationFraction ?? 0.1,
    minCount: o.minCount ?? 5,
    unknownRate: o.unknownRate ?? 0.03,
    classWeight: o.classWeight ?? 'none',
    seed: o.seed ?? 0,
    columns: {
      user: c.user ?? 'user_id',
      item: c.item ?? 'item_id',
      label: c.label ?? 'fit',
      numeric: [...(c.numeric ?? NEURAL_FIT_NUMERIC_COLUMNS)],
      categorical: [...(c.categorical ?? NEURAL_FIT_CATEGORICAL_COLUMNS)],
    },
  };
  const int = (name: string, v: number, min: number): void => {
    if (!Number.isInteger(v) || v < min)
      throw new InvalidArgumentError(`NeuralFitModel: ${name} must be an integer >= ${min}, got ${v}`);
  };
  const real = (name: string, v: number, lo: number, hi: number, hiOpen = false): void => {
    if (!(typeof v === 'number' && Number.isFinite(v) && v >= lo && (hiOpen ? v < hi : v <= hi))) {
      const range = hi === Infinity ? `a finite number >= ${lo}` : `in [${lo}, ${hi}${hiOpen ? ')' : ']'}`;
      throw new InvalidArgumentError(`NeuralFitModel: ${name} must be ${range}, got ${v}`);
    }
  };
  int('embeddingDim', r.embeddingDim, 1);
  int('categoryDim', r.categoryDim, 1);
  r.hidden.forEach((h, i) => int(`hidden[${i}]`, h, 1));
  int('epochs', r.epochs, 1);
  if (r.batchSize !== 'auto') int('batchSize', r.batchSize, 1);
  if (!(r.learningRate > 0 && Number.isFinite(r.learningRate))) {
    throw new InvalidArgumentError(`NeuralFitModel: learningRate must be a finite number > 0, got ${r.learningRate}`);
  }
  real('l2', r.l2, 0, Infinity);
  real('dropout', r.dropout, 0, 1, true);
  int('patience', r.patience, 0);
  real('validationFraction', r.validationFraction, 0, 1, true);
  int('minCount', r.minCount, 1);
  real('unknownRate', r.unknownRate, 0, 1, true);
  if (r.classWeight !== 'none' && r.classWeight !== 'balanced') {
    throw new InvalidArgumentError(
      `NeuralFitModel: classWeight must be 'none' or 'balanced', got ${String(r.classWeight)}`,
    );
  }
  seedOption(r.seed, 'NeuralFitModel');
  const names = [r.columns.user, r.columns.item, r.columns.label, ...r.columns.numeric, ...r.columns.categorical];
  if (new Set(names).size !== names.length) {
    throw new InvalidArgumentError(`NeuralFitModel: a column is listed twice in columns (${names.join(', ')})`);
  }
  return r;
}
