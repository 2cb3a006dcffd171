// Where the benchmarks find the RentTheRunway dev file, and what they do without it.
import { existsSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The exit code of a benchmark given a RentTheRunway file that is not there: a failure, as for a bad command. */
export const BENCH_BAD_FILE = 2;

/**
 * The RentTheRunway dev file of a benchmark: `given` (a path on its command line), else `$SIZEFIT_RTR_DEV`, else
 * `../shared/datasets/renttherunway-dev.jsonl.gz` next to the repository (as environment.md describes). A relative
 * `given` or `$SIZEFIT_RTR_DEV` is read from the caller's directory: npm's INIT_CWD (`npm run bench` runs in the
 * repository root), else the process's.
 *
 * A file asked for (`given` or the variable) that is not there is a mistake, not a machine without the data: says so
 * in one line, naming the benchmark script, and ends the process with {@link BENCH_BAD_FILE} rather than fall back.
 * @returns an absolute path; only the default may be missing (see {@link requireRtrFile}).
 */
export function rtrDevFile(given?: string, env: NodeJS.ProcessEnv = process.env): string {
  const asked = given ?? (env.SIZEFIT_RTR_DEV || undefined);
  if (asked === undefined) return resolve(ROOT, '../shared/datasets/renttherunway-dev.jsonl.gz');
  const file = resolve(env.INIT_CWD ?? process.cwd(), asked);
  if (existsSync(file)) return file;
  const from = given === undefined ? `SIZEFIT_RTR_DEV=${asked}` : `the path ${asked}`;
  console.error(`${basename(process.argv[1] ?? 'bench')}: ${from}: there is no file ${file}`);
  process.exit(BENCH_BAD_FILE);
}

/**
 * The exit code of a benchmark that measured nothing because its data is not on this machine: `npm run bench`
 * (scripts/bench.mjs) counts it as skipped, neither ran nor failed.
 */
export const BENCH_SKIPPED = 3;

/**
 * `file` (from {@link rtrDevFile}) when it exists; else (the default, nothing asked for) says so in one line, naming
 * the benchmark and how to point it at the file, and ends the process with {@link BENCH_SKIPPED}: a machine without
 * the data skips the benchmark, it does not fail it.
 */
export function requireRtrFile(bench: string, file: string): string {
  if (existsSync(file)) return file;
  console.log(`${bench}: ${file} not found (pass a path or set SIZEFIT_RTR_DEV); skipped, nothing measured`);
  process.exit(BENCH_SKIPPED);
}
