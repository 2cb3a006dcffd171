// The primary process of `sizefit serve --workers N` (node:cluster): N worker processes serve on one shared port.
import cluster, { type Worker } from 'node:cluster';
import type { CommandIO } from './command.js';

/** The environment variable that marks a `sizefit serve` worker process; its value is the worker's number (1..N). */
export const SERVE_WORKER_ENV = 'SIZEFIT_SERVE_WORKER';

/** What a worker sends its primary once it listens: the start line it would have printed alone. */
export interface ServeWorkerReady {
  sizefitServe: 'ready';
  banner: string;
}

/** The number of this `sizefit serve` worker process (1..N), or 0 when this process is not one. */
export function serveWorkerNumber(): number {
  const v = process.env[SERVE_WORKER_ENV];
  return cluster.isWorker && v !== undefined && /^[1-9]\d*$/.test(v) ? Number(v) : 0;
}

/** Ends a worker's membership of the cluster (its servers are closed by then), so that the process can exit. */
export function leaveServeCluster(): void {
  if (cluster.isWorker && cluster.worker?.isConnected()) cluster.worker.disconnect();
}

function isReady(m: unknown): m is ServeWorkerReady {
  return typeof m === 'object' && m !== null && (m as ServeWorkerReady).sizefitServe === 'ready';
}

/** How a worker process ended. */
interface Ending {
  code: number | null;
  signal: string | null;
}

/** An ending in words ("exit code 1", "signal SIGKILL"). */
function inWords(e: Ending): string {
  return e.signal !== null ? `signal ${e.signal}` : `exit code ${e.code}`;
}

/**
 * Runs the primary of `sizefit serve --workers N`. The workers start one after another, each loading and verifying
 * the model before it listens, so a model that cannot be served stops the start at the first worker and its reason
 * is printed once (by that worker; exit 1). Once all listen, one start line names the model, the address and the
 * number of workers; the operating system spreads connections over them. SIGTERM or SIGINT is passed on: every
 * worker stops accepting, finishes its in-flight requests and exits; the primary exits 0 when all stopped cleanly,
 * else 1. A worker that exits on its own (it should never: bad input gets a 4xx) stops the whole service, the others
 * finishing their requests, exit 1, so that a supervisor restarts it whole.
 * @returns the exit code.
 */
export async function runServePrimary(workers: number, io: CommandIO): Promise<number> {
  let signalled: ((s: string) => void) | undefined;
  const signal = new Promise<string>((resolve) => (signalled = resolve));
  const onSignal = (s: string) => () => signalled!(s);
  const onTerm = onSignal('SIGTERM');
  const onInt = onSignal('SIGINT');
  process.once('SIGTERM', onTerm);
  process.once('SIGINT', onInt);
  const started: { worker: Worker; exit: Promise<Ending> }[] = [];
  /** Asks every live worker to stop and waits for all: true when each exited with code 0. */
  const stopAll = async (): Promise<boolean> => {
    for (const { worker } of started) if (!worker.isDead()) worker.process.kill('SIGTERM');
    const ends = await Promise.all(started.map((s) => s.exit));
    return ends.every((e) => e.code === 0 && e.signal === null);
  };
  try {
    let banner = '';
    for (let k = 1; k <= workers; k++) {
      const worker = cluster.fork({ [SERVE_WORKER_ENV]: String(k) });
      const exit = new Promise<Ending>((resolve) => worker.once('exit', (code, signal) => resolve({ code, signal })));
      started.push({ worker, exit });
      const ready = new Promise<ServeWorkerReady>((resolve) =>
        worker.on('message', (m: unknown) => {
          if (isReady(m)) resolve(m);
        }),
      );
      const first = await Promise.race([
        ready.then((m) => ({ ready: m })),
        exit.then((how) => ({ died: how })),
        signal.then((s) => ({ signal: s })),
      ]);
      if ('died' in first) {
        // The worker said why (a model that does not load); its siblings, already listening, stop.
        io.err(`sizefit serve: worker ${k} of ${workers} did not start (${inWords(first.died)}); stopping`);
        await stopAll();
        return 1;
      }
      if ('signal' in first) {
        io.err(`sizefit serve: ${first.signal} while starting: stopping`);
        return (await stopAll()) ? 0 : 1;
      }
      if (k === 1) banner = first.ready.banner;
    }
    io.err(`${banner}; ${workers} worker processes`);
    const event = await Promise.race([
      signal.then((s) => ({ signal: s })),
      ...started.map((s, i) => s.exit.then((how) => ({ worker: i + 1, how }))),
    ]);
    if ('signal' in event) {
      io.err(`sizefit serve: ${event.signal}: stopping ${workers} workers (each finishes its in-flight requests)`);
      const clean = await stopAll();
      io.err(`sizefit serve: stopped${clean ? '' : ' (a worker had to cut requests or failed)'}`);
      return clean ? 0 : 1;
    }
    io.err(`sizefit serve: worker ${event.worker} exited on its own (${inWords(event.how)}); stopping the others`);
    await stopAll();
    return 1;
  } finally {
    process.removeListener('SIGTERM', onTerm);
    process.removeListener('SIGINT', onInt);
  }
}
