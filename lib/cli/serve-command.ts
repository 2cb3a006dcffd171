import type { Command, CommandIO } from './command.js';
import { optInt, optString, parseArgs, requireString } from './args.js';
import { DEFAULT_BATCH_RECORDS, FitService, MAX_BATCH_RECORDS } from '../serve/fit-service.js';
import { startFitServer } from '../serve/fit-server.js';
import { leaveServeCluster, runServePrimary, serveWorkerNumber, type ServeWorkerReady } from './serve-cluster.js';

const USAGE = `sizefit serve --model DIR [--port N] [--host H] [--history NAME|PATH] [--max-records N] [--max-body-bytes N]
                     [--workers N] [--batch-records N]

  Serves a saved model over HTTP (JSON). The model directory is verified (checksums, format version) before
  the service starts: a tampered or unreadable model exits 1 with the reason.
    POST /v1/fit-predictions      {"records": [record, ...]} -> P(small), P(fit), P(large) per record
    POST /v1/size-recommendations {"requests": [{"customer", "item", "sizes"?, "labels"?, "body"?}]} -> advised size
    GET  /v1/model                the model's manifest
    GET  /healthz                 {"status": "ok"} (503 while shutting down)
  A record is a line of the training dataset's file ({"user_id": "...", "item_id": "...", "size": 8,
  "height": "5' 8\\"", "weight": "137lbs", "bust size": "34d", "category": "dress", ...}). A value that
  cannot be read (age 116, an unknown key, a key given twice with different values) is a 400 naming it;
  with "badValues": "missing" in the body it is read as missing (ignored) as \`sizefit predict\` reads
  files, and listed in the answer's "notes".
  --port           TCP port (default 8080; 0 picks a free one, printed at start)
  --host           interface (default 127.0.0.1)
  --history        purchase history for size recommendations (dataset name or path, read as
                   \`sizefit predict\` reads a file, except that a truncated gzip is refused; default the
                   model directory's advice-history.json written by \`sizefit train\`; without one,
                   recommendations answer 501)
  --max-records    records per prediction request (default 1000)
  --max-body-bytes request body limit (default 1048576)
  --batch-records  fit-prediction requests that arrive together are scored in one model call of at most N
                   records (default 64; the answers are the same, and under load each request costs about half as
                   much); a request with more records is scored alone; 0 scores each request alone as it arrives
  --workers        server processes sharing the port (default 1; node:cluster): each loads the model and answers
                   requests, so N of them use up to N cores. They start one after another (a model that cannot be
                   served stops at the first); SIGTERM/SIGINT stops them all as below; a worker that exits on its
                   own stops the service (exit 1)
  Logs one JSON line per request on stdout (with --workers N, its first key "worker" names the process, 1..N).
  SIGTERM/SIGINT: stops accepting, closes connections that carry no request, finishes in-flight requests, exits 0
  (1 when requests still running after 10 s had to be cut).`;

/** `sizefit serve`: the HTTP JSON service of a saved model. */
export const serveCommand: Command = {
  name: 'serve',
  summary: 'serve a saved model over HTTP (fit predictions, size recommendations)',
  usage: USAGE,
  async run(argv, io) {
    const args = parseArgs(argv, {
      values: ['model', 'port', 'host', 'max-records', 'max-body-bytes', 'history', 'workers', 'batch-records'],
    });
    const dir = requireString(args, 'model');
    const port = optInt(args, 'port', 8080, { min: 0, max: 65535 });
    const host = optString(args, 'host') ?? '127.0.0.1';
    const maxRecords = optInt(args, 'max-records', 1000, { min: 1 });
    const maxBodyBytes = optInt(args, 'max-body-bytes', 1024 * 1024, { min: 1 });
    const history = optString(args, 'history');
    const workers = optInt(args, 'workers', 1, { min: 1, max: 64 });
    const batchRecords = optInt(args, 'batch-records', DEFAULT_BATCH_RECORDS, { min: 0, max: MAX_BATCH_RECORDS });
    const worker = serveWorkerNumber();
    if (workers > 1 && worker === 0) return runServePrimary(workers, io);
    const serve = async (io: CommandIO): Promise<number> => {
      const t0 = performance.now();
      const service = await FitService.load(dir, {
        ...(history !== undefined ? { history } : {}),
        limits: { maxRecords, maxBodyBytes },
      });
      const done = new Promise<string>((resolve) => {
        process.once('SIGTERM', () => resolve('SIGTERM'));
        process.once('SIGINT', () => resolve('SIGINT'));
      });
      // A worker's request log lines name it first: {"worker": k, "time": ...}.
      const log = worker > 0 ? (line: string) => io.out(`{"worker":${worker},${line.slice(1)}`) : io.out;
      const running = await startFitServer(service, { port, host, log, batchRecords });
      try {
        const m = service.manifest;
        // A --history file of a model trained on data in no record format is read in its own format: say which.
        if (service.history?.note != null) io.err(`sizefit serve: ${service.history.note}`);
        const banner =
          `sizefit serve: ${m.model} (${m.kind}, trained on ${m.dataset.name}) loaded in ${(performance.now() - t0).toFixed(0)} ms; ` +
          `history: ${service.history ? `${service.history.rows} rows from ${service.history.source}` : 'none'}; ` +
          `listening on ${running.url}`;
        if (worker > 0) process.send!({ sizefitServe: 'ready', banner } satisfies ServeWorkerReady);
        else io.err(banner);
      } catch (e) {
        // Never leave a server listening behind a failed start.
        await running.close();
        throw e;
      }
      const signal = await done;
      io.err(`sizefit serve: ${signal}: finishing ${running.inFlight()} in-flight requests`);
      const { forced } = await running.close();
      io.err(`sizefit serve: stopped${forced ? ' (requests still running were cut after the timeout)' : ''}`);
      return forced ? 1 : 0;
    };
    if (worker === 0) return serve(io);
    // A worker of --workers N: its messages say which, its start line goes to the primary, and it leaves the
    // cluster however it ends (the channel to the primary would keep the process alive).
    try {
      return await serve({
        out: (t) => io.out(t),
        err: (t) => io.err(t.replace(/^sizefit serve:/, `sizefit serve (worker ${worker}):`)),
      });
    } finally {
      leaveServeCluster();
    }
  },
};
