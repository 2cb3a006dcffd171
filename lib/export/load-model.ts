import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, statSync, type Dirent, type Stats } from 'node:fs';
import { join, resolve } from 'node:path';
import { InvalidArgumentError, ModelFormatError } from '../core/errors.js';
import { shownValue } from '../core/printable.js';
import { estimatorFromJSON, type EstimatorJSON } from '../core/estimator.js';
import { initTf } from '../core/tf-backend.js';
import { usesTensorflow } from '../core/uses-tensorflow.js';
import type { FitModel } from '../models/fit-model.js';
import { unpackLargeArrays } from './binary-pack.js';
import {
  ESTIMATOR_FILE,
  MANIFEST_FILE,
  MAX_MANIFEST_BYTES,
  MODEL_ARTIFACT_FORMAT,
  MODEL_ARTIFACT_VERSION,
  WEIGHTS_FILE,
  type ArtifactFile,
  type ModelManifest,
} from './model-manifest.js';
import { checkJsonDepth } from './json-depth.js';
import { manifestDatasetProblem } from './manifest-dataset.js';
import { readModelFile } from './read-model-file.js';
import { modelFileSha256 } from './model-file-sha256.js';
import { isSafeFileName } from './artifact-file-name.js';
import { parsedFileLimit } from './parsed-file-limits.js';
import { recordFormatOf } from './record-format.js';
import { FitRecordParser } from '../data/fit-record-parser.js';

/** A model loaded from a model directory, with its manifest. */
export interface LoadedModel {
  model: FitModel;
  manifest: ModelManifest;
  dir: string;
  /**
   * The checked bytes of the files asked for with {@link LoadModelOptions.read} that the manifest lists, by name
   * (empty when none was asked for). Optional so that a `{ model, manifest, dir }` made otherwise is one too.
   */
  files?: ReadonlyMap<string, Buffer>;
}

/** Options of {@link loadModel}. */
export interface LoadModelOptions {
  /**
   * Listed files besides the model's own whose bytes to return ({@link LoadedModel.files}), for a caller that parses
   * one (the service's `advice-history.json`): read whole while the directory is verified, instead of hashed in
   * chunks and read again, so the bytes returned are the very bytes whose size and sha256 matched. A name the
   * manifest does not list is left out. Default none.
   */
  read?: readonly string[];
}

function readManifest(dir: string): ModelManifest {
  const p = join(dir, MANIFEST_FILE);
  let dirStat: Stats | undefined;
  try {
    dirStat = statSync(dir, { throwIfNoEntry: false });
  } catch (e) {
    throw new ModelFormatError(`cannot be read as a model directory (${(e as Error).message})`, dir);
  }
  if (dirStat === undefined) throw new ModelFormatError(`model directory does not exist`, dir);
  if (!dirStat.isDirectory()) throw new ModelFormatError(`is not a directory`, dir);
  let manifestStat: Stats | undefined;
  try {
    manifestStat = lstatSync(p, { throwIfNoEntry: false });
  } catch (e) {
    throw new ModelFormatError(`cannot be read (${(e as Error).message})`, p);
  }
  if (manifestStat === undefined) throw new ModelFormatError(`missing: not a sizefit model directory`, p);
  // Not followed if a link, not blocked on if a FIFO, never more than the limit read (a link to /dev/zero was
  // read until memory ran out).
  const text = readModelFile(p, { maxBytes: MAX_MANIFEST_BYTES }).toString('utf8');
  let m: unknown;
  try {
    m = JSON.parse(text);
  } catch (e) {
    throw new ModelFormatError(`is not valid JSON (${(e as Error).message})`, p);
  }
  if (m === null || typeof m !== 'object' || Array.isArray(m)) throw new ModelFormatError('is not a JSON object', p);
  // The manifest is sent as JSON (GET /v1/model) and printed: no nesting that JSON.stringify cannot walk.
  checkJsonDepth(m, p);
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
  // The dataset says how records are read for the model (format, extra fields): every command needs it. A format
  // no save writes is refused, not read as RentTheRunway records without a word.
  const datasetProblem = manifestDatasetProblem(o.dataset);
  if (datasetProblem !== undefined) throw new ModelFormatError(datasetProblem, p);
  if (!Array.isArray(o.classes) || !o.classes.every((c) => typeof c === 'string')) {
    throw new ModelFormatError('classes must be an array of strings', p);
  }
  if (o.files === null || typeof o.files !== 'object' || Array.isArray(o.files)) {
    throw new ModelFormatError('files is missing', p);
  }
  for (const name of [ESTIMATOR_FILE, WEIGHTS_FILE]) {
    if (!Object.hasOwn(o.files, name)) throw new ModelFormatError(`does not list the file ${name}`, p);
  }
  for (const [name, f] of Object.entries(o.files)) {
    if (!isSafeFileName(name) || name === MANIFEST_FILE) {
      throw new ModelFormatError(`lists an unsafe file name ${JSON.stringify(name).slice(0, 200)}`, p);
    }
    const e = f as Partial<ArtifactFile> | null;
    if (
      e === null ||
      typeof e !== 'object' ||
      typeof e.sha256 !== 'string' ||
      typeof e.bytes !== 'number' ||
      !Number.isSafeInteger(e.bytes) ||
      e.bytes < 0
    ) {
      throw new ModelFormatError(`the entry of ${name} has no sha256 (string) and bytes (integer >= 0)`, p);
    }
  }
  return o as ModelManifest;
}

/** A verified model directory: the manifest and the bytes of the files asked for, as checked. */
export interface VerifiedModelDir {
  manifest: ModelManifest;
  /** File name -> the bytes whose size and sha256 matched the manifest (the files asked for that are listed). */
  files: Map<string, Buffer>;
}

/**
 * Checks a model directory and reads it: the manifest's format and version, and that every file it lists is
 * a regular file with the recorded size and sha256. The bytes returned are the bytes checked, so a file
 * swapped after the check cannot be parsed instead. A listed file whose bytes are not asked for is hashed in
 * chunks ({@link modelFileSha256}): an extra file of gigabytes takes a megabyte of memory, not its size.
 *
 * @param dir - the model directory.
 * @param read - the listed files whose bytes to return (those the caller parses); default every listed file.
 * @throws ModelFormatError naming the file and the problem (missing, not a file, truncated, tampered, newer
 *   format, an `estimator.json` or `weights.bin` over its size limit: {@link parsedFileLimit}).
 */
export function readVerifiedModelDir(dir: string, read?: readonly string[]): VerifiedModelDir {
  const root = resolve(dir);
  const manifest = readManifest(root);
  checkNoUnlistedFiles(root, manifest);
  const wanted = read === undefined ? undefined : new Set(read);
  const files = new Map<string, Buffer>();
  for (const [name, f] of Object.entries(manifest.files)) {
    const p = join(root, name);
    const limits = { bytes: f.bytes, maxBytes: parsedFileLimit(name) };
    let h: string;
    if (wanted === undefined || wanted.has(name)) {
      // Parsed: hashed from the very bytes returned.
      const bytes = readModelFile(p, limits);
      h = createHash('sha256').update(bytes).digest('hex');
      files.set(name, bytes);
    } else h = modelFileSha256(p, limits);
    if (h !== f.sha256)
      throw new ModelFormatError(`sha256 ${h} does not match the manifest (${f.sha256}): the file was modified`, p);
  }
  return { manifest, files };
}

/**
 * Refuses any entry of the model directory that the manifest does not list: an extra file (an unlisted
 * `tfjs/model.json`, a stray `extra.txt`), a symbolic link or a directory holding no listed file. Only
 * `manifest.json` itself, the directories of listed files (`tfjs/`) and regular hidden files (`.DS_Store`, which a
 * copy on macOS adds; never read) are allowed besides the listed files, whose type is checked when they are read.
 * Iterative, linear in the number of entries.
 * @throws ModelFormatError naming the first unlisted entry.
 */
function checkNoUnlistedFiles(root: string, manifest: ModelManifest): void {
  const listed = new Set(Object.keys(manifest.files));
  const dirs = new Set<string>();
  for (const name of listed) {
    const parts = name.split('/');
    for (let k = 1; k < parts.length; k++) dirs.add(parts.slice(0, k).join('/'));
  }
  const pending = [''];
  while (pending.length > 0) {
    const rel = pending.pop()!;
    let entries: Dirent[];
    try {
      entries = readdirSync(rel === '' ? root : join(root, rel), { withFileTypes: true });
    } catch (e) {
      throw new ModelFormatError(`cannot be listed (${(e as Error).message})`, rel === '' ? root : join(root, rel));
    }
    for (const entry of entries) {
      const name = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (name === MANIFEST_FILE || listed.has(name)) continue;
      // Desktop metadata a copy may pick up (.DS_Store, ._*): a regular hidden file is never read, so it is let be.
      if (entry.name.startsWith('.') && entry.isFile()) continue;
      if (entry.isDirectory() && dirs.has(name)) {
        pending.push(name);
        continue;
      }
      const what = entry.isSymbolicLink() ? 'a symbolic link' : entry.isDirectory() ? 'a directory' : 'a file';
      throw new ModelFormatError(
        `is in the model directory but not listed in its manifest (${what}; every file must be listed with its sha256)`,
        join(root, name),
      );
    }
  }
}

/**
 * Checks a model directory without loading the model (see {@link readVerifiedModelDir}).
 * @returns the manifest.
 * @throws ModelFormatError naming the file and the problem (missing, truncated, tampered, newer format).
 */
export function verifyModelDir(dir: string): ModelManifest {
  return readVerifiedModelDir(dir, []).manifest;
}

/**
 * Any error met while reading a model file as a ModelFormatError naming the file: one that already names a file
 * is kept, one without a file gets `file`, and any other (a TypeError or RangeError of a tampered file) says
 * what it was.
 */
function asModelFormatError(e: unknown, file: string): ModelFormatError {
  if (e instanceof ModelFormatError) return e.file !== undefined ? e : new ModelFormatError(e.message, file);
  const what = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return new ModelFormatError(`could not be read: ${what}`, file);
}

/**
 * Loads a model directory written by `saveModel`: verifies every checksum and the format version
 * first, then rebuilds the model through the estimator registry. The loaded model predicts exactly
 * what the saved one did. Initialises TensorFlow.js first when the model (or a nested one) needs it.
 * @param dir - the model directory.
 * @param options - other files whose checked bytes to return ({@link LoadModelOptions}).
 * @throws ModelFormatError on a tampered, truncated or missing file, an unknown kind or a newer format: any
 *   failure to read the files (a TypeError of a malformed value included) is a ModelFormatError naming the file.
 *   InvalidArgumentError when `options.read` is not an array of file names. Only a TensorFlow.js backend that
 *   cannot start throws otherwise (TfBackendError).
 */
export async function loadModel(dir: string, options: LoadModelOptions = {}): Promise<LoadedModel> {
  const read = options.read ?? [];
  if (!Array.isArray(read) || !read.every((name) => typeof name === 'string')) {
    throw new InvalidArgumentError(`loadModel: options.read must be an array of file names, got ${shownValue(read)}`);
  }
  const root = resolve(dir);
  const { manifest, files } = readVerifiedModelDir(root, [ESTIMATOR_FILE, WEIGHTS_FILE, ...read]);
  const asked = new Map<string, Buffer>();
  for (const name of read) {
    const bytes = files.get(name);
    if (bytes !== undefined) asked.set(name, bytes);
  }
  const estPath = join(root, ESTIMATOR_FILE);
  let full: EstimatorJSON;
  let tensorflow: boolean;
  try {
    let json: unknown;
    try {
      json = JSON.parse(files.get(ESTIMATOR_FILE)!.toString('utf8'));
    } catch (e) {
      throw new ModelFormatError(`is not valid JSON (${(e as Error).message})`, estPath);
    }
    checkJsonDepth(json, estPath);
    full = unpackLargeArrays(json, files.get(WEIGHTS_FILE)!, join(root, WEIGHTS_FILE)) as EstimatorJSON;
    if (full === null || typeof full !== 'object' || full.kind !== manifest.kind) {
      throw new ModelFormatError(
        `kind ${JSON.stringify((full as EstimatorJSON | null)?.kind)} differs from the manifest's '${manifest.kind}'`,
        estPath,
      );
    }
    tensorflow = usesTensorflow(full);
  } catch (e) {
    throw asModelFormatError(e, estPath);
  }
  if (tensorflow) await initTf();
  let model: FitModel;
  let classes: string[];
  try {
    model = estimatorFromJSON(full) as unknown as FitModel;
    if (typeof (model as Partial<FitModel>).predictProba !== 'function') {
      throw new ModelFormatError(`kind '${manifest.kind}' is not a fit model (no predictProba)`, estPath);
    }
    classes = [...model.classes];
  } catch (e) {
    throw asModelFormatError(e, estPath);
  }
  if (JSON.stringify(classes) !== JSON.stringify(manifest.classes)) {
    throw new ModelFormatError(
      `classes ${JSON.stringify(manifest.classes)} differ from the model's ${JSON.stringify(classes)}`,
      join(root, MANIFEST_FILE),
    );
  }
  dryRun(model, manifest, estPath);
  return { model, manifest, dir: root, files: asked };
}

/**
 * Scores one record with every field missing, read in the model's record format, so that a model that cannot
 * score records as its commands will read them (a manifest naming the wrong dataset, an estimator whose
 * parts disagree) fails here, naming the estimator file (the part that failed to score; the message says which
 * dataset and format of the manifest the record was read as), not on every request or as a usage error later.
 */
function dryRun(model: FitModel, manifest: ModelManifest, estPath: string): void {
  const { format, extraFields } = recordFormatOf(manifest);
  const parser = new FitRecordParser('dry run', { format, extraFields, keepUnlabeled: true, keepMissingIds: true });
  parser.pushText('{}\n');
  const { dataset } = parser.finish({ name: 'dry run', sha256: '' });
  let P: Float64Array;
  try {
    P = model.predictProba(dataset);
  } catch (e) {
    const named = JSON.stringify(manifest.dataset.name.slice(0, 100));
    const as = `${format}${extraFields ? ' with extra fields' : ''}: dataset ${named} in ${MANIFEST_FILE}`;
    throw new ModelFormatError(
      `cannot score a record read as its training data (${as}): ${e instanceof Error ? e.message : String(e)}`,
      estPath,
    );
  }
  if (P.length !== model.classes.length || !P.every((p) => Number.isFinite(p))) {
    throw new ModelFormatError(`scores a record with every field missing as [${[...P].join(', ')}]`, estPath);
  }
}
