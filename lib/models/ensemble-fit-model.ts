import { InvalidArgumentError, ModelFormatError, NotFittedError } from '../core/errors.js';
import {
  checkEstimatorJSON,
  decodeNumbers,
  encodeNumbers,
  estimatorFromJSON,
  registerEstimator,
  type EstimatorJSON,
} from '../core/estimator.js';
import { FIT_CLASSES } from '../core/labels.js';
import type { ColumnarDataset } from '../data/columnar-dataset.js';
import { featureMatrix } from '../features/feature-matrix.js';
import { CALIBRATION_EPS } from './calibration-log-proba.js';
import { mixtureWeights } from './mixture-weights.js';
import { TemperatureScaling } from './calibration-temperature-scaling.js';
import { fitModelProblem, type FitModel, type FitModelFitOptions } from './fit-model.js';
import { heldOutRows } from './pipeline-model.js';
import { argmaxRows, fitLabelCodes } from './prior-fit-labels.js';

const KIND = 'ensemble';
const VERSION = 1;

/** Options of {@link EnsembleFitModel}. */
export interface EnsembleFitModelOptions {
  /** Factories of the member models (each call returns a new, unfitted model); at least one. */
  members: (() => FitModel)[];
  /** Share of the labelled rows held out (seeded, stratified) to fit temperatures and weights (default 0.15). */
  calibrationFraction?: number;
  /** Seed of the held-out rows (default 0). Members are seeded by their own factories. */
  seed?: number;
  /** After calibration, refit every member on all training rows (default false). */
  refit?: boolean;
  /** Fit a temperature per member before combining (default true; false keeps T = 1). */
  calibrate?: boolean;
  /** Most passes over the held-out rows in fitting the weights (default 1000; a few dozen are usual). */
  maxIterations?: number;
}

interface FittedEnsemble {
  members: FitModel[];
  calibrators: TemperatureScaling[];
  weights: Float64Array;
  /** Held-out mean log-loss of each calibrated member and of the combination. */
  heldOutLogLoss: { members: number[]; ensemble: number };
}

/**
 * A weighted average of calibrated member probabilities (a linear opinion pool):
 * P(c | row) = Σ_m w_m softmax(log P_m(c | row) / T_m), w on the simplex.
 *
 * `fit` holds out a seeded, stratified share of the labelled rows (or uses the `validation` rows given
 * to `fit`), fits every member on the rest (awaiting asynchronous fits, one member at a time), fits one
 * temperature per member on the held-out rows ({@link TemperatureScaling}), then the weights that
 * maximise the held-out log-likelihood of the average. The log-likelihood is concave in w; the maximum
 * is found by Newton steps on the simplex, to within 1e-10 of it (a bound from the gradient, see
 * {@link mixtureWeights}); a member the maximum leaves out gets a weight of exactly 0. With `refit: true`,
 * the members are then refitted on all training rows, keeping the temperatures and weights. This pool was
 * chosen over stacking for robustness: it has M − 1 free parameters and, up to that 1e-10, cannot do worse
 * on the held-out rows than its best calibrated member.
 */
export class EnsembleFitModel implements FitModel {
  readonly kind = KIND;
  readonly classes: readonly string[] = FIT_CLASSES;
  private readonly opts: EnsembleFitModelOptions;
  private state: FittedEnsemble | undefined;

  /** Stores the options (checked at `fit`). */
  constructor(options: EnsembleFitModelOptions) {
    this.opts = { ...options, members: options.members.slice() };
  }

  /** True once fitted or loaded. */
  get isFitted(): boolean {
    return this.state !== undefined;
  }

  /** The fitted members. @throws NotFittedError. */
  get members(): readonly FitModel[] {
    return this.fitted().members.slice();
  }

  /** Combination weights, one per member, summing to 1. @throws NotFittedError. */
  get weights(): Float64Array {
    return this.fitted().weights.slice();
  }

  /** Temperatures, one per member. @throws NotFittedError. */
  get temperatures(): number[] {
    return this.fitted().calibrators.map((t) => t.temperature);
  }

  /** Held-out mean log-loss of each calibrated member and of the ensemble. @throws NotFittedError. */
  get heldOutLogLoss(): { members: number[]; ensemble: number } {
    const h = this.fitted().heldOutLogLoss;
    return { members: h.members.slice(), ensemble: h.ensemble };
  }

  /**
   * Fits members, temperatures and weights (see the class description); replaces any earlier fit.
   *
   * @param options - `validation`: labelled rows to calibrate on instead of holding rows out (the
   * members are then fitted on all of `data`); `log`: progress lines.
   * @returns a promise of this.
   * @throws InvalidArgumentError without members, on a bad option, without a `fit` column or
   * labelled rows, for a member that is not a fit model over the classes small, fit, large (naming it and what it
   * lacks: "member 1 ('gbdt') ...: it reads a feature matrix (it has numFeatures), not a dataset", checked when its
   * turn comes, before it is fitted); and what the members throw.
   */
  async fit(data: ColumnarDataset, options: FitModelFitOptions = {}): Promise<this> {
    const { members } = this.opts;
    if (!Array.isArray(members) || members.length === 0)
      throw new InvalidArgumentError('EnsembleFitModel: needs at least one member');
    const fraction = this.opts.calibrationFraction ?? 0.15;
    const seed = this.opts.seed ?? 0;
    const maxIterations = this.opts.maxIterations ?? 1000;
    if (!(fraction > 0 && fraction < 1))
      throw new InvalidArgumentError(`EnsembleFitModel: calibrationFraction must be in (0, 1), got ${fraction}`);
    if (!(Number.isInteger(maxIterations) && maxIterations >= 0))
      throw new InvalidArgumentError(`EnsembleFitModel: maxIterations must be an integer >= 0`);
    const log = options.log;
    const y = fitLabelCodes(data, 'EnsembleFitModel');
    let memberDs = data;
    let calDs: ColumnarDataset;
    if (options.validation !== undefined) {
      calDs = options.validation;
    } else {
      const { train, held } = heldOutRows(y, fraction, seed, 'EnsembleFitModel');
      memberDs = data.take(train);
      calDs = data.take(held);
    }
    const yAll = fitLabelCodes(calDs, 'EnsembleFitModel');
    const calRows: number[] = [];
    for (let i = 0; i < yAll.length; i++) if (yAll[i] >= 0) calRows.push(i);
    if (calRows.length === 0) throw new InvalidArgumentError('EnsembleFitModel: no labelled calibration row');
    if (calRows.length < yAll.length) calDs = calDs.take(calRows);
    const yCal = Int32Array.from(calRows, (i) => yAll[i]);
    const nc = yCal.length;

    this.state = undefined;
    const fittedMembers: FitModel[] = [];
    const calibrators: TemperatureScaling[] = [];
    const Q: Float64Array[] = [];
    for (let m = 0; m < members.length; m++) {
      const model = members[m]();
      const problem = fitModelProblem(model);
      if (problem !== undefined) throw new InvalidArgumentError(`EnsembleFitModel: ${notFitModel(m, model, problem)}`);
      log?.(`EnsembleFitModel: member ${m} (${model.kind}) on ${memberDs.length} rows`);
      await model.fit(memberDs);
      const P = model.predictProba(calDs);
      const X = featureMatrix(clipRows(P), nc, 3, [...FIT_CLASSES]);
      const ts =
        (this.opts.calibrate ?? true)
          ? new TemperatureScaling().fit(X, yCal)
          : TemperatureScaling.fromJSON({
              kind: 'temperature-scaling',
              version: 1,
              names: [...FIT_CLASSES],
              temperature: 1,
            });
      fittedMembers.push(model);
      calibrators.push(ts);
      Q.push(ts.transform(X).data);
    }
    const q = Q.map((Pm) => Float64Array.from(yCal, (c, i) => Math.max(Pm[i * 3 + c], CALIBRATION_EPS)));
    const weights = mixtureWeights(q, maxIterations).weights;
    const memberLoss = q.map((qm) => -qm.reduce((s, v) => s + Math.log(v), 0) / nc);
    let ensembleLoss = 0;
    for (let i = 0; i < nc; i++) {
      let s = 0;
      for (let m = 0; m < q.length; m++) s += weights[m] * q[m][i];
      ensembleLoss -= Math.log(s);
    }
    ensembleLoss /= nc;
    log?.(
      `EnsembleFitModel: weights ${Array.from(weights, (w) => w.toFixed(3)).join(', ')}; held-out log-loss ${ensembleLoss.toFixed(4)}`,
    );
    if ((this.opts.refit ?? false) && options.validation === undefined) {
      for (let m = 0; m < fittedMembers.length; m++) {
        log?.(`EnsembleFitModel: refitting member ${m} on ${data.length} rows`);
        await fittedMembers[m].fit(data);
      }
    }
    this.state = {
      members: fittedMembers,
      calibrators,
      weights,
      heldOutLogLoss: { members: memberLoss, ensemble: ensembleLoss },
    };
    return this;
  }

  /**
   * The weighted average of the calibrated member probabilities, n x 3.
   * @throws NotFittedError; InvalidArgumentError on an empty dataset; what the members throw.
   */
  predictProba(data: ColumnarDataset): Float64Array {
    const st = this.fitted();
    if (data.length === 0) throw new InvalidArgumentError('EnsembleFitModel: the dataset has no rows');
    const n = data.length;
    const out = new Float64Array(n * 3);
    for (let m = 0; m < st.members.length; m++) {
      const P = st.members[m].predictProba(data);
      const Q = st.calibrators[m].transform(featureMatrix(clipRows(P), n, 3, [...FIT_CLASSES])).data;
      const w = st.weights[m];
      for (let t = 0; t < out.length; t++) out[t] += w * Q[t];
    }
    return out;
  }

  /** The most probable class code per row (0 small, 1 fit, 2 large). @throws as {@link predictProba}. */
  predict(data: ColumnarDataset): Int32Array {
    return argmaxRows(this.predictProba(data), 3);
  }

  /**
   * `{kind: 'ensemble', version: 1, options, members: [member JSON], calibrators: [temperature JSON],
   * weights, heldOutLogLoss}`. Member factories are not saved: a loaded ensemble refits copies of its
   * loaded members (fitting replaces their state). @throws NotFittedError.
   */
  toJSON(): EstimatorJSON {
    const st = this.fitted();
    return {
      kind: KIND,
      version: VERSION,
      options: {
        calibrationFraction: this.opts.calibrationFraction ?? 0.15,
        seed: this.opts.seed ?? 0,
        refit: this.opts.refit ?? false,
        calibrate: this.opts.calibrate ?? true,
        maxIterations: this.opts.maxIterations ?? 1000,
      },
      members: st.members.map((m) => m.toJSON()),
      calibrators: st.calibrators.map((t) => t.toJSON()),
      weights: encodeNumbers(st.weights),
      heldOutLogLoss: { members: st.heldOutLogLoss.members.slice(), ensemble: st.heldOutLogLoss.ensemble },
    };
  }

  /**
   * Rebuilds a fitted ensemble; members through the estimator registry.
   * @throws ModelFormatError on a wrong kind or version, mismatched lengths, weights off the simplex,
   * a member that is not a fit model over the classes small, fit, large (see `fitModelProblem`: a matrix classifier is
   * not one; the message names the member and what it lacks), a
   * calibrator whose names are not the classes in order, or a `heldOutLogLoss` that is not
   * `{members: [one number per member], ensemble: number}`.
   */
  static fromJSON(json: unknown): EnsembleFitModel {
    const o = checkEstimatorJSON<{
      options: unknown;
      members: unknown;
      calibrators: unknown;
      weights: unknown;
      heldOutLogLoss: unknown;
    }>(json, KIND, [VERSION]);
    if (!Array.isArray(o.members) || o.members.length === 0 || !Array.isArray(o.calibrators))
      throw new ModelFormatError(`${KIND}: members and calibrators must be non-empty arrays`);
    const M = o.members.length;
    const weights = decodeNumbers(o.weights, `${KIND}: weights`);
    const sum = weights.reduce((s, v) => s + v, 0);
    if (
      weights.length !== M ||
      o.calibrators.length !== M ||
      weights.some((w) => !(w >= 0)) ||
      Math.abs(sum - 1) > 1e-9
    )
      throw new ModelFormatError(`${KIND}: needs ${M} calibrators and ${M} non-negative weights summing to 1`);
    const memberJSON = o.members as unknown[];
    const members = memberJSON.map((j, m) => {
      const e = estimatorFromJSON(j);
      const problem = fitModelProblem(e);
      if (problem !== undefined) throw new ModelFormatError(`${KIND}: ${notFitModel(m, e, problem)}`);
      return e as FitModel;
    });
    const calibrators = (o.calibrators as unknown[]).map((j, m) => {
      // every calibrator is fitted on the members' probabilities, whose columns are the classes in order
      const names = (j as { names?: unknown } | null)?.names;
      if (!Array.isArray(names) || names.length !== FIT_CLASSES.length || names.some((nm, c) => nm !== FIT_CLASSES[c]))
        throw new ModelFormatError(
          `${KIND}: calibrators[${m}].names must be the classes [${FIT_CLASSES.join(', ')}], got ${JSON.stringify(names)}`,
        );
      return TemperatureScaling.fromJSON(j);
    });
    const opts = (o.options ?? {}) as Partial<EnsembleFitModelOptions>;
    const model = new EnsembleFitModel({
      members: memberJSON.map((j) => () => estimatorFromJSON<FitModel>(j)),
      calibrationFraction: opts.calibrationFraction,
      seed: opts.seed,
      refit: opts.refit,
      calibrate: opts.calibrate,
      maxIterations: opts.maxIterations,
    });
    model.state = { members, calibrators, weights, heldOutLogLoss: readHeldOutLogLoss(o.heldOutLogLoss, M) };
    return model;
  }

  private fitted(): FittedEnsemble {
    if (this.state === undefined) throw new NotFittedError('EnsembleFitModel');
    return this.state;
  }
}

registerEstimator(KIND, EnsembleFitModel.fromJSON, ['classifier', 'supervised', 'handles-nan', 'stochastic']);

/** "member 0 ('gbdt') is not a fit model with the classes [small, fit, large]: `problem`" */
function notFitModel(m: number, model: unknown, problem: string): string {
  const kind = (model as { kind?: unknown } | null)?.kind;
  return `member ${m} ('${String(kind)}') is not a fit model with the classes [${FIT_CLASSES.join(', ')}]: ${problem}`;
}

/**
 * The saved held-out log-losses: `{members, ensemble}` with one number per member (null reads as NaN, as
 * JSON writes it). A file without the field loads with no member losses and NaN, as before it was checked.
 * @throws ModelFormatError on any other shape.
 */
function readHeldOutLogLoss(h: unknown, M: number): FittedEnsemble['heldOutLogLoss'] {
  if (h === undefined) return { members: [], ensemble: NaN };
  const what = `${KIND}: heldOutLogLoss`;
  const o = h as { members?: unknown; ensemble?: unknown } | null;
  if (typeof o !== 'object' || o === null || Array.isArray(o))
    throw new ModelFormatError(`${what} must be {members: [${M} numbers], ensemble: number}`);
  if (!Array.isArray(o.members) || o.members.length !== M || o.members.some((v) => v !== null && typeof v !== 'number'))
    throw new ModelFormatError(`${what}.members must be an array of ${M} numbers, got ${JSON.stringify(o.members)}`);
  if (o.ensemble !== null && typeof o.ensemble !== 'number')
    throw new ModelFormatError(`${what}.ensemble must be a number, got ${JSON.stringify(o.ensemble)}`);
  return {
    members: o.members.map((v: number | null) => v ?? NaN),
    ensemble: (o.ensemble as number | null) ?? NaN,
  };
}

/** Probabilities clamped into [0, 1] (guards tiny negative round-off of a member). */
function clipRows(P: Float64Array): Float64Array {
  const out = new Float64Array(P.length);
  for (let t = 0; t < P.length; t++) out[t] = Math.min(1, Math.max(0, P[t]));
  return out;
}
