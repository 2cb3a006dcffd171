/**
 * Benchmark: every model of the catalog (`modelCatalog()`) on the RentTheRunway dev file (154,035
 * records; $SIZEFIT_RTR_DEV, read from the caller's directory, or ../shared/datasets/renttherunway-dev.jsonl.gz
 * relative to the repo root; the children are given the file's absolute path). Each model runs in a fresh child
 * process, so its peak RSS (process.resourceUsage().maxRSS) is its own: the process loads the file, fits the model
 * on all records (seed 0; models that need validation rows carve them from the training rows themselves), then
 * predicts all records in one batch. Printed per model: training wall and CPU time, peak RSS (and in brackets the
 * peak reached by the end of loading the data, before fitting: the parse's transient peak included, so not the RSS
 * the data holds) and prediction throughput in rows per second. Held-out accuracy is not measured here (see notebook
 * 03-fit-models).
 *
 * Other jobs share this 2-core machine: the load average at the start and after each model is printed, and
 * wall times include waiting for the CPU (CPU times are the fairer comparison).
 *
 * Run: node --import tsx bench/models.bench.ts [--models prior,logistic,...] [--timeout MINUTES]
 * (all the catalog's models by default; 30 minutes per model, a number above 0). A name not in the catalog, and any
 * other argument or value, are refused before any model runs (exit 2); --help prints the usage line.
 */
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readBenchArgs } from './bench-args.js';
import { requireRtrFile, rtrDevFile } from './rtr-file.js';
import { readBenchData } from './read-bench-data.js';

const SELF = fileURLToPath(import.meta.url);
const ROOT = resolve(dirname(SELF), '..');

interface ChildResult {
  model: string;
  rows: number;
  fitMs: number;
  fitCpuMs: number;
  predictMs: number;
  /** Peak RSS by the end of loading the data (maxRSS then), before fitting. */
  loadPeakRssMB: number;
  peakRssMB: number;
}

/** One model's run in the child process: `file` is the parent's absolute path of the data (the child runs in ROOT). */
async function child(name: string, file: string): Promise<void> {
  const lib = await import('../lib/index.js');
  const { dataset } = await readBenchData('models.bench', () => lib.loadDataset(file));
  const entry = lib.catalogEntry(name);
  const model = entry.create({ seed: 0 });
  const loadPeakRssMB = process.resourceUsage().maxRSS / 1024;
  const c0 = process.cpuUsage();
  let t0 = performance.now();
  await model.fit(dataset);
  const fitMs = performance.now() - t0;
  const cu = process.cpuUsage(c0);
  t0 = performance.now();
  const P = model.predictProba(dataset);
  const predictMs = performance.now() - t0;
  if (P.length !== dataset.length * 3) throw new Error(`${name}: ${P.length} probabilities for ${dataset.length} rows`);
  const out: ChildResult = {
    model: name,
    rows: dataset.length,
    fitMs,
    fitCpuMs: (cu.user + cu.system) / 1000,
    predictMs,
    loadPeakRssMB,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
  };
  process.stdout.write(JSON.stringify(out) + '\n');
}

const load = (): string =>
  os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--child') {
    child(args[1], args[2]).then(
      () => process.exit(0),
      (e: unknown) => {
        process.stderr.write(String(e instanceof Error ? e.stack : e) + '\n');
        process.exit(1);
      },
    );
    return;
  }
  const opts = readBenchArgs(
    'usage: node --import tsx bench/models.bench.ts [--models prior,logistic,...] [--timeout MINUTES]',
    { '--models': 'text', '--timeout': 'positive' },
    args,
  );
  const timeoutMin = opts.number('--timeout', 30);
  const lib = await import('../lib/index.js');
  const names = opts.text('--models')?.split(',') ?? lib.modelCatalog().map((e) => e.name);
  // An unknown name is refused before any model runs, not after the ones before it.
  for (const name of names) {
    try {
      lib.catalogEntry(name);
    } catch (e) {
      if (!(e instanceof lib.InvalidArgumentError)) throw e;
      opts.refuse(`--models: ${e.message}`);
    }
  }
  // Resolved here, from the caller's directory, and handed to each child as an absolute path: a child runs in ROOT,
  // where a relative SIZEFIT_RTR_DEV would name another file.
  const file = requireRtrFile('models', rtrDevFile());
  console.log(`data: ${file}`);
  console.log(
    `machine: ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GB; load at start ${load()}`,
  );
  console.log(
    'model           rows    fit wall   fit cpu   peak RSS (during load)  predict rows/s   load (1/5/15 min)',
  );
  for (const name of names) {
    const p = spawnSync(process.execPath, ['--import', 'tsx', SELF, '--child', name, file], {
      encoding: 'utf8',
      cwd: ROOT,
      timeout: Math.ceil(timeoutMin * 60_000), // spawnSync takes whole milliseconds only
      maxBuffer: 64 * 2 ** 20,
    });
    if (p.status !== 0) {
      const timedOut = p.error !== undefined && /ETIMEDOUT/.test(String(p.error.message));
      const why = p.error ? String(p.error.message) : p.stderr.trim().split('\n').slice(-3).join(' | ');
      console.log(`${name.padEnd(13)} ${timedOut ? `timed out after ${timeoutMin} min` : 'failed'}: ${why}`);
      process.exitCode = 1;
      continue;
    }
    const r = JSON.parse(p.stdout.trim().split('\n').pop()!) as ChildResult;
    console.log(
      `${r.model.padEnd(13)} ${String(r.rows).padStart(7)} ${(r.fitMs / 1000).toFixed(1).padStart(9)} s ` +
        `${(r.fitCpuMs / 1000).toFixed(1).padStart(7)} s ${r.peakRssMB.toFixed(0).padStart(8)} MB (${r.loadPeakRssMB.toFixed(0)} MB)` +
        `${Math.round(r.rows / (r.predictMs / 1000))
          .toLocaleString('en-US')
          .padStart(20)}   ${load()}`,
    );
  }
  console.log(
    'fit on all records (seed 0), predict all records in one batch; each model in a fresh process; ' +
      'Wall times include CPU contention.',
  );
}

await main();
