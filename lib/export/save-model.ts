import { createHash } from 'node:crypto';
import {
  accessSync,
  constants,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  type Stats,
} from 'node:fs';
import { join, resolve, dirname, sep } from 'node:path';
import { MAX_FILE_NAME_BYTES, tooLongFileName } from '../core/file-name-length.js';
import { InvalidArgumentError, ModelFormatError } from '../core/errors.js';
import { libVersion } from '../core/version.js';
import { makeDirectory } from '../core/make-directory.js';
import type { FitModel } from '../models/fit-model.js';
import type { EstimatorJSON } from '../core/estimator.js';
import { packLargeArrays } from './binary-pack.js';
import { manifestDatasetProblem } from './manifest-dataset.js';
import { readModelFile } from './read-model-file.js';
import { isSafeFileName } from './artifact-file-name.js';
import { parsedFileLimit } from './parsed-file-limits.js';
import { stagingPath } from './staging-path.js';
import {
  ESTIMATOR_FILE,
  MANIFEST_FILE,
  MAX_MANIFEST_BYTES,
  MODEL_ARTIFACT_FORMAT,
  MODEL_ARTIFACT_VERSION,
  WEIGHTS_FILE,
  type ArtifactDataset,
  type ArtifactFile,
  type ModelManifest,
} from './model-manifest.js';

/** What {@link saveModel} records besides the model itself. */
export interface SaveModelInfo {
  /** Catalog name the model was trained as. */
  model: string;
  dataset: ArtifactDataset;
  sizeSystems?: string[];
  params?: Record<string, unknown>;
  /** Default: the model's own feature names when it has a feature pipeline ({@link modelFeatureNames}), else []. */
  features?: string[];
  metrics?: ModelManifest['metrics'];
  trainingSeconds?: number;
  /**
   * Extra files to write beside the model (name -> bytes and role), e.g. a TensorFlow.js layers model. A name is
   * one the loader accepts ({@link isSafeFileName}: `tfjs/model.json`, never `./x`, `a//b` or `docs/`), not the name
   * of a file `saveModel` writes itself (`manifest.json`, `estimator.json`, `weights.bin`), and neither a directory
   * of another name nor inside a file of another name (`a` beside `a/b`).
   */
  extraFiles?: Record<string, { data: Uint8Array | string; role: string }>;
  /**
   * Replace an existing model directory (default false: an existing non-empty directory is an error). Only a
   * sizefit model directory (or an empty one) is replaced: any other directory is refused, never deleted.
   */
  overwrite?: boolean;
  /**
   * The model's own `toJSON()`, when the caller already made it (`trainingManifestInfo` does, for `params`):
   * written instead of serialising the model a second time (0.8 s for `best`). It must be this model's; one of
   * another kind is refused.
   */
  estimatorJson?: EstimatorJSON;
}

function sha256(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * Checks, before any work, that a model directory can be written at `dir`: its name and the name of every
 * directory on its path are at most 255 bytes long (NAME_MAX), it is absent or an empty directory, or with
 * `overwrite` a sizefit model directory (its `manifest.json` a regular file whose `format` is `sizefit-model`), and
 * its nearest existing ancestor is a directory this process may write in. `overwrite` never replaces anything else:
 * `--out . --overwrite` would have deleted the current directory. `sizefit train` calls it before loading and
 * training, so a bad `--out` costs nothing.
 *
 * @returns the resolved target path.
 * @throws InvalidArgumentError naming the path and what is wrong with it (a name too long names the name).
 */
export function checkModelTarget(dir: string, overwrite: boolean): string {
  const target = resolve(dir);
  const longName = tooLongFileName(target.split(sep));
  if (longName !== undefined) {
    throw new InvalidArgumentError(
      `cannot write ${target}: the name '${longName.slice(0, 40)}...' is ${Buffer.byteLength(longName)} bytes, ` +
        `over the ${MAX_FILE_NAME_BYTES} a file name may have`,
    );
  }
  let st: Stats | undefined;
  try {
    st = lstatSync(target, { throwIfNoEntry: false });
  } catch (e) {
    throw new InvalidArgumentError(`cannot write ${target}: ${(e as Error).message}`);
  }
  if (st !== undefined) {
    if (st.isSymbolicLink()) {
      throw new InvalidArgumentError(`${target} is a symbolic link, not a model directory (choose another --out)`);
    }
    if (!st.isDirectory()) throw new InvalidArgumentError(`${target} is a file, not a model directory`);
    if (readdirSync(target).length > 0) {
      if (!overwrite) {
        throw new InvalidArgumentError(
          `${target} exists and is not empty (choose another --out, remove it, or pass --overwrite)`,
        );
      }
      const why = notAModelDirectory(target);
      if (why !== undefined) {
        throw new InvalidArgumentError(
          `${target} is not a sizefit model directory (${why}): --overwrite replaces only a model directory or an ` +
            'empty one; choose another --out',
        );
      }
    }
  }
  let ancestor = dirname(target);
  while (!existsSync(ancestor) && dirname(ancestor) !== ancestor) ancestor = dirname(ancestor);
  if (!statSync(ancestor).isDirectory()) {
    throw new InvalidArgumentError(`cannot write ${target}: ${ancestor} is a file, not a directory`);
  }
  try {
    accessSync(ancestor, constants.W_OK);
  } catch {
    throw new InvalidArgumentError(`cannot write ${target}: no permission to write in ${ancestor}`);
  }
  return target;
}

/**
 * Why a non-empty directory is not one `saveModel` may replace, or undefined when it is a sizefit model directory:
 * its `manifest.json` is a regular file (read as the loader reads it: a link is not followed) of JSON whose
 * `format` is `sizefit-model`.
 */
function notAModelDirectory(dir: string): string | undefined {
  const p = join(dir, MANIFEST_FILE);
  let text: string;
  try {
    text = readModelFile(p, { maxBytes: MAX_MANIFEST_BYTES }).toString('utf8');
  } catch (e) {
    const reason = e instanceof ModelFormatError && e.file === p ? e.message.slice(p.length + 2) : String(e);
    return `its ${MANIFEST_FILE} ${reason}`;
  }
  let m: unknown;
  try {
    m = JSON.parse(text);
  } catch {
    return `its ${MANIFEST_FILE} is not JSON`;
  }
  const format = m !== null && typeof m === 'object' ? (m as { format?: unknown }).format : undefined;
  if (format !== MODEL_ARTIFACT_FORMAT) {
    return `the format of its ${MANIFEST_FILE} is ${JSON.stringify(format) ?? 'missing'}, not '${MODEL_ARTIFACT_FORMAT}'`;
  }
  return undefined;
}

/**
 * Writes a fitted model as a model directory: `estimator.json` (the model's `toJSON()`, large arrays
 * moved to `weights.bin`), any extra files, and `manifest.json` with the format version, kind, lib
 * version, dataset fingerprint, classes, metrics and the sha256 of every file. The directory is written
 * under a temporary name and renamed into place, so a crash never leaves a half-written model.
 *
 * @returns the manifest written.
 * @throws InvalidArgumentError when the model is not fitted, `info.dataset` is one a manifest may not hold (see
 *   {@link manifestDatasetProblem}), a name of `info.extraFiles` is one the loader refuses or clashes with another
 *   file (naming it), `manifest.json`, `estimator.json` or `weights.bin` would be over the size the loader reads,
 *   `dir` is not empty and is not a model directory `overwrite` may replace, or its name is too long (see
 *   {@link checkModelTarget}), or `info.estimatorJson` is of another kind than the model.
 */
export function saveModel(dir: string, model: FitModel, info: SaveModelInfo): ModelManifest {
  if (!model.isFitted) throw new InvalidArgumentError(`cannot save an unfitted ${model.kind} model`);
  // What loadModel would refuse is not written: a saved model always loads.
  const datasetProblem = manifestDatasetProblem(info.dataset);
  if (datasetProblem !== undefined) throw new InvalidArgumentError(`cannot save the model: ${datasetProblem}`);
  const extraFiles = info.extraFiles ?? {};
  checkExtraFileNames(Object.keys(extraFiles));
  const target = checkModelTarget(dir, info.overwrite ?? false);
  const given = info.estimatorJson;
  if (given !== undefined && given.kind !== model.kind) {
    throw new InvalidArgumentError(
      `cannot save the model: its estimatorJson is of kind '${given.kind}', the model is '${model.kind}'`,
    );
  }
  const { json, buffer } = packLargeArrays(given ?? model.toJSON());
  const estimatorJson = JSON.stringify(json);
  const files: Record<string, { data: Uint8Array | string; role: string }> = {
    [ESTIMATOR_FILE]: { data: estimatorJson, role: 'estimator JSON (kind, version, options, learned state)' },
    [WEIGHTS_FILE]: { data: buffer, role: 'large numeric arrays of the estimator JSON, float64 little-endian' },
    ...extraFiles,
  };
  // Built with Object.fromEntries, whose every key is an own property: an assignment to `__proto__` (an extra file
  // of a JSON.parse'd object may have that name) set the prototype instead, and the file was written unlisted, a
  // directory loadModel refused.
  const manifestFiles: Record<string, ArtifactFile> = Object.fromEntries(
    Object.entries(files).map(([name, f]): [string, ArtifactFile] => {
      const bytes = typeof f.data === 'string' ? Buffer.byteLength(f.data) : f.data.byteLength;
      const max = parsedFileLimit(name);
      if (max !== undefined && bytes > max) {
        throw new InvalidArgumentError(
          `cannot save the model: its ${name} would be ${bytes} bytes, over the ${max} bytes loadModel reads`,
        );
      }
      return [name, { sha256: sha256(f.data), bytes, role: f.role }];
    }),
  );
  const manifest: ModelManifest = {
    format: MODEL_ARTIFACT_FORMAT,
    formatVersion: MODEL_ARTIFACT_VERSION,
    kind: model.kind,
    model: info.model,
    libVersion: libVersion(),
    createdAt: new Date().toISOString(),
    classes: [...model.classes],
    dataset: info.dataset,
    sizeSystems: info.sizeSystems ?? [],
    params: info.params ?? {},
    features: info.features ?? modelFeatureNames(model),
    metrics: info.metrics ?? {},
    trainingSeconds: info.trainingSeconds ?? 0,
    files: manifestFiles,
  };
  const manifestText = JSON.stringify(manifest, null, 2) + '\n';
  if (Buffer.byteLength(manifestText) > MAX_MANIFEST_BYTES) {
    throw new InvalidArgumentError(
      `cannot save the model: its ${MANIFEST_FILE} would be ${Buffer.byteLength(manifestText)} bytes, over the ` +
        `${MAX_MANIFEST_BYTES} bytes loadModel reads (long roles, params or metrics)`,
    );
  }
  // Staged beside the target and renamed into place: a failed save (disk full, file size limit) leaves neither a
  // half-written model nor the staging directory, and a model it replaces is kept until the new one is in place.
  const tmp = stagingPath(target, 'tmp');
  const discard = (path: string): void => rmSync(path, { recursive: true, force: true });
  makeDirectory(dirname(target));
  // Not recursive: a name that exists (never expected) is an error, never a directory written into and removed.
  mkdirSync(tmp);
  try {
    for (const [name, f] of Object.entries(files)) {
      makeDirectory(dirname(join(tmp, name)));
      writeFileSync(join(tmp, name), f.data);
    }
    writeFileSync(join(tmp, MANIFEST_FILE), manifestText);
  } catch (e) {
    discard(tmp);
    throw e;
  }
  const old = existsSync(target) ? stagingPath(target, 'old') : undefined;
  if (old !== undefined) renameSync(target, old);
  try {
    renameSync(tmp, target);
  } catch (e) {
    if (old !== undefined) renameSync(old, target);
    discard(tmp);
    throw e;
  }
  if (old !== undefined) discard(old);
  return manifest;
}

/**
 * Refuses, before any work, an extra file name that would not save or load: one the loader refuses
 * ({@link isSafeFileName}), one with a part over 255 bytes (NAME_MAX: `é` takes two), the name of a file
 * `saveModel` writes itself (it replaced that file silently), or a name that is a directory of another (`a` beside
 * `a/b`: one of them cannot be written).
 * @throws InvalidArgumentError naming the name.
 */
function checkExtraFileNames(names: string[]): void {
  const builtIn = new Set([MANIFEST_FILE, ESTIMATOR_FILE, WEIGHTS_FILE]);
  const shown = (name: string): string => JSON.stringify(name.length > 200 ? `${name.slice(0, 200)}...` : name);
  for (const name of names) {
    if (!isSafeFileName(name)) {
      throw new InvalidArgumentError(
        `invalid artifact file name ${shown(name)}: a name is 1 to 255 characters of '/'-separated parts, none ` +
          "empty, '.' or '..', without backslash or NUL",
      );
    }
    const long = tooLongFileName(name.split('/'));
    if (long !== undefined) {
      throw new InvalidArgumentError(
        `invalid artifact file name ${shown(name)}: its part ${shown(long)} is ${Buffer.byteLength(long)} bytes, ` +
          `over the ${MAX_FILE_NAME_BYTES} a file name may have`,
      );
    }
    if (builtIn.has(name)) {
      throw new InvalidArgumentError(`invalid artifact file name ${shown(name)}: saveModel writes that file itself`);
    }
  }
  const all = new Set(names);
  for (const name of names) {
    const parts = name.split('/');
    for (let k = 1; k < parts.length; k++) {
      const dir = parts.slice(0, k).join('/');
      if (all.has(dir) || builtIn.has(dir)) {
        throw new InvalidArgumentError(
          `invalid artifact file name ${shown(name)}: ${shown(dir)} is a file of the model, not a directory`,
        );
      }
    }
  }
}

/** Feature names of a model that exposes them (pipeline models: `featureNames()`), else []. */
export function modelFeatureNames(model: FitModel): string[] {
  const m = model as unknown as { featureNames?: () => string[] };
  try {
    return typeof m.featureNames === 'function' ? m.featureNames() : [];
  } catch {
    return [];
  }
}
