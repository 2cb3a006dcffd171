// Worker thread of BaggedFitModel: trains one catalog model with one seed on the dataset it is sent
// and posts back the model's JSON. Not part of the public surface (not exported from index.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { workerErrorResult } from './run-in-worker.js';
import { ColumnarDataset, type Column, type DatasetMeta, type FieldSchema } from '../data/columnar-dataset.js';
import { catalogEntry } from './model-catalog.js';

interface Job {
  member: string;
  seed: number;
  schema: FieldSchema[];
  columns: [string, Column][];
  lineNumbers: Int32Array;
  meta: DatasetMeta;
}

async function main(): Promise<void> {
  const job = workerData as Job;
  try {
    const data = new ColumnarDataset(job.schema, new Map(job.columns), job.lineNumbers, job.meta);
    const model = catalogEntry(job.member).create({ seed: job.seed });
    await model.fit(data);
    parentPort!.postMessage({ json: model.toJSON() });
  } catch (e) {
    parentPort!.postMessage(workerErrorResult(e));
  }
}

void main();
