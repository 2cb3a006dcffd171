import { accessSync, constants, existsSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { InvalidArgumentError } from '../core/errors.js';
import { MAX_FILE_NAME_BYTES, tooLongFileName } from '../core/file-name-length.js';
import { descriptorOf, standardStreamOf } from './open-descriptor.js';

/** Paths the output must not overwrite: input files it must not be, and directories it must not lie in. */
export interface OutputGuards {
  /** Input files (by option), refused as the output when they are the same file (same device and inode). */
  inputs?: { option: string; path: string }[];
  /** Directories (by option) the output must not lie inside, such as a model directory it would corrupt. */
  outside?: { option: string; path: string }[];
}

/**
 * Checks, before any work, that an output file can be written at `path`: no part of it (the file's name, a
 * directory's) is over 255 bytes (NAME_MAX), it does not end in a path separator, its directory exists and may be
 * written in (for a new or regular file; a device, FIFO or pipe such as `/dev/stdout` need only be writable itself),
 * the path is not a directory, it is not one of `guards.inputs` and does not lie inside one of `guards.outside`. A bad `--out` then costs nothing instead of failing at the
 * end, or overwriting the data it was computed from. Guards whose path does not exist are skipped.
 *
 * @throws InvalidArgumentError naming the path and what is wrong with it (a name too long names the name).
 */
export function checkOutputFile(path: string, option = '--out', guards: OutputGuards = {}): void {
  const target = resolve(path);
  const long = tooLongFileName(target.split(sep));
  if (long !== undefined) {
    throw new InvalidArgumentError(
      `${option} ${path}: the name '${long.slice(0, 40)}...' is ${Buffer.byteLength(long)} bytes, over the ` +
        `${MAX_FILE_NAME_BYTES} a file name may have`,
    );
  }
  const st = existsSync(target) ? statSync(target) : undefined;
  if (st?.isDirectory() === true) {
    throw new InvalidArgumentError(`${option} ${path} is a directory; give a file name`);
  }
  if (path.endsWith('/') || path.endsWith(sep)) {
    throw new InvalidArgumentError(`${option} ${path} ends with a path separator; give a file name`);
  }
  const dir = dirname(target);
  if (!existsSync(dir)) throw new InvalidArgumentError(`${option} ${path}: the directory ${dir} does not exist`);
  if (!statSync(dir).isDirectory()) throw new InvalidArgumentError(`${option} ${path}: ${dir} is not a directory`);
  try {
    // A device, FIFO or pipe is written in place: its directory (/dev, /proc/PID/fd) need not be
    // writable. A regular file is replaced through a temporary file beside it, and a new one created there.
    // So is a path naming an open descriptor (/dev/stdout, /dev/fd/N, /proc/PID/fd/N) or a file this process's
    // stdout or stderr is open on, even a regular file: it is written through the descriptor, never renamed over.
    const inPlace = descriptorOf(path) !== null || standardStreamOf(st) !== null;
    if (!inPlace && (st === undefined || st.isFile())) accessSync(dir, constants.W_OK);
    if (st !== undefined) accessSync(target, constants.W_OK);
  } catch {
    throw new InvalidArgumentError(`${option} ${path}: no permission to write there`);
  }
  for (const input of guards.inputs ?? []) checkNotSameFile(path, option, input.path, input.option);
  const real = join(realpathSync(dir), basename(target));
  for (const o of guards.outside ?? []) {
    if (!existsSync(o.path) || !statSync(o.path).isDirectory()) continue;
    const rel = relative(realpathSync(o.path), real);
    if (rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel)) {
      throw new InvalidArgumentError(
        `${option} ${path} lies inside the ${o.option} directory ${o.path}; write elsewhere`,
      );
    }
  }
}

/**
 * Refuses an output `path` that is the input file `input` (same device and inode: a symbolic or hard link to it
 * included), which writing would destroy before or while it is read. Skipped when either does not exist.
 *
 * @throws InvalidArgumentError naming both options and paths.
 */
export function checkNotSameFile(path: string, option: string, input: string, inputOption: string): void {
  if (!existsSync(path) || !existsSync(input)) return;
  const a = statSync(path);
  const b = statSync(input);
  if (a.dev === b.dev && a.ino === b.ino) {
    throw new InvalidArgumentError(`${option} ${path} is the ${inputOption} input file ${input}; write elsewhere`);
  }
}
