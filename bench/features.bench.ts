/**
 * Benchmark: the size-and-fit feature pipeline on 154,035 rows. Uses the RentTheRunway dev file
 * ($SIZEFIT_RTR_DEV, else ../shared/datasets/renttherunway-dev.jsonl.gz from the repository root)
 * when present, and always a synthetic dataset of the same size from lib/data's generateSynthetic
 * (105k accounts, 5.8k articles; its 12 categories make a narrower one-hot block than RentTheRunway's
 * 68). Each measurement runs in a fresh child process so its peak RSS (process.resourceUsage().maxRSS)
 * is honest: the peak of the whole run, and in brackets the peak reached by the end of loading or generating
 * the data, before the pipeline (the loader's or generator's transient peak included, so not the RSS the data
 * holds). Wall and CPU (user + system) times are printed side by side with the machine's load
 * average, since on a loaded machine wall time is mostly waiting. Target: fitTransform < 1 s.
 *
 * Run: node --import tsx bench/features.bench.ts [--runs N] (N fresh processes per measurement, 3 by default;
 * any other argument is refused, exit 2)
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { readBenchArgs } from './bench-args.js';
import { loadAverage, median, runAsChild, runChild } from './child-process.js';
import { rtrDevFile } from './rtr-file.js';

const SELF = fileURLToPath(import.meta.url);
const N = 154_035;

interface ChildResult {
  data: string;
  variant: string;
  rows: number;
  features: number;
  fitTransformMs: number;
  fitTransformCpuMs: number;
  transformMs: number;
  transformCpuMs: number;
  /** Peak RSS by the end of loading or generating the data (maxRSS then), before the pipeline. */
  loadPeakRssMB: number;
  peakRssMB: number;
}

async function child(data: string, variant: string): Promise<void> {
  const lib = await import('../lib/index.js');
  let ds;
  if (data === 'real') ds = (await lib.loadDataset(rtrDevFile())).dataset;
  else ds = lib.generateSynthetic({ seed: 1, customers: 105_000, articles: 5_800, purchases: N }).dataset;
  // Collect the loader's or generator's garbage now, so that it is not collected (and timed) below.
  (globalThis as { gc?: () => void }).gc?.();
  const loadPeakRssMB = process.resourceUsage().maxRSS / 1024;
  const pipeline = lib.sizeFitFeaturePipeline({ seed: 0, categorical: variant === 'full' });
  let c0 = process.cpuUsage();
  let t0 = performance.now();
  const X = pipeline.fitTransform(ds);
  const fitTransformMs = performance.now() - t0;
  let cu = process.cpuUsage(c0);
  const fitTransformCpuMs = (cu.user + cu.system) / 1000;
  c0 = process.cpuUsage();
  t0 = performance.now();
  pipeline.transform(ds);
  const transformMs = performance.now() - t0;
  cu = process.cpuUsage(c0);
  const transformCpuMs = (cu.user + cu.system) / 1000;
  const out: ChildResult = {
    data,
    variant,
    rows: X.n,
    features: X.p,
    fitTransformMs,
    fitTransformCpuMs,
    transformMs,
    transformCpuMs,
    loadPeakRssMB,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
  };
  process.stdout.write(JSON.stringify(out) + '\n');
}

function main(): void {
  const args = process.argv.slice(2);
  if (runAsChild(args, child)) return;
  const runs = readBenchArgs(
    'usage: node --import tsx bench/features.bench.ts [--runs N]',
    { '--runs': 'count' },
    args,
  ).number('--runs', 3);
  const real = rtrDevFile(); // after the arguments: a bad command is refused first
  const datas = existsSync(real) ? ['real', 'synthetic'] : ['synthetic'];
  if (!existsSync(real)) console.log(`(no ${real}: synthetic data only)`);
  console.log(`load average at start: ${loadAverage()}`);
  console.log(
    'data       variant        rows  features  fitTransform wall (cpu)  transform wall (cpu)  peak RSS (during load)  load',
  );
  for (const data of datas) {
    for (const variant of ['full', 'no-onehot']) {
      const res: ChildResult[] = [];
      for (let r = 0; r < runs; r++) {
        const r = runChild<ChildResult>(SELF, [data, variant], ['--expose-gc', '--import', 'tsx']);
        if (r === undefined) return;
        res.push(r);
      }
      const f = median(res.map((x) => x.fitTransformMs));
      const t = median(res.map((x) => x.transformMs));
      const cpu = median(res.map((x) => x.fitTransformCpuMs));
      const tcpu = median(res.map((x) => x.transformCpuMs));
      const rss = median(res.map((x) => x.peakRssMB));
      const loadPeak = median(res.map((x) => x.loadPeakRssMB));
      const s = (ms: number): string => (ms / 1000).toFixed(2);
      console.log(
        `${data.padEnd(10)} ${variant.padEnd(10)} ${String(res[0].rows).padStart(8)} ${String(res[0].features).padStart(9)} ` +
          `${s(f).padStart(14)} s (${s(cpu)} s) ${s(t).padStart(11)} s (${s(tcpu)} s) ` +
          `${rss.toFixed(0).padStart(7)} MB (${loadPeak.toFixed(0)} MB) ${os.loadavg()[0].toFixed(1).padStart(5)}  ` +
          `${f < 1000 ? 'ok' : cpu < 1000 ? 'wall over the 1 s target, CPU under it' : 'over the 1 s target'}`,
      );
    }
  }
  console.log(
    `median of ${runs} runs, each a fresh process; fitTransform is cross-fitted (5 folds); cpu = user+system CPU time; ` +
      'load = 1-minute load average after the runs',
  );
  console.log(`machine: ${os.cpus().length} cores, load average ${loadAverage()} (1, 5, 15 minutes)`);
}

main();
