// Worker thread of GbdtBag: grows one forest on the feature matrix it is sent and posts back the
// forest's JSON. Not part of the public surface (not exported from index.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { workerErrorResult } from './run-in-worker.js';
import { GradientBoostedTrees } from './gbdt.js';
import type { GbdtOptions } from './gbdt-options.js';

interface Job {
  options: GbdtOptions;
  data: Float64Array;
  n: number;
  p: number;
  names: string[];
  y: Int32Array;
  /** The validation rows given to GbdtBag.fit (checked there), if any: every forest early-stops on them. */
  validation?: { data: Float64Array; n: number; p: number; names: string[]; y: Int32Array };
}

try {
  const job = workerData as Job;
  const v = job.validation;
  const forest = new GradientBoostedTrees(job.options).fit(
    { data: job.data, n: job.n, p: job.p, names: job.names },
    job.y,
    v === undefined ? {} : { validation: { X: { data: v.data, n: v.n, p: v.p, names: v.names }, y: v.y } },
  );
  parentPort!.postMessage({ json: forest.toJSON() });
} catch (e) {
  parentPort!.postMessage(workerErrorResult(e));
}
