import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ModelFormatError } from '../core/errors.js';
import { estimatorFromJSON, registeredEstimators, type EstimatorJSON } from '../core/estimator.js';
import { initTf } from '../core/tf-backend.js';
import type { FitModel } from '../models/fit-model.js';
import { unpackLargeArrays } from './binary-pack.js';
import { MANIFEST_FILE, MODEL_ARTIFACT_FORMAT, MODEL_ARTIFACT_VERSION, type ModelManifest } from './model-manifest.js';
import { ESTIMATOR_FILE, WEIGHTS_FILE } from './save-model.js';
import { recordFormatOf } from './record-format.js';
import { FitRecordParser } from '../data/fit-record-parser.js';

/** A model loaded from a model directory, with its manifest. */
export interface LoadedModel {
  model: FitModel;
  manifest: ModelManifest;
  dir: string;
}

function readManifest(dir: string): ModelManifest {
  const p = join(dir, MANIFEST_FILE);
  if (!existsSync(dir)) throw new ModelFormatError(`model directory does not exist`, dir);
  if (!existsSync(p)) throw new ModelFormatError(`missing: not a sizefit model directory`, p);
  let text: string;
  try {
    text = readFileSync(p, 'utf8');
  } catch (e) {
    throw new ModelFormatError(`cannot be read (${(e as Error).message})`, p);
  }
  let m: unknown;
  try {
    m = JSON.parse(text);
  } catch (e) {
    throw new ModelFormatError(`is not valid JSON (${(e as Error).message})`, p);
  }
  if (m === null || typeof m !== 'object') throw new ModelFormatError('is not a JSON object', p);
  const o = m as Partial<ModelManifest>;
  if (o.format !== MODEL_ARTIFACT_FORMAT)
    throw new ModelFormatError(`format is ${JSON.stringify(o.format)}, expected '${MODEL_ARTIFACT_FORMAT}'`, p);
  if (typeof o.formatVersion !== 'number' || !Number.isInteger(o.formatVersion)) {
    throw new ModelFormatError('formatVersion is missing or not an integer', p);
  }
  if (o.formatVersion > MODEL_ARTIFACT_VERSION) {
    throw new ModelFormatError(
      `formatVersion ${o.formatVersion} is newer than this library reads (${MODEL_ARTIFACT_VERSION}): upgrade sizefit`,
      p,
    );
  }
  if (o.formatVersion < 1) throw new ModelFormatError(`formatVersion ${o.formatVersion} is not a known version`, p);
  if (typeof o.kind !== 'string' || !o.kind) throw new ModelFormatError('kind is missing', p);
  if (typeof o.model !== 'string' || !o.model) throw new ModelFormatError('model (the catalog name) is missing', p);
  // The dataset says how records are read for the model (format, extra fields): every command needs it.
  const d = o.dataset as Partial<ModelManifest['dataset']> | null | undefined;
  if (d === null || typeof d !== 'object' || Array.isArray(d)) throw new ModelFormatError('dataset is missing', p);
  if (typeof d.name !== 'string' || typeof d.sha256 !== 'string') {
    throw new ModelFormatError('dataset must have a name and a sha256 (strings)', p);
  }
  if (d.format !== undefined && typeof d.format !== 'string')
    throw new ModelFormatError('dataset.format is not a string', p);
  if (!Array.isArray(o.classes) || !o.classes.every((c) => typeof c === 'string')) {
    throw new ModelFormatError('classes must be an array of strings', p);
  }
  if (o.files === null || typeof o.files !== 'object') throw new ModelFormatError('files is missing', p);
  for (const name of [ESTIMATOR_FILE, WEIGHTS_FILE]) {
    if (!(name in o.files)) throw new ModelFormatError(`does not list the file ${name}`, p);
  }
  return o as ModelManifest;
}

/** A verified model directory: the manifest and the bytes of every file it lists, as checked. */
export interface VerifiedModelDir {
  manifest: ModelManifest;
  /** File name -> the bytes whose size and sha256 matched the manifest. */
  files: Map<string, Buffer>;
}

/**
 * Checks a model directory and reads it: the manifest's format and version, and that every file it lists is
 * a regular file with the recorded size and sha256. The bytes returned are the bytes checked, so a file
 * swapped after the check cannot be parsed instead.
 * @throws ModelFormatError naming the file and the problem (missing, not a file, truncated, tampered, newer
 *   format).
 */
export function readVerifiedModelDir(dir: string): VerifiedModelDir {
  const root = resolve(dir);
  const manifest = readManifest(root);
  const files = new Map<string, Buffer>();
  for (const [name, f] of Object.entries(manifest.files)) {
    if (name.includes('..') || name.startsWith('/')) throw new ModelFormatError(`unsafe file name in manifest`, name);
    const p = join(root, name);
    if (!existsSync(p)) throw new ModelFormatError('is missing', p);
    const st = statSync(p);
    // A FIFO or device passes the size check (0 bytes) and then blocks the read forever.
    if (!st.isFile()) throw new ModelFormatError('is not a regular file', p);
    if (typeof f?.sha256 !== 'string' || typeof f?.bytes !== 'number') {
      throw new ModelFormatError(`manifest entry has no sha256/bytes`, p);
    }
    if (st.size !== f.bytes) {
      throw new ModelFormatError(`is ${st.size} bytes, the manifest says ${f.bytes} (truncated or replaced)`, p);
    }
    let bytes: Buffer;
    try {
      bytes = readFileSync(p);
    } catch (e) {
      throw new ModelFormatError(`cannot be read (${(e as Error).message})`, p);
    }
    const h = createHash('sha256').update(bytes).digest('hex');
    if (bytes.length !== f.bytes || h !== f.sha256)
      throw new ModelFormatError(`sha256 ${h} does not match the manifest (${f.sha256}): the file was modified`, p);
    files.set(name, bytes);
  }
  return { manifest, files };
}

/**
 * Checks a model directory without loading the model (see {@link readVerifiedModelDir}).
 * @returns the manifest.
 * @throws ModelFormatError naming the file and the problem (missing, truncated, tampered, newer format).
 */
export function verifyModelDir(dir: string): ModelManifest {
  return readVerifiedModelDir(dir).manifest;
}

/** Every `kind` string nested anywhere in an estimator JSON (ensembles and pipelines nest models). */
function nestedKinds(json: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(json)) {
    // Numeric arrays (weights) hold no kinds: skip them without visiting every value.
    if (json.length > 0 && (typeof json[0] === 'number' || json[0] === null)) return out;
    for (const v of json) nestedKinds(v, out);
  }
  if (!Array.isArray(json) && json !== null && typeof json === 'object') {
    for (const [k, v] of Object.entries(json)) {
      if (k === 'kind' && typeof v === 'string') out.add(v);
      else nestedKinds(v, out);
    }
  }
  return out;
}

/**
 * Loads a model directory written by `saveModel`: verifies every checksum and the format version
 * first, then rebuilds the model through the estimator registry. The loaded model predicts exactly
 * what the saved one did. Initialises TensorFlow.js first when the model (or a nested one) needs it.
 * @throws ModelFormatError on a tampered, truncated or missing file, an unknown kind or a newer format.
 */
export async function loadModel(dir: string): Promise<LoadedModel> {
  const root = resolve(dir);
  const { manifest, files } = readVerifiedModelDir(root);
  const estPath = join(root, ESTIMATOR_FILE);
  let json: unknown;
  try {
    json = JSON.parse(files.get(ESTIMATOR_FILE)!.toString('utf8'));
  } catch (e) {
    throw new ModelFormatError(`is not valid JSON (${(e as Error).message})`, estPath);
  }
  const full = unpackLargeArrays(json, files.get(WEIGHTS_FILE)!, join(root, WEIGHTS_FILE)) as EstimatorJSON;
  if (full === null || typeof full !== 'object' || full.kind !== manifest.kind) {
    throw new ModelFormatError(
      `kind ${JSON.stringify((full as EstimatorJSON | null)?.kind)} differs from the manifest's '${manifest.kind}'`,
      estPath,
    );
  }
  const kinds = nestedKinds(full);
  if (registeredEstimators().some((e) => kinds.has(e.kind) && e.capabilities.includes('tensorflow'))) await initTf();
  let model: FitModel;
  try {
    model = estimatorFromJSON(full) as unknown as FitModel;
  } catch (e) {
    if (e instanceof ModelFormatError) throw new ModelFormatError(e.message, estPath);
    throw new ModelFormatError(`could not be read: ${(e as Error).message}`, estPath);
  }
  if (typeof (model as Partial<FitModel>).predictProba !== 'function') {
    throw new ModelFormatError(`kind '${manifest.kind}' is not a fit model (no predictProba)`, estPath);
  }
  if (JSON.stringify([...model.classes]) !== JSON.stringify(manifest.classes)) {
    throw new ModelFormatError(
      `classes ${JSON.stringify(manifest.classes)} differ from the model's ${JSON.stringify([...model.classes])}`,
      join(root, MANIFEST_FILE),
    );
  }
  dryRun(model, manifest, root);
  return { model, manifest, dir: root };
}

/**
 * Scores one record with every field missing, read in the model's record format, so that a model that cannot
 * score records as its commands will read them (a manifest naming the wrong dataset, an estimator whose
 * parts disagree) fails here, naming the directory, not on every request or as a usage error later.
 */
function dryRun(model: FitModel, manifest: ModelManifest, root: string): void {
  const { format, extraFields } = recordFormatOf(manifest);
  const parser = new FitRecordParser('dry run', { format, extraFields, keepUnlabeled: true, keepMissingIds: true });
  parser.pushText('{}\n');
  const { dataset } = parser.finish({ name: 'dry run', sha256: '' });
  let P: Float64Array;
  try {
    P = model.predictProba(dataset);
  } catch (e) {
    throw new ModelFormatError(
      `cannot score a record read as its training data (${format}${extraFields ? ' with extra fields' : ''}): ` +
        (e as Error).message,
      root,
    );
  }
  if (P.length !== model.classes.length || !P.every((p) => Number.isFinite(p))) {
    throw new ModelFormatError(`scores a record with every field missing as [${[...P].join(', ')}]`, root);
  }
}
