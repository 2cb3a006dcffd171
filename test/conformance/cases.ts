// Conformance cases: one factory per registered estimator kind. To add a kind, register it in lib
// (registerEstimator(kind, fromJSON, capabilities)) and add an entry here; the suite in
// conformance.test.ts picks its checks from the capability tags and fails for a kind without a case.
import {
  ArticleFeatures,
  BinDiscretizer,
  BodyFeatures,
  CategoricalFeatures,
  CustomerHistoryFeatures,
  GradientBoostedTrees,
  EnsembleFitModel,
  LogisticRegression,
  PipelineModel,
  PriorFitModel,
  TemperatureScaling,
  VectorScaling,
  ColumnarDataset as Dataset,
  featureMatrix,
  type FitModel,
  OneHotEncoder,
  OrdinalEncoder,
  PCA,
  RobustScaler,
  Rng,
  SimpleImputer,
  StandardScaler,
  TargetEncoder,
  matrixFromRows,
  sizeFitFeaturePipeline,
  type ColumnarDataset,
  type DatasetTransformer,
  type Estimator,
  type FeatureMatrix,
  type MatrixTransformer,
} from '../../lib/index.js';
import { syntheticRentals } from '../features/make-dataset.js';

/** A case for a `transformer` (numeric matrix in, matrix out). */
export interface MatrixCase {
  input: 'matrix';
  /** A new, unfitted instance; stochastic kinds must use `seed`. */
  make(seed: number): MatrixTransformer;
  /** Example training data (no NaN unless the kind handles it; at least 6 rows). */
  X: FeatureMatrix;
  /** Targets for supervised kinds (class codes or values). */
  y?: number[];
  /** Rows to transform after fit (defaults to X): must not throw. */
  rows?: FeatureMatrix;
}

/** A case for a `dataset-transformer` (ColumnarDataset in, matrix out). */
export interface DatasetCase {
  input: 'dataset';
  make(seed: number): DatasetTransformer;
  /** Training rows (labels in the `fit` column for supervised kinds). */
  train: ColumnarDataset;
  /** New rows to transform. */
  rows: ColumnarDataset;
  /** A column the fitted kind needs at transform time: dropping it must throw. */
  requiredColumn: string;
}

/**
 * A classifier (models issue): `predictProba` gives n x k probabilities (a Float64Array or a
 * FeatureMatrix) in the column order of `classes`; `predict` gives, per row, the argmax as a class
 * index or as the class itself. `D` is its input: a FeatureMatrix or a ColumnarDataset. `fit` may
 * return a Promise (GbdtBag growing forests in worker threads); the suite awaits it.
 */
export interface ClassifierLike<D> extends Estimator {
  readonly classes: readonly (string | number)[];
  fit(data: D, y?: ArrayLike<number>): this | Promise<this>;
  predictProba(data: D): Float64Array | FeatureMatrix;
  predict(data: D): ArrayLike<number | string>;
}

/** A case for a `classifier`, generic over its input type. */
export interface ClassifierCase<D = unknown> {
  input: 'classifier';
  make(seed: number): ClassifierLike<D>;
  /** Training data and (when the model takes them separately) class codes. */
  train: D;
  y?: number[];
  /** Rows to predict. */
  rows: D;
  /** Rows `indices` of `data`, in that order (for row-by-row and permutation checks). */
  take(data: D, indices: ArrayLike<number>): D;
  /** Number of rows of `data`. */
  length(data: D): number;
  /** Inputs that must throw InvalidArgumentError (wrong feature count, NaN where not allowed, empty...). */
  badInputs: D[];
  /** A configuration documented to learn the same model (e.g. the same bag grown without worker threads). */
  sameAs?: { what: string; make(seed: number): ClassifierLike<D> };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ConformanceCase = MatrixCase | DatasetCase | ClassifierCase<any> | FitModelCase;

/** Seeded numeric data: `n` rows, `p` correlated columns with distinct scales. */
export function numericData(n: number, p: number, seed: number, nanRate = 0): FeatureMatrix {
  const rng = new Rng(seed);
  const rows = Array.from({ length: n }, () => {
    const f = rng.normal();
    return Array.from({ length: p }, (_, j) => (rng.bernoulli(nanRate) ? NaN : (j + 1) * (f + rng.normal(0, 0.5)) + j));
  });
  return matrixFromRows(
    rows,
    Array.from({ length: p }, (_, j) => `f${j}`),
  );
}

/** Seeded category codes: `n` rows, `p` columns with `k` levels each. */
export function codeData(n: number, p: number, k: number, seed: number): FeatureMatrix {
  const rng = new Rng(seed);
  return matrixFromRows(
    Array.from({ length: n }, () => Array.from({ length: p }, () => rng.int(k))),
    Array.from({ length: p }, (_, j) => `c${j}`),
  );
}

const rentals = syntheticRentals(240, { users: 40, items: 12, categories: 4, seed: 5 });
const rentalTrain = rentals.take(Array.from({ length: 200 }, (_, i) => i));
const rentalRows = rentals.take(Array.from({ length: 40 }, (_, i) => 200 + i));
const codes = codeData(60, 2, 4, 2);
const codeY = Array.from(
  codes.data.filter((_, k) => k % 2 === 0),
  (c) => (c + (c > 1 ? 1 : 0)) % 3,
);

/** kind -> factory of its conformance case. */
export const conformanceCases: Record<string, () => ConformanceCase> = {
  'standard-scaler': () => ({ input: 'matrix', make: () => new StandardScaler(), X: numericData(30, 3, 1, 0.1) }),
  'robust-scaler': () => ({ input: 'matrix', make: () => new RobustScaler(), X: numericData(30, 3, 2, 0.1) }),
  'simple-imputer': () => ({
    input: 'matrix',
    make: () => new SimpleImputer({ addIndicator: true }),
    X: numericData(30, 3, 3, 0.15),
  }),
  'one-hot-encoder': () => ({ input: 'matrix', make: () => new OneHotEncoder(), X: codes }),
  'ordinal-encoder': () => ({ input: 'matrix', make: () => new OrdinalEncoder(), X: codes }),
  'target-encoder': () => ({
    input: 'matrix',
    make: (seed) => new TargetEncoder({ nClasses: 3, seed, nFolds: 3 }),
    X: codes,
    y: codeY,
  }),
  'bin-discretizer': () => ({
    input: 'matrix',
    make: () => new BinDiscretizer({ nBins: 4 }),
    X: numericData(40, 3, 4, 0.1),
  }),
  pca: () => ({ input: 'matrix', make: () => new PCA({ nComponents: 3, scale: true }), X: numericData(40, 4, 5) }),
  'body-features': () => ({
    input: 'dataset',
    make: () => new BodyFeatures(),
    train: rentalTrain,
    rows: rentalRows,
    requiredColumn: 'height_cm',
  }),
  'categorical-features': () => ({
    input: 'dataset',
    make: () => new CategoricalFeatures(),
    train: rentalTrain,
    rows: rentalRows,
    requiredColumn: 'body_type',
  }),
  'customer-history-features': () => ({
    input: 'dataset',
    make: (seed) => new CustomerHistoryFeatures({ seed }),
    train: rentalTrain,
    rows: rentalRows,
    requiredColumn: 'user_id',
  }),
  'article-features': () => ({
    input: 'dataset',
    make: (seed) => new ArticleFeatures({ seed }),
    train: rentalTrain,
    rows: rentalRows,
    requiredColumn: 'item_id',
  }),
  'feature-pipeline': () => ({
    input: 'dataset',
    make: (seed) => sizeFitFeaturePipeline({ seed }),
    train: rentalTrain,
    rows: rentalRows,
    requiredColumn: 'size',
  }),
  gbdt: () => {
    const X = numericData(120, 3, 6, 0.1);
    const y = Array.from({ length: X.n }, (_, i) => (X.data[i * 3] > 0 ? 1 : 0) + (X.data[i * 3 + 1] > 2 ? 1 : 0));
    return {
      input: 'classifier',
      make: (seed: number) =>
        new GradientBoostedTrees({ numRounds: 10, minDataInLeaf: 5, baggingFraction: 0.8, baggingFreq: 1, seed }),
      train: X,
      y,
      rows: numericData(30, 3, 7, 0.1),
      take: (d: FeatureMatrix, idx: ArrayLike<number>) =>
        matrixFromRows(Array.from(idx, (i) => d.data.subarray(i * 3, i * 3 + 3))),
      length: (d: FeatureMatrix) => d.n,
      badInputs: [numericData(5, 2, 8), matrixFromRows([], ['f0', 'f1', 'f2'])],
    };
  },
  // The class shares of the labels: no column but the label is read.
  prior: () =>
    fitModelCase(() => new PriorFitModel({ pseudoCount: 1 }), {
      catalog: 'prior',
      coldStart: 'training-shares',
      requiredColumns: [],
    }),
  'pipeline-model': () =>
    fitModelCase(
      (seed) =>
        new PipelineModel({
          pipeline: sizeFitFeaturePipeline({ seed }),
          classifier: new GradientBoostedTrees({ numRounds: 8, minDataInLeaf: 5, earlyStoppingRounds: 3, seed }),
          seed,
        }),
      { catalog: 'gbdt' },
    ),
  ensemble: () =>
    fitModelCase(
      (seed) =>
        new EnsembleFitModel({
          members: [
            () => new PriorFitModel(),
            () =>
              new PipelineModel({
                pipeline: sizeFitFeaturePipeline({ seed }),
                classifier: new LogisticRegression({ l2: 0.01 }),
              }),
          ],
          calibrationFraction: 0.25,
          seed,
        }),
    ),
  'logistic-regression': () => {
    const X = numericData(80, 3, 9);
    const y = Array.from({ length: X.n }, (_, i) => (X.data[i * 3] > 0.3 ? 1 : 0) + (X.data[i * 3 + 2] > 3 ? 1 : 0));
    const Xn = numericData(4, 3, 10);
    Xn.data[5] = NaN;
    return {
      input: 'classifier',
      make: () => new LogisticRegression({ l2: 0.01 }),
      train: X,
      y,
      rows: numericData(25, 3, 11),
      take: (d: FeatureMatrix, idx: ArrayLike<number>) =>
        matrixFromRows(
          Array.from(idx, (i) => d.data.subarray(i * 3, i * 3 + 3)),
          d.names,
        ),
      length: (d: FeatureMatrix) => d.n,
      badInputs: [numericData(5, 2, 8), matrixFromRows([], ['f0', 'f1', 'f2']), Xn],
    };
  },
  'temperature-scaling': () => ({ input: 'matrix', make: () => new TemperatureScaling(), ...probabilityData(60, 12) }),
  'vector-scaling': () => ({ input: 'matrix', make: () => new VectorScaling(), ...probabilityData(60, 13) }),
};

/** A {@link FitModel} with `predict` (class codes). */
export type FitModelLike = FitModel & { predict(data: Dataset): ArrayLike<number> };

/**
 * A case for a dataset-level {@link FitModel} (small / fit / large from a ColumnarDataset with a `fit`
 * column). Its `fit` may be asynchronous; the suite awaits it.
 */
export interface FitModelCase {
  input: 'fit-model';
  make(seed: number): FitModelLike;
  /** Labelled training rows. */
  train: Dataset;
  /** Rows to predict; the first ones have a customer and an article never seen in training. */
  rows: Dataset;
  /** Number of leading rows of `rows` with an unseen customer and article. */
  unseen: number;
  /** Labelled rows whose customers and articles all occur nowhere in `train` (new bodies too). */
  cold: Dataset;
  /**
   * Set when the model documents that a row whose customer and article are both unseen gets the class
   * shares of the training labels (PriorFitModel for every row, LatentFitModel for such rows).
   */
  coldStart?: 'training-shares';
  /** The `sizefit models` catalog entry this case configures (with small, fast settings). */
  catalog?: string;
  /** Inputs whose prediction must throw InvalidArgumentError. */
  badInputs: Dataset[];
  /**
   * Columns the fitted model needs: rows to predict without one must make predictProba throw, and (unless listed in
   * `optionalInTraining`) training rows without one must make fit reject, with an InvalidArgumentError naming it.
   */
  requiredColumns: readonly string[];
  /** Columns of `requiredColumns` that fit does without (the model then does not read them). */
  optionalInTraining?: readonly string[];
  /** A configuration documented to learn the same model (e.g. the same bag trained without worker threads). */
  sameAs?: { what: string; make(seed: number): FitModelLike };
}

/**
 * Renames the customer and article of the first `m` rows to ids that occur nowhere else
 * (`${prefix}-user_id-0`, ...; with `reverse`, row 0 takes the last new id and code).
 */
export function withUnseenIds(ds: Dataset, m: number, prefix = 'unseen', reverse = false): Dataset {
  return withNewIds(
    ds,
    Array.from({ length: m }, (_, i) => i),
    prefix,
    reverse,
  );
}

/** Gives each of `rows` its own customer and article, ids that occur nowhere else. */
function withNewIds(ds: Dataset, rows: readonly number[], prefix: string, reverse = false): Dataset {
  const m = rows.length;
  const cols = new Map(ds.columnNames.map((c) => [c, ds.column(c)]));
  for (const name of ['user_id', 'item_id']) {
    const col = ds.categories(name);
    const codes = col.codes.slice();
    rows.forEach((r, i) => (codes[r] = col.categories.length + (reverse ? m - 1 - i : i)));
    const categories = [...col.categories, ...Array.from({ length: m }, (_, i) => `${prefix}-${name}-${i}`)];
    cols.set(name, { type: 'category', codes, categories });
  }
  return new Dataset(ds.schema, cols, ds.lineNumbers, ds.meta);
}

// Fit models train on rentals of which every third is a one-off: a customer and an article seen in no
// other row (RentTheRunway: most customers rent once). So every model meets rows without history in
// training and in its cross-fitting folds, and its answer for a cold row is learned, not extrapolated.
const fitTrain = withNewIds(
  rentalTrain,
  Array.from({ length: Math.ceil(rentalTrain.length / 3) }, (_, i) => 3 * i),
  'once',
);
// New customers (new bodies) renting new articles: a fresh synthetic sample, every id renamed unseen.
const coldRentals = withUnseenIds(
  syntheticRentals(200, { users: 40, items: 12, categories: 4, seed: 77 }),
  200,
  'cold',
);

/** The columns every fit model of the catalog but `prior` reads: customer, article (item) and size. */
const ID_AND_SIZE_COLUMNS = ['user_id', 'item_id', 'size'] as const;

function fitModelCase(
  make: FitModelCase['make'],
  tags: Pick<FitModelCase, 'catalog' | 'coldStart' | 'sameAs' | 'optionalInTraining'> & {
    requiredColumns?: readonly string[];
  } = {},
): FitModelCase {
  return {
    input: 'fit-model',
    make,
    train: fitTrain,
    rows: withUnseenIds(rentalRows, 5),
    unseen: 5,
    cold: coldRentals,
    badInputs: [rentalRows.take([])],
    requiredColumns: ID_AND_SIZE_COLUMNS,
    ...tags,
  };
}

/** Seeded probability rows (n x 3, over-confident: softmax of 3 x scores) and class codes drawn from softmax(scores). */
export function probabilityData(n: number, seed: number): { X: FeatureMatrix; y: number[] } {
  const rng = new Rng(seed);
  const data = new Float64Array(n * 3);
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const s = [rng.normal(), rng.normal(), rng.normal()];
    const e = s.map((v) => Math.exp(v));
    const t = e.reduce((a, b) => a + b, 0);
    y.push(rng.categorical(e.map((v) => v / t)));
    const e3 = s.map((v) => Math.exp(3 * v));
    const t3 = e3.reduce((a, b) => a + b, 0);
    for (let c = 0; c < 3; c++) data[i * 3 + c] = e3[c] / t3;
  }
  return { X: featureMatrix(data, n, 3, ['small', 'fit', 'large']), y };
}

// Relative-size features and raw column codes (the best fit model's feature steps, issue 5).
import {
  CustomerRecencyFeatures,
  RawColumnFeatures,
  RelativeSizeFeatures,
  RenterSizeFeatures,
  TimelineFeatures,
} from '../../lib/index.js';

conformanceCases['relative-size-features'] = () => ({
  input: 'dataset',
  make: (seed) => new RelativeSizeFeatures({ seed, nFolds: 4 }),
  train: rentalTrain,
  rows: rentalRows,
  requiredColumn: 'item_id',
});

conformanceCases['customer-recency-features'] = () => ({
  input: 'dataset',
  make: (seed) => new CustomerRecencyFeatures({ seed, nFolds: 4 }),
  train: rentalTrain,
  rows: rentalRows,
  requiredColumn: 'user_id',
});

conformanceCases['timeline-features'] = () => ({
  input: 'dataset',
  make: () => new TimelineFeatures(),
  train: rentalTrain,
  rows: rentalRows,
  requiredColumn: 'item_id',
});

conformanceCases['renter-size-features'] = () => ({
  input: 'dataset',
  make: () => new RenterSizeFeatures(),
  train: rentalTrain,
  rows: rentalRows,
  requiredColumn: 'size',
});

conformanceCases['raw-column-features'] = () => ({
  input: 'dataset',
  make: () => new RawColumnFeatures(),
  train: rentalTrain,
  rows: rentalRows,
  requiredColumn: 'rented_for',
});

// The published latent fit models (one kind, presets) and the TensorFlow.js neural fit model.
import { LatentFitModel, NeuralFitModel } from '../../lib/index.js';

conformanceCases['latent-fit'] = () =>
  fitModelCase((seed) => new LatentFitModel({ variant: 'lf', head: 'lr', K: 4, epochs: 4, seed }), {
    catalog: 'k-lf-lr',
    coldStart: 'training-shares',
  });

// Its numeric columns (size among them) are optional in training: it uses those the training rows have.
conformanceCases['neural-fit'] = () =>
  fitModelCase((seed) => new NeuralFitModel({ seed, epochs: 2, embeddingDim: 4, batchSize: 64 }), {
    catalog: 'neural',
    optionalInTraining: ['size'],
  });

// Bagging of a catalog model over seeds (the `best` configuration uses it with gbdt-relative).
import { BaggedFitModel } from '../../lib/index.js';

conformanceCases['bagged'] = () =>
  fitModelCase((seed) => new BaggedFitModel({ member: 'logistic', seeds: [seed, seed + 1], workers: 0 }));

// Bagged gradient-boosted forests on one feature matrix (the classifier of the `best` configuration),
// grown in this thread so that `fit` is synchronous like the other matrix classifiers.
import { GbdtBag } from '../../lib/index.js';

conformanceCases['gbdt-bag'] = () => {
  const c = conformanceCases['gbdt']() as ClassifierCase<FeatureMatrix>;
  return {
    ...c,
    make: (seed: number) =>
      new GbdtBag({
        seeds: [seed, seed + 1],
        gbdt: { numRounds: 10, minDataInLeaf: 5, baggingFraction: 0.8, baggingFreq: 1 },
        workers: 0,
      }) as unknown as ClassifierLike<FeatureMatrix>,
  };
};

// Further configurations of registered kinds, each checked like its kind's case: every model the catalog
// offers (`sizefit models`, lib/models/model-catalog.ts) that no case above configures, with small, fast
// settings but the catalog's structure, and the worker-thread paths (workers: 2) of the bagged models.
import {
  BEST_BAG_GBDT,
  BEST_GBDT,
  gbdtFeaturePipeline,
  latentFitPreset,
  type LatentFitPresetName,
} from '../../lib/index.js';

/** A conformance case for a further configuration of the registered kind `kind`. */
export interface ConfigurationCase {
  kind: string;
  /** What the configuration is (names the describe block). */
  name: string;
  make(): ConformanceCase;
}

/** Few rounds and small leaves, for 200 rows. */
const smallForest = { numRounds: 20, minDataInLeaf: 10, earlyStoppingRounds: 5 };
/** The forest of `gbdt-relative` (the catalog's BEST_GBDT), small. */
const smallBestGbdt = { ...BEST_GBDT, ...smallForest };
/** The forests of `best` (the catalog's BEST_BAG_GBDT: half the features per tree), small. */
const smallBestBagGbdt = { ...BEST_BAG_GBDT, ...smallForest };

/** `gbdt-relative` (bestGbdtModel): the relative-size feature pipeline and one forest. */
function smallGbdtRelative(seed: number): PipelineModel {
  return new PipelineModel({
    pipeline: gbdtFeaturePipeline({ seed, nFolds: 4 }),
    classifier: new GradientBoostedTrees({ ...smallBestGbdt, seed }),
    seed,
  });
}

/** A published latent preset with K = 4, 4 epochs and (for the ML head) a small metric sample and prototype set. */
function smallLatent(name: LatentFitPresetName, seed: number): LatentFitModel {
  const small = { seed, epochs: 4, prototypesPerClass: 6, metricSamplePerClass: 20, metricEpochs: 3 };
  return latentFitPreset(name, name === '1-LV-LR' ? small : { ...small, K: 4 });
}

/** `best` (bestModel): the relative-size feature pipeline and 3 forests, grown in `workers` threads. */
function smallBest(seed: number, workers: number): PipelineModel {
  return new PipelineModel({
    pipeline: gbdtFeaturePipeline({ seed, nFolds: 4 }),
    classifier: new GbdtBag({ seeds: [seed, seed + 1, seed + 2], gbdt: smallBestBagGbdt, workers }),
    validationFraction: 0,
    seed,
  });
}

function smallNeural(seed: number): NeuralFitModel {
  return new NeuralFitModel({ seed, epochs: 2, embeddingDim: 4, batchSize: 64 });
}

const latentShares = { coldStart: 'training-shares' } as const;

export const configurationCases: ConfigurationCase[] = [
  {
    kind: 'pipeline-model',
    name: 'catalog logistic',
    make: () =>
      fitModelCase(
        (seed) =>
          new PipelineModel({
            pipeline: sizeFitFeaturePipeline({ seed }),
            classifier: new LogisticRegression({ l2: 1 }),
            seed,
          }),
        { catalog: 'logistic' },
      ),
  },
  {
    kind: 'pipeline-model',
    name: 'catalog gbdt-relative (relative-size features)',
    make: () => fitModelCase(smallGbdtRelative, { catalog: 'gbdt-relative' }),
  },
  {
    kind: 'latent-fit',
    name: 'catalog 1-lv-lr (no biases, K = 1)',
    make: () => fitModelCase((seed) => smallLatent('1-LV-LR', seed), { catalog: '1-lv-lr', ...latentShares }),
  },
  {
    kind: 'latent-fit',
    name: 'catalog k-lv-lr',
    make: () => fitModelCase((seed) => smallLatent('K-LV-LR', seed), { catalog: 'k-lv-lr', ...latentShares }),
  },
  {
    kind: 'latent-fit',
    name: 'catalog k-lv-ml (metric-learning head)',
    make: () => fitModelCase((seed) => smallLatent('K-LV-ML', seed), { catalog: 'k-lv-ml', ...latentShares }),
  },
  {
    kind: 'latent-fit',
    name: 'catalog k-lf-ml (metric-learning head)',
    make: () => fitModelCase((seed) => smallLatent('K-LF-ML', seed), { catalog: 'k-lf-ml', ...latentShares }),
  },
  {
    kind: 'ensemble',
    name: 'catalog ensemble (gbdt-relative, neural, k-lf-lr)',
    make: () =>
      fitModelCase(
        (seed) =>
          new EnsembleFitModel({
            members: [() => smallGbdtRelative(seed), () => smallNeural(seed), () => smallLatent('K-LF-LR', seed)],
            // 25% of 200 rows (the catalog's 15% would be 30): temperatures fitted on fewer rows sharpen
            // some seeds' predictions for never-seen customers far past the training shares.
            calibrationFraction: 0.25,
            seed,
          }),
        { catalog: 'ensemble' },
      ),
  },
  {
    kind: 'pipeline-model',
    name: 'catalog best (relative-size features, 3 forests grown in 2 worker threads)',
    make: () =>
      fitModelCase((seed) => smallBest(seed, 2), {
        catalog: 'best',
        sameAs: { what: 'the forests grown in this thread', make: (seed) => smallBest(seed, 0) },
      }),
  },
  {
    kind: 'gbdt-bag',
    name: 'forests grown in 2 worker threads',
    make: () => {
      const c = conformanceCases['gbdt-bag']() as ClassifierCase<FeatureMatrix>;
      const bag = (seed: number, workers: number): ClassifierLike<FeatureMatrix> =>
        new GbdtBag({
          seeds: [seed, seed + 1, seed + 2],
          gbdt: { numRounds: 10, minDataInLeaf: 5, baggingFraction: 0.8, baggingFreq: 1 },
          workers,
        }) as unknown as ClassifierLike<FeatureMatrix>;
      return {
        ...c,
        make: (seed: number) => bag(seed, 2),
        sameAs: { what: 'the forests grown in this thread', make: (seed: number) => bag(seed, 0) },
      };
    },
  },
  {
    kind: 'bagged',
    name: 'members trained in 2 worker threads',
    make: () => {
      const bagged = (seed: number, workers: number): BaggedFitModel =>
        new BaggedFitModel({ member: 'logistic', seeds: [seed, seed + 1], workers });
      return fitModelCase((seed) => bagged(seed, 2), {
        sameAs: { what: 'the members trained in this thread', make: (seed) => bagged(seed, 0) },
      });
    },
  },
];
