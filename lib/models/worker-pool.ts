// The pool of worker threads that GbdtBag and BaggedFitModel train their members in. Not part of the public surface
// (not exported from index.ts).
import { runInWorker } from './run-in-worker.js';

/** Options of {@link runWorkerPool}. */
export interface WorkerPoolOptions<T> {
  /** The worker module, a file beside run-in-worker (see {@link runInWorker}), e.g. `gbdt-bag-worker`. */
  worker: string;
  /** Number of jobs that run in worker threads, numbered 0..jobs-1 and started in that order. */
  jobs: number;
  /** Most worker threads running at once (no more than `jobs` start). */
  workers: number;
  /** Job k: the `workerData` its worker gets, and the words that name it in errors (`forest 1 (seed 7)`). */
  job(k: number): { data: unknown; what: string };
  /** Job k's result from the JSON its worker posted, made in this thread as the worker answers. */
  result(json: unknown, k: number): T;
  /**
   * Work of this thread, which would otherwise only wait: run (synchronously) once the first workers have been
   * started; its result comes after the jobs' (index `jobs`).
   */
  own?: () => T;
}

/**
 * Runs jobs in a pool of worker threads, a new job starting as a worker answers, while this thread does its own
 * part, and resolves to the results in job order (the own part's last). The first failure, of a worker, of making
 * a result or of the own part, rejects at once: it terminates the running workers and starts no new one.
 * Inputs a job would refuse should be checked before calling it, so that no worker starts for them.
 * @returns a Promise of one result per job, then the own part's, if any.
 * @throws (rejects with) the first failure; a worker's typed error as {@link runInWorker} passes it on.
 */
export function runWorkerPool<T>(o: WorkerPoolOptions<T>): Promise<T[]> {
  const results = new Array<T>(o.jobs + (o.own === undefined ? 0 : 1));
  const stop = new AbortController();
  let next = 0;
  const run = async (): Promise<void> => {
    while (next < o.jobs && !stop.signal.aborted) {
      const k = next++;
      const { data, what } = o.job(k);
      results[k] = o.result(await runInWorker(o.worker, data, what, stop.signal), k);
    }
  };
  const pool = Promise.all(
    Array.from({ length: Math.min(o.workers, o.jobs) }, () =>
      run().catch((e: unknown) => {
        stop.abort(e);
        throw e;
      }),
    ),
  );
  if (o.own === undefined) return pool.then(() => results);
  let own: T;
  try {
    own = o.own();
  } catch (e) {
    stop.abort(e);
    pool.catch(() => undefined); // the workers' rejections (stopped) are not this pool's error
    return Promise.reject(e);
  }
  return pool.then(() => {
    results[o.jobs] = own;
    return results;
  });
}
