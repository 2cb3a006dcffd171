import { Worker } from 'node:worker_threads';

/** What a model worker posts back: the JSON of what it trained, or an error text. */
export interface WorkerResult {
  json?: unknown;
  error?: string;
}

/**
 * Runs the worker module `name` (a file beside this one: `NAME.js` when built, `NAME.ts` under tsx)
 * with `workerData`, and resolves to the JSON it posts. From source the worker registers tsx's loader
 * itself: loader hooks of the main thread do not reach worker threads on Node 20.
 * @throws Error with the worker's error text, or when it exits without answering.
 */
export function runInWorker(name: string, workerData: unknown, what: string): Promise<unknown> {
  const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
  const url = new URL(`./${name}${ext}`, import.meta.url);
  return new Promise((resolve, reject) => {
    const w =
      ext === '.ts'
        ? new Worker(
            `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(url.href)}); })`,
            { eval: true, workerData },
          )
        : new Worker(url, { workerData });
    let done = false;
    w.once('message', (m: WorkerResult) => {
      done = true;
      if (m.error !== undefined) reject(new Error(`${what} failed in its worker: ${m.error}`));
      else resolve(m.json);
      void w.terminate();
    });
    w.once('error', (e) => {
      done = true;
      reject(e);
    });
    w.once('exit', (code) => {
      if (!done) reject(new Error(`worker of ${what} exited with code ${code}`));
    });
  });
}
