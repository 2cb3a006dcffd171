import { InvalidArgumentError, ModelFormatError } from './errors.js';

/**
 * The serialized form of every model and transformer: a `kind` (the registry key), a format `version`,
 * and the kind's own fields. It is plain JSON (no typed arrays, no NaN: see `encodeNumbers`).
 */
export interface EstimatorJSON {
  /** Registry key, e.g. `standard-scaler`. */
  kind: string;
  /** Format version of this kind's JSON; a reader refuses versions it does not know. */
  version: number;
  [field: string]: unknown;
}

/**
 * A capability tag. The conformance suite chooses its checks from these tags, never from kind names.
 * - `transformer`: `fit(X, y?)`, `transform(X)`, `fitTransform(X, y?)` on a numeric `FeatureMatrix`.
 * - `dataset-transformer`: the same on a `ColumnarDataset`, returning a `FeatureMatrix`.
 * - `classifier`: `predictProba(X)` with columns in the order of `classes`, and `predict(X)`.
 * - `supervised`: `fit` needs labels `y`.
 * - `handles-nan`: NaN in a numeric `FeatureMatrix` input is allowed (a missing value); without the tag, such a NaN
 *   must throw InvalidArgumentError. In a `ColumnarDataset` input (of a `dataset-transformer`, or of a fit model: a
 *   `classifier` of whole rows) missing values (a NaN number, a category code -1) are ordinary data, tagged or not,
 *   and the tag is informative only. There every fit model must predict a row whose customer or article id is
 *   missing as the same row with an unseen id, and fit rows with missing ids; it must give a row with another missing
 *   value (a NaN size) finite probabilities that sum to 1, or throw a typed error naming the column, never NaN; and
 *   it must throw InvalidArgumentError, naming the column, when a column it needs is absent.
 * - `stochastic`: results depend on a `seed` option; a fixed seed must reproduce them.
 * - `cross-fitted`: `fitTransform` returns out-of-fold values for the training rows (folds of one row:
 *   every row but itself), so it differs from `fit(...).transform(...)` on purpose.
 * - `tensorflow`: needs TensorFlow.js initialised (`initTf()`) before `fromJSON`, `fit` or `predictProba`.
 */
export type Capability =
  | 'transformer'
  | 'dataset-transformer'
  | 'classifier'
  | 'supervised'
  | 'handles-nan'
  | 'stochastic'
  | 'cross-fitted'
  | 'tensorflow';

/** What every model and transformer has: a registry kind, a fitted flag, and JSON serialization. */
export interface Estimator {
  /** Registry key of the class. */
  readonly kind: string;
  /** True once `fit` has run (or the instance was loaded from JSON). */
  readonly isFitted: boolean;
  /** The fitted state (and options) as JSON, tagged with `kind` and `version`. */
  toJSON(): EstimatorJSON;
}

/** One registry entry: how to rebuild a kind from JSON, and what it can do. */
export interface EstimatorEntry {
  kind: string;
  capabilities: readonly Capability[];
  fromJSON(json: EstimatorJSON): Estimator;
}

const registry = new Map<string, EstimatorEntry>();

/**
 * Registers a kind of estimator so that {@link estimatorFromJSON} can rebuild it and the conformance
 * suite can check it. Each class registers itself in its own module.
 *
 * @param kind - the `kind` its `toJSON()` writes (kebab-case, unique).
 * @param fromJSON - rebuilds an instance from its JSON (usually the class's static `fromJSON`).
 * @param capabilities - capability tags (see {@link Capability}).
 * @throws InvalidArgumentError if `kind` is empty or already registered.
 */
export function registerEstimator(
  kind: string,
  fromJSON: (json: EstimatorJSON) => Estimator,
  capabilities: readonly Capability[],
): void {
  if (!kind) throw new InvalidArgumentError('registerEstimator: kind must be a non-empty string');
  if (registry.has(kind)) throw new InvalidArgumentError(`estimator kind '${kind}' is already registered`);
  registry.set(kind, { kind, fromJSON, capabilities: Object.freeze([...capabilities]) });
}

/** Every registered kind with its capabilities, sorted by kind. */
export function registeredEstimators(): EstimatorEntry[] {
  return [...registry.values()].sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0));
}

/** The registry entry of `kind`. @throws ModelFormatError if the kind is not registered. */
export function estimatorEntry(kind: string): EstimatorEntry {
  const e = registry.get(kind);
  if (!e) {
    const known = [...registry.keys()].sort().join(', ');
    throw new ModelFormatError(`unknown estimator kind '${kind}' (registered: ${known})`);
  }
  return e;
}

/**
 * Rebuilds any registered model or transformer from its JSON (an object or a JSON string).
 *
 * @returns the instance, typed as `T` (the caller's expectation; not checked beyond `kind`).
 * @throws ModelFormatError if the input is not an object with a string `kind` and a numeric
 * `version`, if the kind is unknown, or if the kind's own reader rejects it.
 */
export function estimatorFromJSON<T extends Estimator = Estimator>(json: unknown): T {
  let obj = json;
  if (typeof obj === 'string') {
    try {
      obj = JSON.parse(obj);
    } catch (e) {
      throw new ModelFormatError(`estimator JSON does not parse: ${(e as Error).message}`);
    }
  }
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) {
    throw new ModelFormatError('estimator JSON must be an object with kind and version');
  }
  const o = obj as Record<string, unknown>;
  if (typeof o.kind !== 'string') throw new ModelFormatError('estimator JSON has no string "kind"');
  if (typeof o.version !== 'number') throw new ModelFormatError(`estimator JSON of kind '${o.kind}' has no "version"`);
  return estimatorEntry(o.kind).fromJSON(o as EstimatorJSON) as T;
}

/**
 * Checks the envelope of a kind's JSON: used at the top of each `fromJSON`.
 *
 * @param json - the candidate.
 * @param kind - the kind expected.
 * @param versions - format versions this reader understands.
 * @returns the JSON, typed as the envelope plus the kind's fields `T`.
 * @throws ModelFormatError naming the expected and found kind or version.
 */
export function checkEstimatorJSON<T extends object>(
  json: unknown,
  kind: string,
  versions: readonly number[],
): EstimatorJSON & T {
  if (typeof json !== 'object' || json === null) throw new ModelFormatError(`${kind}: JSON must be an object`);
  const o = json as Record<string, unknown>;
  if (o.kind !== kind) throw new ModelFormatError(`expected kind '${kind}', found '${String(o.kind)}'`);
  if (typeof o.version !== 'number' || !versions.includes(o.version)) {
    throw new ModelFormatError(
      `${kind}: format version ${String(o.version)} is not supported (supported: ${versions.join(', ')})`,
    );
  }
  return o as EstimatorJSON & T;
}

/**
 * Numbers as JSON-safe values: NaN becomes null, ±Infinity become the strings "Infinity"/"-Infinity", and -0 the
 * string "-0" (JSON.stringify writes -0 as 0, and a weight or fill value must come back bit for bit: 1 / -0 is
 * -Infinity). Every other number stays a number. Pair with {@link decodeNumbers}.
 */
export function encodeNumbers(values: ArrayLike<number>): (number | string | null)[] {
  const out: (number | string | null)[] = new Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    out[i] = Number.isNaN(v)
      ? null
      : v === Infinity
        ? 'Infinity'
        : v === -Infinity
          ? '-Infinity'
          : Object.is(v, -0)
            ? '-0'
            : v;
  }
  return out;
}

/**
 * Checks the decoded parameters of a saved model: every value finite and, with `least`, above 0 (`positive`) or at
 * least 0 (`non-negative`). A NaN or infinite weight makes every score it enters NaN, so such a model must not load.
 * @param what - names the array in the message (`latent-fit: params.w`).
 * @throws ModelFormatError naming the first bad value: "`what`[3] is NaN, not a finite number > 0".
 */
export function checkFiniteValues(values: ArrayLike<number>, what: string, least?: 'positive' | 'non-negative'): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v) || (least === 'positive' && !(v > 0)) || (least === 'non-negative' && !(v >= 0))) {
      const need = least === 'positive' ? ' > 0' : least === 'non-negative' ? ' >= 0' : '';
      throw new ModelFormatError(`${what}[${i}] is ${v}, not a finite number${need}`);
    }
  }
}

/**
 * Reverses {@link encodeNumbers} into a Float64Array. Reads what every version of it wrote (files written before
 * "-0" existed hold 0 there, and load as they always did).
 * @throws ModelFormatError if the input is not an array of numbers, nulls, infinity strings or "-0".
 */
export function decodeNumbers(values: unknown, what = 'array'): Float64Array {
  if (!Array.isArray(values)) throw new ModelFormatError(`${what} must be an array of numbers`);
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v === 'number') out[i] = v;
    else if (v === null) out[i] = NaN;
    else if (v === 'Infinity') out[i] = Infinity;
    else if (v === '-Infinity') out[i] = -Infinity;
    else if (v === '-0') out[i] = -0;
    else throw new ModelFormatError(`${what}[${i}] is not a number: ${JSON.stringify(v)}`);
  }
  return out;
}
