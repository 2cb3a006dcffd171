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
 * The exit code of a benchmark that measured nothing because its data is not on this machine: `npm run bench`
 * (scripts/bench.mjs) counts it as skipped, neither ran nor failed.
 */
export const BENCH_SKIPPED = 3;

/**
 * `file` when it exists; else says so in one line, naming the benchmark and how to point it at the file, and ends the
 * process with {@link BENCH_SKIPPED}: a machine without the data skips the benchmark, it does not fail it.
 */
export function requireRtrFile(bench: string, file: string): string {
  if (existsSync(file)) return file;
  console.log(`${bench}: ${file} not found (pass a path or set SIZEFIT_RTR_DEV); skipped, nothing measured`);
  process.exit(BENCH_SKIPPED);
}
