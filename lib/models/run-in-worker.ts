import { Worker } from 'node:worker_threads';
import { DataError, InvalidArgumentError } from '../core/errors.js';

/** What a model worker posts back: the JSON of what it trained, or an error (its class name, message and stack). */
export interface WorkerResult {
  json?: unknown;
  error?: { name: string; message: string; stack: string };
}

/** The {@link WorkerResult} of an error thrown in a worker. */
export function workerErrorResult(e: unknown): WorkerResult {
  return e instanceof Error
    ? { error: { name: e.name, message: e.message, stack: e.stack ?? e.message } }
    : { error: { name: 'Error', message: String(e), stack: String(e) } };
}

/**
 * The main thread's error for a worker's: the typed errors a caller branches on (InvalidArgumentError, DataError)
 * keep their class, as when the model trains in the main thread; others are an Error with the worker's stack.
 */
function errorFromWorker(what: string, e: NonNullable<WorkerResult['error']>): Error {
  const message = `${what} failed in its worker: ${e.message}`;
  if (e.name === 'InvalidArgumentError') return new InvalidArgumentError(message);
  if (e.name === 'DataError') return new DataError(message);
  return new Error(`${what} failed in its worker: ${e.stack}`);
}

/**
 * The URL of tsx's ESM API, resolved from this file (so from the package's own node_modules, whatever the
 * process's working directory): a worker started with `eval` resolves bare names from the working directory.
 * Falls back to the bare name when tsx cannot be resolved from here.
 */
function tsxApiUrl(): string {
  try {
    return import.meta.resolve('tsx/esm/api');
  } catch {
    return 'tsx/esm/api';
  }
}

/**
 * Runs the worker module `name` (a file beside this one: `NAME.js` when built, `NAME.ts` under tsx)
 * with `workerData`, and resolves to the JSON it posts. From source the worker registers tsx's loader
 * itself (resolved from this file, not from the working directory): loader hooks of the main thread do not
 * reach worker threads on Node 20.
 * @param signal - aborting it terminates the worker (or keeps it from starting) and rejects with the signal's
 *   reason: a caller whose other jobs failed stops this one instead of waiting for it.
 * @throws the worker's InvalidArgumentError or DataError as such (message prefixed with `what`); Error with the
 *   worker's error text for others, or when it exits without answering; the abort reason when `signal` aborts.
 */
export function runInWorker(name: string, workerData: unknown, what: string, signal?: AbortSignal): Promise<unknown> {
  const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
  const url = new URL(`./${name}${ext}`, import.meta.url);
  const stopped = (): Error =>
    signal?.reason instanceof Error ? signal.reason : new Error(`worker of ${what} was stopped`);
  if (signal?.aborted) return Promise.reject(stopped());
  return new Promise((resolve, reject) => {
    const w =
      ext === '.ts'
        ? new Worker(
            `import(${JSON.stringify(tsxApiUrl())}).then((m) => { m.register(); return import(${JSON.stringify(url.href)}); })`,
            { eval: true, workerData },
          )
        : new Worker(url, { workerData });
    let done = false;
    const onAbort = (): void => {
      if (done) return;
      done = true;
      void w.terminate();
      reject(stopped());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const finish = (): void => {
      done = true;
      signal?.removeEventListener('abort', onAbort);
    };
    w.once('message', (m: WorkerResult) => {
      if (done) return;
      finish();
      if (m.error !== undefined) reject(errorFromWorker(what, m.error));
      else resolve(m.json);
      void w.terminate();
    });
    w.once('error', (e) => {
      if (done) return;
      finish();
      reject(e);
    });
    w.once('exit', (code) => {
      if (done) return;
      finish();
      reject(new Error(`worker of ${what} exited with code ${code}`));
    });
  });
}
