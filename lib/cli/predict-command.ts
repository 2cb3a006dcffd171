import { chmodSync, realpathSync, renameSync, rmSync, statSync, write, writeFileSync, type Stats } from 'node:fs';
import { promisify } from 'node:util';
import type { Command } from './command.js';
import { parseArgs, requireString } from './args.js';
import { readingNotes } from './reading-notes.js';
import { requireRecords } from './require-records.js';
import { checkNotSameFile, checkOutputFile } from './check-output-file.js';
import { DataError } from '../core/errors.js';
import { FIT_CLASSES } from '../core/labels.js';
import { loadDatasetOption } from './dataset-option.js';
import { loadModel } from '../export/load-model.js';
import { fileFormatUse, fileReadOptions } from '../export/model-file-reading.js';
import { recordFormatOf } from '../export/record-format.js';
import { stagingPath } from '../export/staging-path.js';
import { argmaxRows } from '../models/prior-fit-labels.js';
import { plural } from '../core/plural.js';
import { descriptorOf, standardStreamOf } from './open-descriptor.js';

const writeAsync = promisify(write);

const USAGE = `sizefit predict --model DIR --dataset NAME|PATH --out FILE.csv

  Writes one CSV row per input record: line (1-based line number in the input), p_small, p_fit,
  p_large and label (the most probable class). Records without a fit label, or with unknown or missing
  fields (ids included), are predicted too; malformed lines are reported on stderr. The file is read in the
  format of the model's training data (training data in no record format, such as generated synthetic data: in
  the format the file's own fields show, said on stderr): fields that format does not know are ignored and
  listed on stderr, with the problems found by kind. A truncated gzip file is scored up to its cut, said first on
  stderr. --out may be a FIFO, a device or /dev/stdout (written directly: \`>> file\` appends); a regular file is
  replaced only by a complete one.`;

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
    const { dataset, report } = await loadDatasetOption(datasetName, io, 'predict', {
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
    // The label is the model's own predict rule (the lowest class on a tie), as the service's and the model's.
    const label = argmaxRows(P, 3);
    const lines: string[] = ['line,p_small,p_fit,p_large,label'];
    for (let i = 0; i < dataset.length; i++) {
      const p0 = P[i * 3];
      const p1 = P[i * 3 + 1];
      const p2 = P[i * 3 + 2];
      lines.push(`${dataset.lineNumbers[i]},${p0},${p1},${p2},${FIT_CLASSES[label[i]]}`);
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
 * Writes the predictions `text` to `path`, never renaming a file over a file someone else writes to:
 * - a descriptor of this process (`/dev/stdout`, `/dev/fd/N`, `/proc/self/fd/N`, `/proc/PID/fd/N` with this process's
 *   id, or a symbolic link to one): through the descriptor itself, whatever it is open on: a pipe, a socket (which
 *   cannot be opened again by its path) or a regular file, written where the descriptor stands (`>> log` appends,
 *   `> log` writes from the start; before, a temporary file was renamed over the file, losing what the shell and
 *   others had written to it);
 * - the file this process's standard output or error is open on, named by its own path: through that stream, for
 *   the same reason;
 * - another process's descriptor (`/proc/PID/fd/N`), a FIFO or a device: by opening it for writing (it cannot be
 *   replaced by a renamed file: beside `/proc/PID/fd/N` on a pipe, the temporary file would be
 *   `/proc/PID/fd/pipe:[N].tmp-PID`, and renamed over a FIFO or `/dev/null` it would replace them);
 * - any other path, a regular file or one not there yet: atomically ({@link writeAtomically}).
 *
 * @throws DataError naming `path` and the cause.
 */
async function writePredictions(path: string, text: string): Promise<void> {
  const descriptor = descriptorOf(path);
  let st: Stats | undefined;
  try {
    st = statSync(path);
  } catch {
    // not there (or not reachable): the atomic write creates it, or says why it cannot
  }
  const own = descriptor !== null && descriptor.pid === process.pid ? descriptor.fd : standardStreamOf(st);
  if (own === null && descriptor === null && (st === undefined || st.isFile())) {
    writeAtomically(path, text);
    return;
  }
  try {
    if (own === 1) await writeStream(process.stdout, text);
    else if (own === 2) await writeStream(process.stderr, text);
    else if (own !== null) await writeDescriptor(own, text);
    else writeFileSync(path, text);
  } catch (e) {
    throw new DataError(`--out ${path}: could not write the predictions (${(e as Error).message})`, { cause: e });
  }
}

/** Writes `text` to `stream` (standard output or error), resolving once it is handed to the system. */
function writeStream(stream: NodeJS.WriteStream, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    // Kept after a failed write: the stream emits its error after the callback has it (never unhandled here).
    const onError = (e: Error): void => reject(e);
    stream.once('error', onError);
    stream.write(text, (e) => {
      if (e) return reject(e);
      stream.off('error', onError);
      resolve();
    });
  });
}

/** Writes `text` to the open descriptor `fd`, all of it (a pipe may take it in parts, or be busy for a while). */
async function writeDescriptor(fd: number, text: string): Promise<void> {
  const bytes = Buffer.from(text, 'utf8');
  for (let at = 0; at < bytes.length;) {
    try {
      at += (await writeAsync(fd, bytes, at, bytes.length - at)).bytesWritten;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
      await new Promise((r) => setTimeout(r, 10));
    }
  }
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
  const tmp = stagingPath(target, 'tmp');
  try {
    writeFileSync(tmp, text, mode === undefined ? {} : { mode });
    if (mode !== undefined) chmodSync(tmp, mode);
    renameSync(tmp, target);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw new DataError(`--out ${path}: could not write the predictions (${(e as Error).message})`, { cause: e });
  }
}
