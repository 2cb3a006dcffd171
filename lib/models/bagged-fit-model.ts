import { availableParallelism } from 'node:os';
import { InvalidArgumentError, ModelFormatError, NotFittedError } from '../core/errors.js';
import { checkEstimatorJSON, estimatorFromJSON, registerEstimator, type EstimatorJSON } from '../core/estimator.js';
import { FIT_CLASSES, type FitLabel } from '../core/labels.js';
import { initTf } from '../core/tf-backend.js';
import { usesTensorflow } from '../core/uses-tensorflow.js';
import type { ColumnarDataset } from '../data/columnar-dataset.js';
import { fitModelProblem, type FitModel } from './fit-model.js';
import { catalogEntry } from './model-catalog.js';
import { runWorkerPool } from './worker-pool.js';
import { argmaxRows, fitLabelCodes } from './prior-fit-labels.js';

const KIND = 'bagged';
const VERSION = 1;

/** Options of {@link BaggedFitModel}. */
export interface BaggedFitModelOptions {
  /** Catalog name of the member model (`sizefit models`), e.g. `gbdt-relative`. */
  member: string;
  /** One member per seed; each member is trained with its own seed on all training rows. */
  seeds: number[];
  /**
   * Worker threads that train members in parallel (default: min(members, available cores)); 0 or 1
   * trains them one after another in this thread. Results do not depend on it.
   */
  workers?: number;
}

/** The job of the worker that trains catalog model `member` with `seed` on `data` (see bagged-fit-worker). */
function memberJob(member: string, seed: number, data: ColumnarDataset): { data: unknown; what: string } {
  const columns = data.columnNames.map((c) => [c, data.column(c)] as const);
  const job = { member, seed, schema: data.schema, columns, lineNumbers: data.lineNumbers, meta: data.meta };
  return { data: job, what: `member ${member} (seed ${seed})` };
}

/**
 * Bootstrap-free bagging of one catalog model over several seeds: each member is trained on all the
 * training rows with its own seed (its own cross-fitting folds, early-stopping rows, row and feature
 * subsamples), and the prediction is the mean of the members' probabilities. Averaging members whose
 * randomness differs lowers the variance of the cross-fitted features and of the trees (Breiman 1996
 * for bagging; here the members see the same rows and differ only in their seeds). Members train in
 * parallel worker threads when cores allow.
 */
export class BaggedFitModel implements FitModel {
  readonly kind = KIND;
  readonly classes: readonly FitLabel[] = FIT_CLASSES;
  private readonly opts: BaggedFitModelOptions;
  private members: FitModel[] | undefined;

  /** @throws InvalidArgumentError when there is no seed or `workers` is negative. */
  constructor(options: BaggedFitModelOptions) {
    if (typeof options.member !== 'string' || options.member === '') {
      throw new InvalidArgumentError('BaggedFitModel: member must be a catalog model name');
    }
    if (!Array.isArray(options.seeds) || options.seeds.length === 0 || !options.seeds.every(Number.isInteger)) {
      throw new InvalidArgumentError('BaggedFitModel: seeds must be a non-empty array of integers');
    }
    if (options.workers !== undefined && !(Number.isInteger(options.workers) && options.workers >= 0)) {
      throw new InvalidArgumentError(`BaggedFitModel: workers must be an integer >= 0, got ${options.workers}`);
    }
    this.opts = { member: options.member, seeds: [...options.seeds], workers: options.workers };
  }

  /** The options (a copy: changing it does not change the model). */
  get options(): BaggedFitModelOptions {
    return { member: this.opts.member, seeds: [...this.opts.seeds], workers: this.opts.workers };
  }

  /** True once fitted or loaded. */
  get isFitted(): boolean {
    return this.members !== undefined;
  }

  /** The fitted members. @throws NotFittedError. */
  get fittedMembers(): readonly FitModel[] {
    if (!this.members) throw new NotFittedError('BaggedFitModel');
    return this.members;
  }

  /**
   * Trains one member per seed on all labelled rows of `data` (in worker threads when `workers` > 1)
   * and replaces any earlier fit. The member name and the labels are checked here before any member
   * trains; with worker threads, the first member that fails stops the other workers and starts no more. Members
   * trained in worker threads are rebuilt in this thread from their JSON, after `initTf()` when they are (or nest)
   * TensorFlow.js models.
   * @returns this.
   * @throws InvalidArgumentError for an unknown member name, a dataset without a `fit` column or without a
   *   labelled row; what the members throw.
   */
  async fit(data: ColumnarDataset): Promise<this> {
    const entry = catalogEntry(this.opts.member);
    if (!data.has('fit'))
      throw new InvalidArgumentError(`BaggedFitModel: dataset '${data.meta.name}' has no fit column`);
    if (!fitLabelCodes(data, 'BaggedFitModel').some((c) => c >= 0))
      throw new InvalidArgumentError(`BaggedFitModel: dataset '${data.meta.name}' has no labelled row`);
    const seeds = this.opts.seeds;
    const workers = Math.min(seeds.length, this.opts.workers ?? Math.max(1, availableParallelism()));
    let members: FitModel[];
    if (workers <= 1) {
      members = new Array<FitModel>(seeds.length);
      for (let k = 0; k < seeds.length; k++) {
        const m = entry.create({ seed: seeds[k] });
        await m.fit(data);
        members[k] = m;
      }
    } else {
      const jsons = await runWorkerPool({
        worker: 'bagged-fit-worker',
        jobs: seeds.length,
        workers,
        job: (k) => memberJob(entry.name, seeds[k], data),
        result: (json) => json as EstimatorJSON,
      });
      // The members trained in workers, whose TensorFlow.js this thread does not share: a member that is (or
      // nests) a TensorFlow.js model needs it initialised here before it is rebuilt, as loadModel does.
      if (jsons.some(usesTensorflow)) await initTf();
      members = jsons.map((json) => estimatorFromJSON(json) as unknown as FitModel);
    }
    this.members = members;
    return this;
  }

  /**
   * Mean of the members' probabilities, n x 3 in FIT_CLASSES order.
   * @throws NotFittedError before fit; InvalidArgumentError on an empty dataset.
   */
  predictProba(data: ColumnarDataset): Float64Array {
    const members = this.fittedMembers;
    if (data.length === 0) throw new InvalidArgumentError(`BaggedFitModel: dataset '${data.meta.name}' has no rows`);
    const out = new Float64Array(data.length * 3);
    for (const m of members) {
      const P = m.predictProba(data);
      for (let i = 0; i < out.length; i++) out[i] += P[i];
    }
    for (let i = 0; i < out.length; i++) out[i] /= members.length;
    return out;
  }

  /** The most probable class index (0 small, 1 fit, 2 large) of each row. */
  predict(data: ColumnarDataset): Int32Array {
    return argmaxRows(this.predictProba(data), 3);
  }

  /** Options and the members' JSON. @throws NotFittedError. */
  toJSON(): EstimatorJSON {
    return {
      kind: KIND,
      version: VERSION,
      options: { member: this.opts.member, seeds: [...this.opts.seeds] },
      members: this.fittedMembers.map((m) => m.toJSON()),
    };
  }

  /**
   * Rebuilds a fitted model from {@link toJSON}'s output. Members that are (or nest) TensorFlow.js models need
   * `await initTf()` to have run (`loadModel` does it).
   * @throws ModelFormatError on bad options, an unknown member name, a member count other than the seed count,
   *   or a member that is not the named catalog model (its kind) or not a fit model over the classes small, fit, large
   *   (see `fitModelProblem`; the message says what it lacks).
   */
  static fromJSON(json: unknown): BaggedFitModel {
    const o = checkEstimatorJSON<{ options: BaggedFitModelOptions; members: unknown }>(json, KIND, [VERSION]);
    if (!Array.isArray(o.members) || o.members.length === 0) {
      throw new ModelFormatError(`${KIND}: members must be a non-empty array`);
    }
    let model: BaggedFitModel;
    try {
      model = new BaggedFitModel(o.options);
    } catch (e) {
      throw new ModelFormatError(`${KIND}: options: ${(e as Error).message}`);
    }
    const { member, seeds } = model.opts;
    if (o.members.length !== seeds.length) {
      throw new ModelFormatError(`${KIND}: ${o.members.length} members for ${seeds.length} seeds`);
    }
    let kind: string;
    try {
      kind = catalogEntry(member).create({ seed: seeds[0] }).kind;
    } catch (e) {
      throw new ModelFormatError(`${KIND}: options.member: ${(e as Error).message}`);
    }
    model.members = o.members.map((m, i) => {
      const e = estimatorFromJSON(m as EstimatorJSON);
      if (e.kind !== kind) {
        throw new ModelFormatError(
          `${KIND}: members[${i}] is a '${String(e.kind)}', not the '${kind}' of catalog model '${member}'`,
        );
      }
      const problem = fitModelProblem(e);
      if (problem !== undefined) {
        throw new ModelFormatError(
          `${KIND}: members[${i}] ('${e.kind}') is not a fit model with the classes [${FIT_CLASSES.join(', ')}]: ${problem}`,
        );
      }
      return e as FitModel;
    });
    return model;
  }
}

registerEstimator(KIND, BaggedFitModel.fromJSON, ['classifier', 'supervised', 'stochastic']);
