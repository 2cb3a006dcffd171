/**
 * Benchmark: t-SNE of 2,000 points, 500 iterations (the notebook 02-features-and-pca setting): the
 * standardised numeric size-and-fit features of 2,000 RentTheRunway dev rows ($SIZEFIT_RTR_DEV, else
 * ../shared/datasets/renttherunway-dev.jsonl.gz from the repository root) or, without that file, of
 * 2,000 rows of lib/data's generateSynthetic. Three settings, each in a fresh child process: the
 * default (kNN affinities, Barnes-Hut theta 0.5), exact repulsion (theta 0), and all-pairs affinities
 * with exact repulsion (the exact method). Prints wall and CPU seconds, KL divergence and the load
 * average. Before the sparse/Barnes-Hut rewrite the exact method took 23.3 s CPU here.
 *
 * Run: node --import tsx bench/tsne.bench.ts (it takes no arguments and refuses any, exit 2)
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { readBenchArgs } from './bench-args.js';
import { loadAverage, runAsChild, runChild } from './child-process.js';
import { rtrDevFile } from './rtr-file.js';

const SELF = fileURLToPath(import.meta.url);
const N = 2000;
const ITERATIONS = 500;
const SETTINGS: Record<string, { theta: number; affinities: 'knn' | 'exact' }> = {
  'knn + Barnes-Hut 0.5 (default)': { theta: 0.5, affinities: 'knn' },
  'knn + exact repulsion': { theta: 0, affinities: 'knn' },
  'all pairs (exact method)': { theta: 0, affinities: 'exact' },
};

interface ChildResult {
  data: string;
  p: number;
  wallMs: number;
  cpuMs: number;
  kl: number;
}

async function child(setting: string): Promise<void> {
  const lib = await import('../lib/index.js');
  const file = rtrDevFile();
  const real = existsSync(file);
  const ds = real
    ? (await lib.loadDataset(file)).dataset
    : lib.generateSynthetic({ seed: 1, customers: 3000, articles: 400, purchases: 20_000 }).dataset;
  const F = lib.sizeFitFeaturePipeline({ seed: 0, categorical: false }).fitTransform(ds);
  const rows = Array.from(new lib.Rng(1).permutation(F.n).subarray(0, N));
  const Z = new lib.StandardScaler().fitTransform(lib.takeMatrixRows(F, rows));
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const r = lib.tsne(Z, { seed: 1, iterations: ITERATIONS, learningRate: 200, ...SETTINGS[setting] });
  const wallMs = performance.now() - t0;
  const cu = process.cpuUsage(c0);
  const out: ChildResult = {
    data: real ? 'RentTheRunway dev' : 'synthetic',
    p: Z.p,
    wallMs,
    cpuMs: (cu.user + cu.system) / 1000,
    kl: r.klDivergence,
  };
  process.stdout.write(JSON.stringify(out) + '\n');
}

function main(): void {
  const args = process.argv.slice(2);
  if (runAsChild(args, child)) return;
  readBenchArgs('usage: node --import tsx bench/tsne.bench.ts', {}, args);
  rtrDevFile(); // a SIZEFIT_RTR_DEV naming no file fails here, before any child runs
  console.log(`t-SNE of ${N} points x ${ITERATIONS} iterations; load average at start ${loadAverage()}`);
  for (const setting of Object.keys(SETTINGS)) {
    const r = runChild<ChildResult>(SELF, [setting]);
    if (r === undefined) return;
    console.log(
      `${setting.padEnd(32)} ${r.data}, ${r.p} features: ${(r.wallMs / 1000).toFixed(2)} s wall, ` +
        `${(r.cpuMs / 1000).toFixed(2)} s CPU, KL ${r.kl.toFixed(3)}`,
    );
  }
  console.log(`machine: ${os.cpus().length} cores, load average ${loadAverage()} (1, 5, 15 minutes)`);
}

main();
