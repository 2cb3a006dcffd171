/**
 * Benchmark: PCA of a 200,000 x 50 matrix with the covariance fast path (all 50 components; the
 * blocked scatter matrix of lib/reduction/scatter-matrix.ts), then the projection on 2 components; in
 * fresh child processes for honest peak RSS. Prints wall and CPU time and the load average (on a
 * loaded machine wall time is mostly waiting). Target: fit < 0.5 s.
 *
 * Run: node --import tsx bench/pca.bench.ts [--runs N]
 * N: fresh processes, a positive integer (3 by default); the figures are their medians. Any other argument or value is
 * refused before anything runs (exit 2); --help prints the usage line.
 */
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { readBenchArgs } from './bench-args.js';
import { loadAverage, median, runAsChild, runChild } from './child-process.js';

const SELF = fileURLToPath(import.meta.url);
const N = 200_000;
const P = 50;

interface ChildResult {
  fitMs: number;
  fitCpuMs: number;
  transform2Ms: number;
  baseRssMB: number;
  peakRssMB: number;
  ratio1: number;
}

async function child(): Promise<void> {
  const { PCA, Rng, featureMatrix } = await import('../lib/index.js');
  const rng = new Rng(1);
  // Five latent factors mixed into 50 columns, plus noise.
  const W = Float64Array.from({ length: 5 * P }, () => rng.normal());
  const data = new Float64Array(N * P);
  const f = new Float64Array(5);
  for (let i = 0; i < N; i++) {
    for (let k = 0; k < 5; k++) f[k] = rng.normal() * (5 - k);
    for (let j = 0; j < P; j++) {
      let v = rng.normal(0, 0.5);
      for (let k = 0; k < 5; k++) v += f[k] * W[k * P + j];
      data[i * P + j] = v;
    }
  }
  const X = featureMatrix(data, N, P);
  // The peak so far (maxRSS), with the matrix built: it is made in place, so this is about the RSS before the fit.
  const baseRssMB = process.resourceUsage().maxRSS / 1024;
  const c0 = process.cpuUsage();
  let t0 = performance.now();
  const pca = new PCA({ method: 'covariance' }).fit(X);
  const fitMs = performance.now() - t0;
  const cu = process.cpuUsage(c0);
  const fitCpuMs = (cu.user + cu.system) / 1000;
  const two = new PCA({ method: 'covariance', nComponents: 2 }).fit(X);
  t0 = performance.now();
  two.transform(X);
  const transform2Ms = performance.now() - t0;
  const out: ChildResult = {
    fitMs,
    fitCpuMs,
    transform2Ms,
    baseRssMB,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
    ratio1: pca.explainedVarianceRatio[0],
  };
  process.stdout.write(JSON.stringify(out) + '\n');
}

function main(): void {
  const args = process.argv.slice(2);
  if (runAsChild(args, child)) return;
  const runs = readBenchArgs(
    'usage: node --import tsx bench/pca.bench.ts [--runs N]',
    { '--runs': 'count' },
    args,
  ).number('--runs', 3);
  console.log(`load average at start: ${loadAverage()}`);
  const res: ChildResult[] = [];
  for (let r = 0; r < runs; r++) {
    const r = runChild<ChildResult>(SELF, []);
    if (r === undefined) return;
    res.push(r);
  }
  const fit = median(res.map((x) => x.fitMs));
  console.log(
    `PCA ${N.toLocaleString('en-US')} x ${P}: fit ${(fit / 1000).toFixed(3)} s, cpu ${(median(res.map((x) => x.fitCpuMs)) / 1000).toFixed(3)} s (${fit < 500 ? 'ok' : 'over the 0.5 s target'}), ` +
      `transform to 2 components ${(median(res.map((x) => x.transform2Ms)) / 1000).toFixed(3)} s, ` +
      `peak RSS ${median(res.map((x) => x.peakRssMB)).toFixed(0)} MB (peak before the fit ${median(res.map((x) => x.baseRssMB)).toFixed(0)} MB, the matrix built), ` +
      `PC1 explains ${(100 * res[0].ratio1).toFixed(1)}%; median of ${runs} fresh processes`,
  );
  console.log(`machine: ${os.cpus().length} cores, load average ${loadAverage()} (1, 5, 15 minutes)`);
}

main();
