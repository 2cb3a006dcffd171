/**
 * Benchmark: the size-and-fit feature pipeline on 154,035 rows. Uses the RentTheRunway dev file
 * ($SIZEFIT_RTR_DEV or /work/shared/datasets/renttherunway-dev.jsonl.gz) when present, and always a
 * synthetic dataset of the same size (105k users, 5.8k items, 68 categories). Each measurement runs in
 * a fresh child process so its peak RSS (process.resourceUsage().maxRSS) is honest. Target: < 1 s.
 *
 * Run: node --import tsx bench/features.bench.ts [--runs N]
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';

const SELF = fileURLToPath(import.meta.url);
const REAL = process.env.SIZEFIT_RTR_DEV ?? '/work/shared/datasets/renttherunway-dev.jsonl.gz';
const N = 154_035;

interface ChildResult {
  data: string;
  variant: string;
  rows: number;
  features: number;
  fitTransformMs: number;
  fitTransformCpuMs: number;
  transformMs: number;
  baseRssMB: number;
  peakRssMB: number;
}

async function child(data: string, variant: string): Promise<void> {
  const lib = await import('../lib/index.js');
  let ds;
  if (data === 'real') ds = (await lib.loadDataset(REAL)).dataset;
  else {
    const { syntheticRentals } = await import('../test/features/make-dataset.js');
    ds = syntheticRentals(N, { users: 105_000, items: 5_800, categories: 68, seed: 1 });
  }
  const baseRssMB = process.resourceUsage().maxRSS / 1024;
  const pipeline = lib.sizeFitFeaturePipeline({ seed: 0, categorical: variant === 'full' });
  const c0 = process.cpuUsage();
  let t0 = performance.now();
  const X = pipeline.fitTransform(ds);
  const fitTransformMs = performance.now() - t0;
  const cu = process.cpuUsage(c0);
  const fitTransformCpuMs = (cu.user + cu.system) / 1000;
  t0 = performance.now();
  pipeline.transform(ds);
  const transformMs = performance.now() - t0;
  const out: ChildResult = {
    data,
    variant,
    rows: X.n,
    features: X.p,
    fitTransformMs,
    fitTransformCpuMs,
    transformMs,
    baseRssMB,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
  };
  process.stdout.write(JSON.stringify(out) + '\n');
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function main(): void {
  const args = process.argv.slice(2);
  if (args[0] === '--child') {
    child(args[1], args[2]).catch((e: unknown) => {
      process.stderr.write(String(e instanceof Error ? e.stack : e) + '\n');
      process.exitCode = 1;
    });
    return;
  }
  const runsAt = args.indexOf('--runs');
  const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 3;
  const datas = existsSync(REAL) ? ['real', 'synthetic'] : ['synthetic'];
  if (!existsSync(REAL)) console.log(`(no ${REAL}: synthetic data only)`);
  console.log('data       variant        rows  features  fitTransform (cpu)  transform  peak RSS (base)');
  for (const data of datas) {
    for (const variant of ['full', 'no-onehot']) {
      const res: ChildResult[] = [];
      for (let r = 0; r < runs; r++) {
        const p = spawnSync(process.execPath, ['--import', 'tsx', SELF, '--child', data, variant], {
          encoding: 'utf8',
        });
        if (p.status !== 0) {
          process.stderr.write(p.stderr);
          process.exitCode = 1;
          return;
        }
        res.push(JSON.parse(p.stdout.trim().split('\n').pop()!) as ChildResult);
      }
      const f = median(res.map((x) => x.fitTransformMs));
      const t = median(res.map((x) => x.transformMs));
      const cpu = median(res.map((x) => x.fitTransformCpuMs));
      const rss = median(res.map((x) => x.peakRssMB));
      const base = median(res.map((x) => x.baseRssMB));
      console.log(
        `${data.padEnd(10)} ${variant.padEnd(10)} ${String(res[0].rows).padStart(8)} ${String(res[0].features).padStart(9)} ` +
          `${(f / 1000).toFixed(2).padStart(11)} s (${(cpu / 1000).toFixed(2)} s) ${(t / 1000).toFixed(2).padStart(8)} s ` +
          `${rss.toFixed(0).padStart(7)} MB (${base.toFixed(0)} MB) ${f < 1000 ? 'ok' : 'over the 1 s target'}`,
      );
    }
  }
  console.log(
    `median of ${runs} runs, each a fresh process; fitTransform is cross-fitted (5 folds); cpu = user+system CPU time`,
  );
  console.log(
    `machine: ${os.cpus().length} cores, load average ${os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}`,
  );
}

main();
