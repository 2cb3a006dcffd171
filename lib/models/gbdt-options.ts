import { InvalidArgumentError } from '../core/errors.js';
import { seedOption } from '../core/rng.js';

/** Options of {@link GradientBoostedTrees}. Every option has a default; `0` is always a settable value. */
export interface GbdtOptions {
  /** Maximum number of boosting rounds (one tree per class per round). Default 100. */
  numRounds?: number;
  /** Shrinkage applied to every leaf value. Default 0.1. */
  learningRate?: number;
  /** Maximum leaves per tree; the tree grows leaf-wise (best-gain leaf first) up to this. Default 31. */
  numLeaves?: number;
  /** Maximum depth of a tree; -1 means no limit. Default -1. */
  maxDepth?: number;
  /**
   * Approximate minimum number of training rows in a leaf. Default 20. While searching splits, counts are
   * estimated from the hessians as in LightGBM (exact when all hessians are equal). A leaf whose rows have
   * larger hessians than its parent's average can therefore hold fewer rows than this.
   */
  minDataInLeaf?: number;
  /** Minimum sum of hessians in a leaf. Default 1e-3. */
  minSumHessianInLeaf?: number;
  /** L2 penalty on leaf values (the lambda of -G/(H+lambda)). Default 0. */
  lambdaL2?: number;
  /** A split is made only if its gain exceeds this. Default 0. */
  minGainToSplit?: number;
  /** Fraction of the features drawn (without replacement) for each tree, in (0, 1]. Default 1. */
  featureFraction?: number;
  /** Fraction of the rows drawn (without replacement) for bagging, in (0, 1]. Default 1 (no bagging). */
  baggingFraction?: number;
  /** Redraw the bagged rows every `baggingFreq` rounds; 0 disables bagging. Default 0. */
  baggingFreq?: number;
  /** Maximum number of value bins per feature (at most 255; one more bin holds NaN). Default 255. */
  maxBins?: number;
  /** Number of training rows sampled to compute the quantile bin edges. Default 200,000. */
  binSampleSize?: number;
  /** Stop when the validation log-loss has not improved for this many rounds; 0 disables. Default 0. */
  earlyStoppingRounds?: number;
  /** Fraction of the training rows held out (stratified) when early stopping has no validation set. Default 0.1. */
  validationFraction?: number;
  /** Seed of every random choice (bin sample, validation split, bagging, feature sampling). Default 0. */
  seed?: number;
  /** Names of the classes in code order (e.g. `['small', 'fit', 'large']`); default the codes 0..k-1. */
  classNames?: string[];
}

/** {@link GbdtOptions} with every default filled in. */
export type ResolvedGbdtOptions = Required<Omit<GbdtOptions, 'classNames'>> & { classNames: string[] | undefined };

/**
 * Fills in the defaults of {@link GbdtOptions} and checks every value.
 *
 * @returns the resolved options (a new object).
 * @throws InvalidArgumentError naming the first option out of range.
 */
export function resolveGbdtOptions(o: GbdtOptions = {}): ResolvedGbdtOptions {
  const r: ResolvedGbdtOptions = {
    numRounds: o.numRounds ?? 100,
    learningRate: o.learningRate ?? 0.1,
    numLeaves: o.numLeaves ?? 31,
    maxDepth: o.maxDepth ?? -1,
    minDataInLeaf: o.minDataInLeaf ?? 20,
    minSumHessianInLeaf: o.minSumHessianInLeaf ?? 1e-3,
    lambdaL2: o.lambdaL2 ?? 0,
    minGainToSplit: o.minGainToSplit ?? 0,
    featureFraction: o.featureFraction ?? 1,
    baggingFraction: o.baggingFraction ?? 1,
    baggingFreq: o.baggingFreq ?? 0,
    maxBins: o.maxBins ?? 255,
    binSampleSize: o.binSampleSize ?? 200_000,
    earlyStoppingRounds: o.earlyStoppingRounds ?? 0,
    validationFraction: o.validationFraction ?? 0.1,
    seed: o.seed ?? 0,
    classNames: o.classNames === undefined ? undefined : o.classNames.slice(),
  };
  const int = (name: keyof ResolvedGbdtOptions, lo: number, hi = Infinity): void => {
    const v = r[name] as number;
    if (!Number.isInteger(v) || v < lo || v > hi) {
      throw new InvalidArgumentError(
        `GradientBoostedTrees: ${name} must be an integer in [${lo}, ${hi === Infinity ? '∞' : hi}], got ${v}`,
      );
    }
  };
  const real = (name: keyof ResolvedGbdtOptions, lo: number, hi: number, loOpen: boolean): void => {
    const v = r[name] as number;
    // finite as well: an infinite learning rate gave NaN probabilities, an infinite L2 penalty trees that do nothing
    if (typeof v !== 'number' || !Number.isFinite(v) || !(loOpen ? v > lo : v >= lo) || !(v <= hi)) {
      throw new InvalidArgumentError(
        `GradientBoostedTrees: ${name} must be ${hi === Infinity ? 'a finite number ' : ''}in ${loOpen ? '(' : '['}${lo}, ${hi === Infinity ? '∞)' : `${hi}]`}, got ${v}`,
      );
    }
  };
  int('numRounds', 1);
  real('learningRate', 0, Infinity, true);
  int('numLeaves', 2, 65_536);
  if (r.maxDepth !== -1) int('maxDepth', 1);
  int('minDataInLeaf', 1);
  real('minSumHessianInLeaf', 0, Infinity, false);
  real('lambdaL2', 0, Infinity, false);
  real('minGainToSplit', 0, Infinity, false);
  real('featureFraction', 0, 1, true);
  real('baggingFraction', 0, 1, true);
  int('baggingFreq', 0);
  int('maxBins', 2, 255);
  int('binSampleSize', 2);
  int('earlyStoppingRounds', 0);
  real('validationFraction', 0, 1, true);
  if (r.validationFraction >= 1) {
    throw new InvalidArgumentError(
      `GradientBoostedTrees: validationFraction must be below 1, got ${r.validationFraction}`,
    );
  }
  seedOption(r.seed, 'GradientBoostedTrees');
  if (r.classNames !== undefined) {
    if (r.classNames.length < 2 || r.classNames.some((c) => typeof c !== 'string')) {
      throw new InvalidArgumentError('GradientBoostedTrees: classNames must be at least 2 strings');
    }
    if (new Set(r.classNames).size !== r.classNames.length) {
      throw new InvalidArgumentError(`GradientBoostedTrees: classNames has duplicates: ${r.classNames.join(', ')}`);
    }
  }
  return r;
}
