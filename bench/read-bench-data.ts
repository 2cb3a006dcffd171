// How a benchmark reads its data file: a file that gives no labelled record stops it in one line, not a stack trace.
// Apart from bench/rtr-file.ts, which imports nothing of lib (the bench runner's tests copy it alone).
import { DataError } from '../lib/core/errors.js';
import type { ColumnarDataset } from '../lib/data/columnar-dataset.js';
import type { LoadReport } from '../lib/data/load-report.js';
import { requireRecords } from '../lib/cli/require-records.js';
import { BENCH_BAD_FILE } from './rtr-file.js';

/**
 * The data of a benchmark, read by `load`: a file that cannot be read (a DataError) or gives no labelled record says
 * so in one line, naming the benchmark, and ends the process with {@link BENCH_BAD_FILE} instead of a stack trace
 * from the first model that meets an empty dataset.
 */
export async function readBenchData<T extends { dataset: ColumnarDataset; report: LoadReport }>(
  bench: string,
  load: () => Promise<T>,
): Promise<T> {
  try {
    const read = await load();
    requireRecords(read.dataset, read.report, 'labelled record to benchmark on');
    return read;
  } catch (e) {
    if (!(e instanceof DataError)) throw e;
    console.error(`${bench}: ${e.message}`);
    process.exit(BENCH_BAD_FILE);
  }
}
