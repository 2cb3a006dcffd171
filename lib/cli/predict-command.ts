import { chmodSync, fstatSync, realpathSync, renameSync, rmSync, statSync, writeFileSync, type Stats } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Command } from './command.js';
import { parseArgs, requireString } from './args.js';
import { readingNotes } from './reading-notes.js';
import { requireRecords } from './require-records.js';
import { checkNotSameFile, checkOutputFile } from './check-output-file.js';
import { DataError } from '../core/errors.js';
import { FIT_CLASSES } from '../core/labels.js';
import { loadDataset } from '../data/dataset-registry.js';
import { loadModel } from '../export/load-model.js';
import { fileFormatUse, fileReadOptions } from '../export/model-file-reading.js';
import { recordFormatOf } from '../export/record-format.js';
import { plural } from './plural.js';

const USAGE = `sizefit predict --model DIR --dataset NAME|PATH --out FILE.csv

  Writes one CSV row per input record: line (1-based line number in the input), p_small, p_fit,
  p_large and label (the most probable class). Records without a fit label, or with unknown or missing
  fields (ids included), are predicted too; malformed lines are reported on stderr. The file is read in the
  format of the model's training data (training data in no record format, such as generated synthetic data: in
  the format the file's own fields show, said on stderr): fields that format does not know are ignored and
  listed on stderr, with the problems found by kind.`;

/** `sizefit predict`: per-record probabilities of a saved model, as CSV. */
export const predictCommand: Command = {
  name: 'predict',
  summary: 'write per-record fit probabilities of a saved model as CSV',
  usage: USAGE,
  async run(argv, io) {
    const args = parseArgs(argv, { values: ['model', 'dataset', 'out'] });
    const dir = requireString(args, 'model');
    const datasetName = requireString(args, 'dataset');
    const out = requireString(args, 'out');
    checkOutputFile(out, '--out', {
      inputs: [{ option: '--dataset', path: datasetName }],
      outside: [{ option: '--model', path: dir }],
    });
    const { model, manifest } = await loadModel(dir);
    // Read the file in the training data's format and extra fields (the sample's size system...), as the
    // service does: a record means to the model what the same line meant in its training data. Training data in
    // no record format (generated synthetic data...) says nothing of the file's: the file's own fields tell.
    const recordFormat = recordFormatOf(manifest);
    const { dataset, report } = await loadDataset(datasetName, {
      keepUnlabeled: true,
      keepMissingIds: true,
      ...fileReadOptions(recordFormat),
    });
    requireRecords(dataset, report, 'record to score');
    // A registry name (`sample`...) is only resolved to its file by the load.
    checkNotSameFile(out, '--out', report.source, '--dataset');
    const used = fileFormatUse(report, recordFormat, manifest);
    if (used.note !== null) io.err(`sizefit predict: ${used.note}`);
    for (const note of readingNotes(report, used.format, used.from)) io.err(`sizefit predict: ${note}`);
    const P = model.predictProba(dataset);
    const lines: string[] = ['line,p_small,p_fit,p_large,label'];
    for (let i = 0; i < dataset.length; i++) {
      const p0 = P[i * 3];
      const p1 = P[i * 3 + 1];
      const p2 = P[i * 3 + 2];
      const k = p1 >= p0 && p1 >= p2 ? 1 : p0 >= p2 ? 0 : 2;
      lines.push(`${dataset.lineNumbers[i]},${p0},${p1},${p2},${FIT_CLASSES[k]}`);
    }
    await writePredictions(out, lines.join('\n') + '\n');
    io.err(
      `sizefit predict: ${plural(dataset.length, 'record')} -> ${out}` +
        (report.rowsDropped
          ? ` (${plural(report.rowsDropped, 'malformed line')} left out; see \`sizefit data stats\`)`
          : ''),
    );
    return 0;
  },
};

/**
 * Writes the predictions `text` to `path`. A path that is a regular file or not there yet is written atomically
 * ({@link writeAtomically}); one that is something else is written directly, as it cannot be replaced by a renamed
 * file (beside `/dev/stdout` on a pipe, the temporary file would be `/proc/PID/fd/pipe:[N].tmp-PID`): this process's
 * standard output (`/dev/stdout`, `/dev/fd/1`... on a pipe, a socket or a terminal) through `process.stdout`, since
 * a socket cannot be opened again by its path, and anything else (a FIFO, a device, another descriptor's pipe) by
 * opening it for writing.
 *
 * @throws DataError naming `path` and the cause.
 */
async function writePredictions(path: string, text: string): Promise<void> {
  let st: Stats | undefined;
  try {
    st = statSync(path);
  } catch {
    // not there (or not reachable): the atomic write creates it, or says why it cannot
  }
  if (st === undefined || st.isFile()) {
    writeAtomically(path, text);
    return;
  }
  try {
    if (isStandardOutput(st)) await writeStandardOutput(text);
    else writeFileSync(path, text);
  } catch (e) {
    throw new DataError(`--out ${path}: could not write the predictions (${(e as Error).message})`, { cause: e });
  }
}

/** Whether `st` is the file of this process's standard output (same device and inode as descriptor 1). */
function isStandardOutput(st: Stats): boolean {
  try {
    const o = fstatSync(1);
    return o.dev === st.dev && o.ino === st.ino;
  } catch {
    return false;
  }
}

/** Writes `text` to `process.stdout`, resolving once it is handed to the system; rejects with the write's error. */
function writeStandardOutput(text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    // Kept after a failed write: the stream emits its error after the callback has it (never unhandled here).
    const onError = (e: Error): void => reject(e);
    process.stdout.once('error', onError);
    process.stdout.write(text, (e) => {
      if (e) return reject(e);
      process.stdout.off('error', onError);
      resolve();
    });
  });
}

/**
 * Writes `text` to `path` through a temporary file in the same directory renamed over it, so that an existing
 * file is replaced only by a complete one: a failed write (disk full...) leaves it as it was.
 *
 * @throws DataError naming `path` and the cause; the temporary file is removed.
 */
function writeAtomically(path: string, text: string): void {
  // An --out that is a symbolic link: the file it points to is replaced (the link stays), with its permissions.
  let target = path;
  let mode: number | undefined;
  try {
    target = realpathSync(path);
    mode = statSync(target).mode & 0o777;
  } catch {
    // not there yet: written as given
  }
  const tmp = join(dirname(target), `.${basename(target)}.tmp-${process.pid}`);
  try {
    writeFileSync(tmp, text, mode === undefined ? {} : { mode });
    if (mode !== undefined) chmodSync(tmp, mode);
    renameSync(tmp, target);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw new DataError(`--out ${path}: could not write the predictions (${(e as Error).message})`, { cause: e });
  }
}
