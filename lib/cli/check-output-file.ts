import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InvalidArgumentError } from '../core/errors.js';

/**
 * Checks, before any work, that an output file can be written at `path`: its directory exists and may be
 * written in, and the path is not a directory. A bad `--out` then costs nothing instead of failing at the end.
 *
 * @throws InvalidArgumentError naming the path and what is wrong with it.
 */
export function checkOutputFile(path: string, option = '--out'): void {
  const target = resolve(path);
  if (existsSync(target) && statSync(target).isDirectory()) {
    throw new InvalidArgumentError(`${option} ${path} is a directory; give a file name`);
  }
  const dir = dirname(target);
  if (!existsSync(dir)) throw new InvalidArgumentError(`${option} ${path}: the directory ${dir} does not exist`);
  if (!statSync(dir).isDirectory()) throw new InvalidArgumentError(`${option} ${path}: ${dir} is not a directory`);
  try {
    accessSync(dir, constants.W_OK);
    if (existsSync(target)) accessSync(target, constants.W_OK);
  } catch {
    throw new InvalidArgumentError(`${option} ${path}: no permission to write there`);
  }
}
