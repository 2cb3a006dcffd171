/**
 * Benchmark: load the RentTheRunway dev file (154,035 records, gzip) into a ColumnarDataset.
 * Each run is a fresh child process so its peak RSS (process.resourceUsage().maxRSS) is honest;
 * the figure printed is the median of the runs. Targets: < 1.0 s and < 250 MB peak RSS.
 *
 * Run: node --import tsx bench/load-dataset.bench.ts [FILE] [--runs N]
 * FILE defaults to $SIZEFIT_RTR_DEV or ../shared/datasets/renttherunway-dev.jsonl.gz (from the repo); a FILE or
 * variable naming no file fails (exit 2), the default missing skips the benchmark (exit 3). N: fresh processes, a
 * positive integer (5 by default). Any other argument or value is refused before anything runs (exit 2); --help prints
 * the usage line.
 */
import { spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readBenchArgs } from './bench-args.js';
import { median, runAsChild } from './child-process.js';
import { requireRtrFile, rtrDevFile } from './rtr-file.js';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..');

interface ChildResult {
  ms: number;
  cpuMs: number;
  rssMB: number;
  baseRssMB: number;
  rows: number;
  problems: number;
}

async function child(file: string): Promise<void> {
  const { readFitDataFile } = await import('../lib/data/read-fit-data.js');
  const baseRssMB = process.resourceUsage().maxRSS / 1024;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const { dataset, report } = await readFitDataFile(file);
  const ms = performance.now() - t0;
  const cu = process.cpuUsage(c0);
  const out: ChildResult = {
    ms,
    cpuMs: (cu.user + cu.system) / 1000,
    rssMB: process.resourceUsage().maxRSS / 1024,
    baseRssMB,
    rows: dataset.length,
    problems: report.problems,
  };
  process.stdout.write(JSON.stringify(out) + '\n');
}

function main(): void {
  const args = process.argv.slice(2);
  if (runAsChild(args, child)) return;
  const opts = readBenchArgs(
    'usage: node --import tsx bench/load-dataset.bench.ts [FILE] [--runs N]',
    { FILE: 'positional', '--runs': 'count' },
    args,
  );
  const runs = opts.number('--runs', 5);
  const file = requireRtrFile('load-dataset', rtrDevFile(opts.text('FILE')));
  const results: ChildResult[] = [];
  for (let r = 0; r < runs; r++) {
    const p = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--child', file], {
      cwd: repo,
      encoding: 'utf8',
    });
    if (p.status !== 0) throw new Error(`child run failed: ${p.stderr}`);
    results.push(JSON.parse(p.stdout.trim().split('\n').pop()!) as ChildResult);
  }
  const ms = median(results.map((r) => r.ms));
  const cpu = median(results.map((r) => r.cpuMs));
  const rss = median(results.map((r) => r.rssMB));
  const rssMax = Math.max(...results.map((r) => r.rssMB));
  const base = median(results.map((r) => r.baseRssMB));
  console.log(`load-dataset: ${file}`);
  console.log(`  rows ${results[0].rows.toLocaleString('en-US')}, problems reported ${results[0].problems}`);
  console.log(`  runs ${runs} (fresh process each): ${results.map((r) => r.ms.toFixed(0)).join(', ')} ms`);
  console.log(`  wall time  median ${ms.toFixed(0)} ms   (target < 1000 ms) ${ms < 1000 ? 'OK' : 'OVER'}`);
  console.log(`  cpu time   median ${cpu.toFixed(0)} ms (user+system, all threads)`);
  console.log(
    `  peak RSS   median ${rss.toFixed(0)} MB, max ${rssMax.toFixed(0)} MB (process before loading: ${base.toFixed(0)} MB)` +
      `   (target < 250 MB) ${rssMax < 250 ? 'OK' : 'OVER'}`,
  );
}

main();
