import { requestGivenColumns } from '../advice/candidate-rows.js';
import { ADVICE_HISTORY_FILE } from '../advice/load-advice-history.js';
import { adviseSizes, type SizeAdviceOptions, type SizeAdviceRequest } from '../advice/size-advice.js';
import { InvalidArgumentError, ParseError, SizeError, SizefitError } from '../core/errors.js';
import type { ColumnarDataset } from '../data/columnar-dataset.js';
import { concatDatasets } from '../data/concat-datasets.js';
import { FIT_DATA_FORMATS, type FitDataFormat } from '../data/fit-data-formats.js';
import { loadModel } from '../export/load-model.js';
import type { ModelManifest } from '../export/model-manifest.js';
import { recordFormatOf, type RecordFormat } from '../export/record-format.js';
import type { FitModel } from '../models/fit-model.js';
import { HttpError, type RequestProblem } from './http-error.js';
import { validateJson, type JsonSchema } from './json-schema.js';
import { fitPredictionsSchema, recordSchema, sizeRecommendationsSchema } from './request-schemas.js';
import { parseRequestRecords, parseRequestRecordsLeniently } from './request-records.js';
import { serviceLimits, type ServiceLimits } from './service-limits.js';
import { loadServiceHistory, type ServiceHistory } from './service-history.js';
// Every estimator kind a model directory may hold registers itself when its module loads.
import '../features/index.js';
import '../reduction/index.js';
import '../models/index.js';

/** Every record format, whose keys a model reads when its training data is in none. */
const FIT_DATA_FORMAT_NAMES = Object.keys(FIT_DATA_FORMATS) as FitDataFormat[];

/** Options of {@link FitService.load}. */
export interface FitServiceOptions {
  /** Purchase history for size advice: a dataset name or path (default: the model directory's advice-history.json). */
  history?: string;
  /** Request limits: each one left out or `undefined` is its default ({@link serviceLimits}). */
  limits?: Partial<ServiceLimits>;
  /** Options of the size advice (between-sizes rule, minimum P(fit)...). */
  advice?: SizeAdviceOptions;
}

/** Body of a `POST /v1/fit-predictions` answer. */
export interface FitPredictionsResponse {
  /** Catalog name of the model. */
  model: string;
  /** Class names, in the column order of `probabilities`. */
  classes: string[];
  /** One row per record: P(small), P(fit), P(large). */
  probabilities: number[][];
  /** The most probable class of each record. */
  labels: string[];
  /**
   * With `"badValues": "missing"`: each value that could not be read (read as missing) and each unknown key
   * (ignored), with its path; empty when there was none. Absent in the default mode, where these are a 400.
   */
  notes?: RequestProblem[];
}

/** One recommendation of a `POST /v1/size-recommendations` answer (NaN values are sent as null). */
export interface SizeRecommendation {
  customer: string;
  item: string;
  sizes: number[];
  labels?: string[];
  /** `model`, `profile` or `none`. */
  source: string;
  /** Index of the advised size in `sizes`, -1 without advice. */
  index: number;
  size: number | null;
  label?: string;
  confidence: number | null;
  /** Largest minus smallest P(fit) over the sizes (null when the model was not asked): near 0, the size matters little. */
  fitSpread: number | null;
  /**
   * Under rule `usual-shift`, for an unseen customer whose body gives height, weight and bust band: the usual size
   * estimated from the body (before rounding to the nearest available size), which the advice starts from.
   */
  estimatedUsualSize?: number;
  /** Why no advice, when there is none (`unknown-customer`, `low-confidence`...). */
  noAdvice?: string;
  between?: unknown;
  reason: string;
  customerSeen: boolean;
  articleSeen: boolean;
  /** P(small), P(fit), P(large) per size (null where the model was not asked). */
  probabilities: (number | null)[][];
}

/** Body of a `POST /v1/size-recommendations` answer. */
export interface SizeRecommendationsResponse {
  model: string;
  recommendations: SizeRecommendation[];
}

/** Default group size of {@link FitService.predictMany}: the most records scored in one model call. */
export const DEFAULT_BATCH_RECORDS = 64;
/** The largest group size a server accepts (`startFitServer`'s `batchRecords`, `sizefit serve --batch-records`). */
export const MAX_BATCH_RECORDS = 100_000;

/** A fit-predictions request checked against its schema: its records, and whether it is lenient (`badValues: missing`). */
interface CheckedPrediction {
  records: unknown[];
  lenient: boolean;
}

/** A fit-predictions request read and checked: its records, and the notes of a lenient request. */
interface PreparedPrediction {
  dataset: ColumnarDataset;
  notes?: RequestProblem[];
}

/** What {@link FitService.predictMany} gives each request: its result, or the error `predict` throws for it. */
export type PredictionOutcome = { result: ServiceResult<FitPredictionsResponse> } | { error: unknown };

/** A handled request: the answer body and how many records it scored. */
export interface ServiceResult<T> {
  body: T;
  records: number;
}

function rows(P: Float64Array, n: number, k: number): number[][] {
  const out: number[][] = new Array(n);
  for (let i = 0; i < n; i++) {
    const r: number[] = new Array(k);
    for (let j = 0; j < k; j++) r[j] = P[i * k + j];
    out[i] = r;
  }
  return out;
}

/**
 * The error of a request the model could not answer (it threw, or gave a probability that is not a finite
 * number): the model is at fault, not the request, so the server answers 500 and logs it. Code `MODEL_FAULT`.
 */
function modelFault(message: string, cause?: unknown): SizefitError {
  return new SizefitError('MODEL_FAULT', message, cause !== undefined ? { cause } : undefined);
}

/**
 * Checks the probabilities a model gave for `n` rows of `k` classes: n x k finite numbers. A NaN came back as null
 * with label 'small' in a 200 before.
 * @throws a MODEL_FAULT SizefitError naming the model, the row and the value.
 */
function checkProbabilities(P: Float64Array, n: number, classes: readonly string[], model: string): void {
  const k = classes.length;
  if (P.length !== n * k) {
    throw modelFault(`model '${model}' returned ${P.length} probabilities for ${n} rows of ${k} classes`);
  }
  for (let i = 0; i < P.length; i++) {
    if (!Number.isFinite(P[i])) {
      throw modelFault(
        `model '${model}' returned ${P[i]} as P(${classes[i % k]}) ` + `of row ${Math.floor(i / k)}: not answered`,
      );
    }
  }
}

/**
 * The model as size advice sees it: its probabilities checked ({@link checkProbabilities}) and anything its
 * `predictProba` throws turned into a MODEL_FAULT error, so that a fault of the model is never answered as the
 * caller's mistake (a 400) and NaN probabilities never reach the advice.
 */
function checkedModel(model: FitModel, name: string): FitModel {
  const predictProba = (data: ColumnarDataset): Float64Array => {
    let P: Float64Array;
    try {
      P = model.predictProba(data);
    } catch (e) {
      throw modelFault(`model '${name}' could not score the candidate rows: ${(e as Error).message}`, e);
    }
    checkProbabilities(P, data.length, model.classes, name);
    return P;
  };
  return new Proxy(model, {
    get(target, key) {
      if (key === 'predictProba') return predictProba;
      const v: unknown = Reflect.get(target, key, target);
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}

/** The request field each id column of a size-recommendation request's record is read from. */
const REQUEST_ID_FIELDS: Readonly<Record<string, string>> = { user_id: 'customer', item_id: 'item' };

/**
 * The 400 of a size-recommendation request's records (ids and bodies, read together by {@link parseRequestRecords}
 * at `$.requests[i].body`) with each problem of an id at the request's own field: `$.requests[i].customer` or
 * `.item`, its reason naming that field (`customer: 12345678901234567000 is past 2^53 ...`). A body's own ids are
 * replaced by the request's, so a problem at `body.user_id` is always the customer's.
 */
function atRequestIds(e: HttpError): HttpError {
  let moved = 0;
  const problems = e.problems.map((p): RequestProblem => {
    const m = /^\$\.requests\[(\d+)\]\.body\.(user_id|item_id)$/.exec(p.path);
    if (m === null) return p;
    moved++;
    const [, i, column] = m;
    const field = REQUEST_ID_FIELDS[column];
    const reason = p.reason.startsWith(`${column}: `) ? `${field}: ${p.reason.slice(column.length + 2)}` : p.reason;
    return { path: `$.requests[${i}].${field}`, reason };
  });
  const message =
    moved > 0 && moved === problems.length
      ? `${moved === 1 ? 'an id' : 'ids'} of the requests could not be read`
      : e.message;
  return new HttpError(e.status, message, problems, e.headers);
}

/**
 * The fit service without HTTP: a loaded model (and optionally a purchase history) answering validated
 * JSON requests. Requests are plain parsed JSON; anything invalid throws an {@link HttpError} with the field
 * paths and reasons. The HTTP server ({@link startFitServer}) wraps it.
 */
export class FitService {
  /** The loaded model. */
  readonly model: FitModel;
  /** Its manifest (`GET /v1/model`). */
  readonly manifest: ModelManifest;
  /** The model directory. */
  readonly dir: string;
  /** The purchase history of size advice, or null when the service has none. */
  readonly history: ServiceHistory | null;
  /** The limits in force. */
  readonly limits: ServiceLimits;
  /** How request records are read. */
  readonly recordFormat: RecordFormat;
  private readonly adviceOptions: SizeAdviceOptions;
  /** The model as the size advice calls it: its faults are 500s, never the caller's 400 (see checkedModel). */
  private readonly adviceModel: FitModel;
  private readonly predictionsSchema: JsonSchema;
  private readonly lenientPredictionsSchema: JsonSchema;
  private readonly recommendationsSchema: JsonSchema;

  /**
   * @param model - a fitted fit model.
   * @param manifest - its manifest.
   * @param dir - its directory (informational).
   * @param history - purchase history for size advice, or null.
   * @param options - request limits ({@link serviceLimits}) and advice options.
   * @throws InvalidArgumentError for a limit that is unknown or not an integer >= 1, naming it.
   */
  constructor(
    model: FitModel,
    manifest: ModelManifest,
    dir: string,
    history: ServiceHistory | null,
    options: Omit<FitServiceOptions, 'history'> = {},
  ) {
    this.model = model;
    this.manifest = manifest;
    this.dir = dir;
    this.history = history;
    this.adviceModel = checkedModel(model, manifest.model);
    this.limits = serviceLimits(options.limits);
    // The usual-shift rule, as `sizefit recommend` uses by default (it beats max-fit on held-out RentTheRunway).
    this.adviceOptions = options.advice ?? { rule: 'usual-shift' };
    this.recordFormat = recordFormatOf(manifest);
    // Training data in no record format (generated synthetic data): records are read in the format their fields
    // show, as `sizefit predict` reads a file for the model, so the keys of every format are known.
    const formats = this.recordFormat.detect === true ? FIT_DATA_FORMAT_NAMES : this.recordFormat.format;
    const record = recordSchema(formats, this.recordFormat.extraFields, this.limits);
    this.predictionsSchema = fitPredictionsSchema(record, this.limits);
    this.lenientPredictionsSchema = fitPredictionsSchema(
      recordSchema(formats, this.recordFormat.extraFields, this.limits, true),
      this.limits,
    );
    this.recommendationsSchema = sizeRecommendationsSchema(record, this.limits);
  }

  /**
   * Loads a model directory with `loadModel` (format version and every checksum verified, once) and the purchase
   * history, if any ({@link loadServiceHistory}: the directory's history is checked against the manifest verified).
   * @throws ModelFormatError for a missing, tampered or unreadable model directory or history file; DataError for a
   *   history dataset that cannot be read; InvalidArgumentError for a limit that is unknown or not an integer >= 1
   *   (before anything is read).
   */
  static async load(dir: string, options: FitServiceOptions = {}): Promise<FitService> {
    serviceLimits(options.limits); // a bad limit is refused before the model is read
    // The directory's history, when it is the one used, is read once: as verified, then parsed.
    const loaded = await loadModel(dir, { read: options.history === undefined ? [ADVICE_HISTORY_FILE] : [] });
    const history = await loadServiceHistory(loaded, options.history);
    return new FitService(loaded.model, loaded.manifest, loaded.dir, history, options);
  }

  /**
   * Answers `POST /v1/fit-predictions`: `{"records": [record, ...], "badValues"?: "error" | "missing"}` -> the
   * probabilities of each record. By default (`error`) a value the record parser cannot read or an unknown key is a
   * 400 naming it. With `missing`, records are read as the lines of a dataset file are (as `sizefit predict` reads
   * them): such a value is missing, an unknown key ignored, and each is listed in the answer's `notes`.
   * @param readingNotes - notes of the body's reading to list first in a lenient answer (the HTTP server's: record
   *   fields given twice with different values, read as missing).
   * @throws HttpError 400 with the path and reason of every problem (schema, unreadable value, batch limit); a
   *   SizefitError with code `MODEL_FAULT` (an internal error: the server answers 500 and logs it) when the model
   *   gives a probability that is not a finite number.
   */
  predict(body: unknown, readingNotes: readonly RequestProblem[] = []): ServiceResult<FitPredictionsResponse> {
    const { dataset, notes } = this.parsePrediction(this.checkPrediction(body), readingNotes);
    return this.answerPrediction(dataset.length, notes, this.model.predictProba(dataset));
  }

  /**
   * Answers several `POST /v1/fit-predictions` requests, each exactly as {@link predict} answers it alone, scoring the
   * records of requests in one call of the model where it can (the server's batching of concurrent requests: one
   * model call on a few rows costs much less per row than one call per row). Requests are taken in order into groups of
   * at most `maxRecords` records. A group of requests in the default mode, for a model whose records have one format,
   * is read in one pass of the record parser (as the lines of one file: each line is read on its own); when a value of
   * one of them cannot be read, or a group mixes in `"badValues": "missing"` requests or records the model reads in the
   * format they show, each request is read alone and those read in one format are concatenated
   * ({@link concatDatasets}). A group's rows are scored in one call. Each row's probabilities do not depend on the
   * other rows scored with it (the conformance suite checks it exactly for every model kind), so the answers are the
   * same as alone. A request that `predict` would refuse gets its own error and is left out of its group; when a group
   * cannot be scored together (the model throws or gives a wrong number of probabilities) each of its requests is
   * scored alone, so that an error reaches only the request it belongs to.
   * @param maxRecords - the most records scored in one model call (default 64); a request with more is scored alone.
   * @returns one outcome per request, in order: `{result}` or `{error}` (what `predict` throws for it: an HttpError
   *   400, a MODEL_FAULT SizefitError, or what the model throws).
   */
  predictMany(
    requests: readonly { body: unknown; readingNotes?: readonly RequestProblem[] }[],
    maxRecords = DEFAULT_BATCH_RECORDS,
  ): PredictionOutcome[] {
    const outcomes: PredictionOutcome[] = new Array(requests.length);
    const checked = requests.map((r, i) => {
      try {
        return this.checkPrediction(r.body);
      } catch (error) {
        outcomes[i] = { error };
        return undefined;
      }
    });
    const notesOf = (i: number): readonly RequestProblem[] => requests[i].readingNotes ?? [];
    const k = this.model.classes.length;
    const alone = (i: number): void => {
      try {
        const { dataset, notes } = this.parsePrediction(checked[i]!, notesOf(i));
        outcomes[i] = { result: this.answerPrediction(dataset.length, notes, this.model.predictProba(dataset)) };
      } catch (error) {
        outcomes[i] = { error };
      }
    };
    // The members' rows, in member order, scored in one call; each member's answer from its slice.
    const scoreTogether = (
      members: number[],
      dataset: ColumnarDataset,
      counts: number[],
      notes: (RequestProblem[] | undefined)[],
    ): void => {
      let P: Float64Array;
      try {
        P = this.model.predictProba(dataset);
      } catch {
        return members.forEach(alone);
      }
      if (!(P instanceof Float64Array) || P.length !== dataset.length * k) return members.forEach(alone);
      let at = 0;
      members.forEach((i, m) => {
        const n = counts[m];
        try {
          outcomes[i] = { result: this.answerPrediction(n, notes[m], P.subarray(at * k, (at + n) * k)) };
        } catch (error) {
          outcomes[i] = { error };
        }
        at += n;
      });
    };
    // Each member read alone; those read in one format (in order) scored together.
    const readEach = (members: number[]): void => {
      let run: { i: number; prepared: PreparedPrediction }[] = [];
      const flush = (): void => {
        if (run.length === 1) alone(run[0].i);
        else if (run.length > 1) {
          const parts = run.map((r) => r.prepared.dataset);
          let dataset: ColumnarDataset;
          try {
            dataset = concatDatasets(parts);
          } catch {
            run.forEach((r) => alone(r.i));
            run = [];
            return;
          }
          scoreTogether(
            run.map((r) => r.i),
            dataset,
            parts.map((d) => d.length),
            run.map((r) => r.prepared.notes),
          );
        }
        run = [];
      };
      for (const i of members) {
        let prepared: PreparedPrediction;
        try {
          prepared = this.parsePrediction(checked[i]!, notesOf(i));
        } catch (error) {
          outcomes[i] = { error };
          continue;
        }
        if (run.length > 0 && run[0].prepared.dataset.meta.format !== prepared.dataset.meta.format) flush();
        run.push({ i, prepared });
      }
      flush();
    };
    const score = (members: number[]): void => {
      if (members.length === 1) return alone(members[0]);
      if (this.recordFormat.detect !== true && members.every((i) => !checked[i]!.lenient)) {
        const counts = members.map((i) => checked[i]!.records.length);
        let dataset: ColumnarDataset | undefined;
        try {
          dataset = parseRequestRecords(
            members.flatMap((i) => checked[i]!.records),
            this.recordFormat,
            (j) => `$[${j}]`,
          );
        } catch {
          // A value of one of them cannot be read: each is read alone, for its own answer.
        }
        if (dataset !== undefined)
          return scoreTogether(
            members,
            dataset,
            counts,
            members.map(() => undefined),
          );
      }
      readEach(members);
    };
    let group: number[] = [];
    let groupRecords = 0;
    for (let i = 0; i < requests.length; i++) {
      const c = checked[i];
      if (c === undefined) continue;
      const n = c.records.length;
      if (n > maxRecords) {
        alone(i);
        continue;
      }
      if (group.length > 0 && groupRecords + n > maxRecords) {
        score(group);
        group = [];
        groupRecords = 0;
      }
      group.push(i);
      groupRecords += n;
    }
    if (group.length > 0) score(group);
    return outcomes;
  }

  /**
   * A fit-predictions request checked against its schema: its records, and whether it asks for `"badValues":
   * "missing"`. @throws HttpError 400 (see {@link predict}).
   */
  private checkPrediction(body: unknown): CheckedPrediction {
    const lenient =
      body !== null && typeof body === 'object' && (body as { badValues?: unknown }).badValues === 'missing';
    const problems = validateJson(body, lenient ? this.lenientPredictionsSchema : this.predictionsSchema);
    if (problems.length > 0)
      throw new HttpError(400, 'the request does not match the fit-predictions schema', problems);
    return { records: (body as { records: unknown[] }).records, lenient };
  }

  /** A checked request's records read. @throws HttpError 400 (see {@link predict}). */
  private parsePrediction(
    { records, lenient }: CheckedPrediction,
    readingNotes: readonly RequestProblem[],
  ): PreparedPrediction {
    const pathOf = (i: number): string => `$.records[${i}]`;
    if (lenient) {
      const { dataset, notes } = parseRequestRecordsLeniently(records, this.recordFormat, pathOf);
      return { dataset, notes: [...readingNotes, ...notes] };
    }
    return { dataset: parseRequestRecords(records, this.recordFormat, pathOf) };
  }

  /**
   * The answer to a request of `n` records from their probabilities (n x k) and, in a lenient request, its notes.
   * @throws a MODEL_FAULT SizefitError when they are not n x k finite numbers.
   */
  private answerPrediction(
    n: number,
    notes: RequestProblem[] | undefined,
    P: Float64Array,
  ): ServiceResult<FitPredictionsResponse> {
    const k = this.model.classes.length;
    checkProbabilities(P, n, this.model.classes, this.manifest.model);
    const labels: string[] = new Array(n);
    for (let i = 0; i < n; i++) {
      let best = 0;
      for (let j = 1; j < k; j++) if (P[i * k + j] > P[i * k + best]) best = j;
      labels[i] = this.model.classes[best];
    }
    return {
      body: {
        model: this.manifest.model,
        classes: [...this.model.classes],
        probabilities: rows(P, n, k),
        labels,
        ...(notes !== undefined ? { notes } : {}),
      },
      records: n,
    };
  }

  /**
   * Answers `POST /v1/size-recommendations`: for each `{customer, item, sizes?, labels?, body?}`, the advised
   * size among `sizes` (default: the sizes the history has seen for the article; `labels` default to the history's
   * labels of those sizes when it has any). `body` is a partial record in
   * the dataset's format (height, weight, bust size...) replacing the customer's fields from the history; the
   * request's bodies are read together as request records are ({@link parseRequestRecords}). A body may be a whole
   * record: its ids, size and outcome fields (`fit`, `returned`, `return_reason`) are dropped, as the request gives
   * the first and the advice predicts the others ({@link requestGivenColumns}). `customer` and `item` are read as
   * `POST /v1/fit-predictions` reads `user_id` and `item_id` (by the record parser, with the bodies): a string is
   * trimmed, a number is an id only up to 2^53.
   * @throws HttpError 501 when the service has no purchase history; 400 for an invalid request (schema, a number id
   *   past 2^53 at `$.requests[i].customer` or `.item`, sizes, labels or body fields the advice refuses); a
   *   SizefitError with code `MODEL_FAULT` (a 500) when the model throws or gives a probability that is not a finite
   *   number.
   */
  recommend(body: unknown): ServiceResult<SizeRecommendationsResponse> {
    if (this.history === null) {
      throw new HttpError(
        501,
        'size recommendations need a purchase history: start the service with --history DATASET, ' +
          'or use a model directory written by `sizefit train` (it holds advice-history.json)',
      );
    }
    const problems = validateJson(body, this.recommendationsSchema);
    if (problems.length > 0)
      throw new HttpError(400, 'the request does not match the size-recommendations schema', problems);
    const b = body as {
      requests: {
        customer: string | number;
        item: string | number;
        sizes?: number[];
        labels?: string[];
        body?: object;
      }[];
      minFitProbability?: number;
    };
    const h = this.history.history;
    // The ids are read with the bodies, by the record parser, as /v1/fit-predictions reads user_id and item_id: a
    // string trimmed, a number past 2^53 (which JSON does not read as written: 12345678901234567891 reads as
    // ...7000, maybe another customer) a 400 at $.requests[i].customer or .item (before: String(r.customer), advice
    // for whichever customer the rounded number was, and a padded id an unknown customer).
    const lines = b.requests.map((r) => ({ ...(r.body ?? {}), user_id: r.customer, item_id: r.item }));
    let parsed: ColumnarDataset;
    try {
      parsed = parseRequestRecords(lines, this.recordFormat, (i) => `$.requests[${i}].body`);
    } catch (e) {
      throw e instanceof HttpError ? atRequestIds(e) : e;
    }
    // Every line sets both id columns, so the parsed dataset has them.
    const idOf = (column: string, i: number): string => String(parsed.value(column, i) ?? '');
    const customers = b.requests.map((_, i) => idOf('user_id', i));
    const items = b.requests.map((_, i) => idOf('item_id', i));
    // Sizes and labels the advice cannot use, each at its own path (before: "chooseSize: size 12 repeats" at
    // $.requests for the whole batch).
    const unusable: RequestProblem[] = [];
    b.requests.forEach((r, i) => {
      r.sizes?.forEach((s, k) => {
        if (r.sizes!.indexOf(s) !== k)
          unusable.push({ path: `$.requests[${i}].sizes[${k}]`, reason: `size ${s} repeats` });
      });
      const sizes = r.labels !== undefined ? (r.sizes ?? h.articleSizes(items[i])).length : 0;
      if (r.labels !== undefined && r.labels.length !== sizes) {
        unusable.push({ path: `$.requests[${i}].labels`, reason: `has ${r.labels.length} labels for ${sizes} sizes` });
      }
    });
    if (unusable.length > 0) throw new HttpError(400, 'sizes or labels that cannot be advised on', unusable);
    // A body may be a whole record (a line of a dataset file): the columns the request gives itself (ids, size) and
    // the purchase's outcome (fit, returned, return_reason), which the advice refuses in a body, are dropped.
    const skip = new Set(['user_id', 'item_id', 'size', ...requestGivenColumns(h)]);
    const requests: SizeAdviceRequest[] = b.requests.map((r, i) => {
      const customer = customers[i];
      const item = items[i];
      let fields: Record<string, number | string> | undefined;
      if (r.body !== undefined) {
        fields = {};
        for (const c of parsed.columnNames) {
          if (skip.has(c)) continue;
          const v = parsed.value(c, i);
          if (v !== null) fields[c] = v;
        }
      }
      const sizes = r.sizes ?? h.articleSizes(item);
      // Without labels, the labels the history has for those sizes (as `sizefit recommend` shows them).
      const labels = r.labels ?? h.sizeLabels(item, sizes);
      return {
        customer,
        item,
        sizes,
        ...(labels !== undefined ? { labels } : {}),
        ...(fields !== undefined ? { body: fields } : {}),
      };
    });
    let advice;
    try {
      advice = adviseSizes(this.adviceModel, h, requests, {
        ...this.adviceOptions,
        ...(b.minFitProbability !== undefined ? { minFitProbability: b.minFitProbability } : {}),
      });
    } catch (e) {
      // Invalid sizes/labels/body fields are the caller's mistake: a 400. A fault of the model (MODEL_FAULT, from
      // checkedModel) or of the history, whatever its class, is a 500.
      if (e instanceof InvalidArgumentError || e instanceof ParseError || e instanceof SizeError) {
        throw new HttpError(400, e.message, [{ path: '$.requests', reason: e.message }]);
      }
      throw e;
    }
    const num = (x: number): number | null => (Number.isFinite(x) ? x : null);
    const recommendations = advice.map((a): SizeRecommendation => {
      const n = a.sizes.length;
      const probabilities: (number | null)[][] = [];
      for (let i = 0; i < n; i++)
        probabilities.push([num(a.proba[3 * i]), num(a.proba[3 * i + 1]), num(a.proba[3 * i + 2])]);
      return {
        customer: a.customer,
        item: a.item,
        sizes: [...a.sizes],
        ...(a.labels !== undefined ? { labels: [...a.labels] } : {}),
        source: a.source,
        index: a.index,
        size: num(a.size),
        ...(a.label !== undefined ? { label: a.label } : {}),
        confidence: num(a.confidence),
        fitSpread: num(a.fitSpread),
        ...(a.estimatedUsualSize !== undefined ? { estimatedUsualSize: a.estimatedUsualSize } : {}),
        ...(a.noAdvice !== undefined ? { noAdvice: a.noAdvice } : {}),
        ...(a.between !== undefined ? { between: a.between } : {}),
        reason: a.reason,
        customerSeen: a.customerSeen,
        articleSeen: a.articleSeen,
        probabilities,
      };
    });
    return {
      body: { model: this.manifest.model, recommendations },
      records: recommendations.reduce((s, r) => s + r.sizes.length, 0),
    };
  }
}
