import { InvalidArgumentError } from '../core/errors.js';

/** Largest number of latent dimensions (the paper uses K = 10; more is memory, not signal). */
const MAX_K = 1000;

/**
 * How the customer and article vectors meet in the fit score:
 * - `'lv'` (latent variables, "true sizes"): the difference `u_c - v_p`, one component per size dimension
 *   (Sembium et al., RecSys 2017, with K = 1; K-LV of Misra et al., RecSys 2018);
 * - `'lf'` (latent factors, "fit semantics"): the elementwise product `u_c ⊙ v_p` (K-LF of Misra et al. 2018).
 */
export type LatentFitVariant = 'lv' | 'lf';

/** The head that turns the learned fit representation into class probabilities. */
export type LatentFitHead = 'lr' | 'ml';

/** Dataset columns a {@link LatentFitModel} reads. */
export interface LatentFitColumns {
  /** Customer id (categorical). Default `user_id`. */
  user?: string;
  /** Parent item id (categorical). Default `item_id`. */
  item?: string;
  /** Catalog size (numeric; orders the sizes of an item). Default `size`. */
  size?: string;
  /** Fit feedback (categorical with values small / fit / large). Default `fit`. */
  label?: string;
}

/** Options of {@link LatentFitModel}. Every option has a default; `??` semantics (0 is a valid value). */
export interface LatentFitOptions {
  /** `'lv'` or `'lf'` (default `'lf'`). See {@link LatentFitVariant}. */
  variant?: LatentFitVariant;
  /** Latent dimension K (default 10; 1 with `variant: 'lv'` and `biases: false` is Sembium et al.'s 1-LV). */
  K?: number;
  /** Learn the global, customer and article bias terms (default true). */
  biases?: boolean;
  /** SGD epochs over the training rows (default 10). */
  epochs?: number;
  /** SGD step size (default 0.05). */
  learningRate?: number;
  /** Multiplicative step decay per epoch (default 0.95). */
  learningRateDecay?: number;
  /** L2 penalty on customer/article vectors and biases (default 0.03). */
  l2?: number;
  /** L2 penalty on the score weights `w` (default 0.001). */
  l2Weights?: number;
  /**
   * Weights of the classes in the hinge loss: `'balanced'` (default; n / (3 n_class), so that the
   * majority class 'fit' cannot pull every score into the middle band) or `'none'`.
   */
  classWeights?: 'balanced' | 'none';
  /** Hinge margin around the thresholds b1 < b2 (default 1). */
  margin?: number;
  /**
   * Standard deviation of the initial latent vectors (default 0.1). Must be > 0 with `variant: 'lf'`: the
   * gradients of the factors u and v are proportional to v and u, so factors started at 0 never move and
   * the model would silently have biases only. 0 is allowed with `'lv'` (u − v moves from 0). With `'lv'` the first
   * dimension starts from the standardised sizes instead (see trainLatentFit), so at K = 1 this option has no effect.
   */
  initScale?: number;
  /** Enforce the size monotonicity of each item's articles by projection (default true). */
  monotone?: boolean;
  /** Head: logistic regression (`'lr'`, default) or LMNN metric + prototype k-NN (`'ml'`). */
  head?: LatentFitHead;
  /**
   * Share of the training rows held out from the latent model and used to fit the head (default 0.2;
   * 0 fits the head on the latent model's own training rows). The head then sees representations of
   * rows the latent model has not fitted, with unseen customers at a realistic rate, as at prediction time.
   */
  headHoldout?: number;
  /** L2 penalty of the logistic-regression head (default 1e-4). */
  headL2?: number;
  /** ML head: prototypes per class (k-means centres; default 100). */
  prototypesPerClass?: number;
  /** ML head: neighbours (prototypes) voting for a query (default: half of `prototypesPerClass`, rounded, at least 1). */
  neighbors?: number;
  /** ML head: class-balanced training sample for LMNN, rows per class (default 1000). */
  metricSamplePerClass?: number;
  /** ML head: LMNN SGD epochs (default 30). */
  metricEpochs?: number;
  /** Seed of every random choice (default 0). */
  seed?: number;
  /** Dataset column names. */
  columns?: LatentFitColumns;
}

/** {@link LatentFitOptions} with every default filled in. */
export type ResolvedLatentFitOptions = Required<Omit<LatentFitOptions, 'columns'>> & {
  columns: Required<LatentFitColumns>;
};

/**
 * Fills in the defaults of {@link LatentFitOptions} and checks every value.
 * @throws InvalidArgumentError naming the bad option.
 */
export function resolveLatentFitOptions(o: LatentFitOptions = {}): ResolvedLatentFitOptions {
  const r: ResolvedLatentFitOptions = {
    variant: o.variant ?? 'lf',
    K: o.K ?? 10,
    biases: o.biases ?? true,
    epochs: o.epochs ?? 10,
    learningRate: o.learningRate ?? 0.05,
    learningRateDecay: o.learningRateDecay ?? 0.95,
    l2: o.l2 ?? 0.03,
    l2Weights: o.l2Weights ?? 0.001,
    classWeights: o.classWeights ?? 'balanced',
    margin: o.margin ?? 1,
    initScale: o.initScale ?? 0.1,
    monotone: o.monotone ?? true,
    head: o.head ?? 'lr',
    headHoldout: o.headHoldout ?? 0.2,
    headL2: o.headL2 ?? 1e-4,
    prototypesPerClass: o.prototypesPerClass ?? 100,
    neighbors: o.neighbors ?? Math.max(1, Math.round((o.prototypesPerClass ?? 100) / 2)),
    metricSamplePerClass: o.metricSamplePerClass ?? 1000,
    metricEpochs: o.metricEpochs ?? 30,
    seed: o.seed ?? 0,
    columns: {
      user: o.columns?.user ?? 'user_id',
      item: o.columns?.item ?? 'item_id',
      size: o.columns?.size ?? 'size',
      label: o.columns?.label ?? 'fit',
    },
  };
  const bad = (name: string, v: unknown, rule: string): never => {
    // Numbers as written (JSON would print NaN and Infinity as null), strings quoted.
    const got = typeof v === 'number' ? String(v) : JSON.stringify(v);
    throw new InvalidArgumentError(`LatentFitModel: option ${name} must be ${rule}, got ${got}`);
  };
  if (r.variant !== 'lv' && r.variant !== 'lf') bad('variant', r.variant, "'lv' or 'lf'");
  if (r.head !== 'lr' && r.head !== 'ml') bad('head', r.head, "'lr' or 'ml'");
  if (r.classWeights !== 'balanced' && r.classWeights !== 'none')
    bad('classWeights', r.classWeights, "'balanced' or 'none'");
  const ints: [string, number, number][] = [
    ['K', r.K, 1],
    ['epochs', r.epochs, 0],
    ['prototypesPerClass', r.prototypesPerClass, 1],
    ['neighbors', r.neighbors, 1],
    ['metricSamplePerClass', r.metricSamplePerClass, 2],
    ['metricEpochs', r.metricEpochs, 0],
  ];
  for (const [name, v, min] of ints) if (!Number.isInteger(v) || v < min) bad(name, v, `an integer >= ${min}`);
  // K factors per customer and per (article, size): 1e9 would fail deep in an allocation, not here.
  if (r.K > MAX_K) bad('K', r.K, `an integer in [1, ${MAX_K}]`);
  const nonneg: [string, number][] = [
    ['l2', r.l2],
    ['l2Weights', r.l2Weights],
    ['headL2', r.headL2],
    ['initScale', r.initScale],
  ];
  for (const [name, v] of nonneg) if (!(v >= 0) || !Number.isFinite(v)) bad(name, v, 'a finite number >= 0');
  // u = v = 0 is a stationary point of the 'lf' score u ⊙ v: factors started there stay 0.
  if (r.variant === 'lf' && r.initScale === 0)
    bad('initScale', r.initScale, "> 0 with variant 'lf' (factors started at 0 never move: a biases-only model)");
  const pos: [string, number][] = [
    ['learningRate', r.learningRate],
    ['margin', r.margin],
  ];
  for (const [name, v] of pos) if (!(v > 0) || !Number.isFinite(v)) bad(name, v, 'a finite number > 0');
  if (!(r.headHoldout >= 0 && r.headHoldout < 1)) bad('headHoldout', r.headHoldout, 'in [0, 1)');
  if (!(r.learningRateDecay > 0 && r.learningRateDecay <= 1))
    bad('learningRateDecay', r.learningRateDecay, 'in (0, 1]');
  if (!Number.isSafeInteger(r.seed)) bad('seed', r.seed, 'a safe integer');
  if (typeof r.biases !== 'boolean') bad('biases', r.biases, 'a boolean');
  if (typeof r.monotone !== 'boolean') bad('monotone', r.monotone, 'a boolean');
  for (const [k, v] of Object.entries(r.columns))
    if (typeof v !== 'string' || !v) bad(`columns.${k}`, v, 'a column name');
  return r;
}
