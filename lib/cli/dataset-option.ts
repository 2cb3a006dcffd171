import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CommandIO } from './command.js';
import { printable } from '../core/printable.js';
import type { FitDataResult, ReadFitDataOptions } from '../data/fit-record-parser.js';

/**
 * What `--dataset NAME|PATH` reads, as the help of train, cv, flags and data stats says it: lines to indent under the
 * option's name. A registered name and a path to the same file do not read the same columns (the registry's extra
 * fields), so a model trained on one differs from a model trained on the other.
 */
export const DATASET_HELP_LINES: readonly string[] = [
  'a registered name (renttherunway, modcloth, sample; see `sizefit data list`) reads that',
  "dataset with its registered options (the sample's extra columns size_system, size_label,",
  'brand, returned, return_reason); a path (JSON lines, plain or gzip) reads only the fields of',
  "the file's record format (RentTheRunway or ModCloth) and leaves the others out: the same file",
  'by name and by path is not the same data. A registered name wins over a file or folder of',
  'that name in the working directory (said on stderr): give ./NAME to read the file',
];

/**
 * Loads the dataset `--dataset` names, as `loadDataset` does (a registered name first, else a path), and first says
 * on stderr when the name is a registered dataset's while a file or folder of that name exists in the working
 * directory: the registered dataset is read, and `./NAME` reads the file.
 * @param nameOrPath - the value of `--dataset`.
 * @param io - where the note goes.
 * @param command - the command words for the note, e.g. `train` or `data stats`.
 * @param options - reader options passed to `loadDataset` (strict...).
 * @returns what `loadDataset` returns.
 * @throws what `loadDataset` throws.
 */
export async function loadDatasetOption(
  nameOrPath: string,
  io: CommandIO,
  command: string,
  options: ReadFitDataOptions = {},
): Promise<FitDataResult> {
  const { datasetEntry, loadDataset } = await import('../data/dataset-registry.js');
  const local =
    datasetEntry(nameOrPath) !== undefined ? statSync(resolve(nameOrPath), { throwIfNoEntry: false }) : undefined;
  if (local !== undefined) {
    const shown = printable(nameOrPath);
    const what = local.isDirectory() ? 'folder' : 'file';
    io.err(
      `sizefit ${command}: --dataset ${shown} reads the registered dataset '${shown}', not the ${what} ${shown} in ` +
        `the working directory` +
        (what === 'file' ? `: give --dataset ./${shown} to read the file` : ''),
    );
  }
  return loadDataset(nameOrPath, options);
}
