// Where the benchmarks find the RentTheRunway dev file, and what they do without it.
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The RentTheRunway dev file of a benchmark: `given` (a path on its command line), else `$SIZEFIT_RTR_DEV`, else
 * `../shared/datasets/renttherunway-dev.jsonl.gz` next to the repository (as environment.md describes).
 */
export function rtrDevFile(given?: string): string {
  return given ?? process.env.SIZEFIT_RTR_DEV ?? resolve(ROOT, '../shared/datasets/renttherunway-dev.jsonl.gz');
}

/**
 * `file` when it exists; else says so in one line, naming the benchmark and how to point it at the file, and ends the
 * process with 0: a machine without the data skips the benchmark, it does not fail it.
 */
export function requireRtrFile(bench: string, file: string): string {
  if (existsSync(file)) return file;
  console.log(`${bench}: ${file} not found (pass a path or set SIZEFIT_RTR_DEV); skipped, nothing measured`);
  process.exit(0);
}
