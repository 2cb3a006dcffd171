/**
 * Benchmark: the fit service (issue 7). Artifact load time; the best model's single-row predictProba latency and
 * the record parser's per-request cost; the service's cost of a single-record request answered alone and when 16 are
 * answered together (as the server batches requests that arrive together); service throughput and latency on
 * loopback under a keep-alive load generator (N concurrent connections, bounded in time and count) for
 * single-record requests and batches of 100; a bounded fuzz run of malformed requests (zero 5xx, server alive). The
 * server runs as `sizefit serve` in a child process (logs to /dev/null), so it does not share an event loop with the
 * load generator.
 *
 * Run: node --import tsx bench/serve.bench.ts [--model DIR] [--connections 16] [--seconds 8] [--fuzz 3000]
 *   [--server-cpu-prof DIR] (writes the server's V8 CPU profile there) [--workers N] (server processes, `sizefit serve
 *   --workers N`; default 1) [--batch-records N] (`sizefit serve --batch-records N`: 0 scores each request alone;
 *   default the server's, 64)
 * Without --model, trains the catalog's `best` on the committed sample (seed 0). Targets on a 2-core machine:
 * >= 3,000 single-record requests/s with p99 < 10 ms and zero errors. A missed speed target is informational; the
 * exit code is 1 when a valid request (single-record or batch) got no 200 answer, a malformed one got a 5xx or no
 * answer, or the server died or did not exit 0 on SIGTERM. Latency quantiles are nearest-rank. --seconds must be
 * above 0, --connections a positive integer, --fuzz a non-negative integer and --model a folder; any other argument is
 * refused (exit 2). Whatever fails, the server is stopped and a model trained here is removed. It runs from any working
 * directory: the sample and the CLI are read from the repository, --model and --server-cpu-prof from the working
 * directory.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  FitRecordParser,
  FitService,
  Rng,
  catalogEntry,
  loadDataset,
  loadModel,
  parseFitData,
  saveModel,
} from '../lib/index.js';
import { readBenchArgs } from './bench-args.js';
import { nearestRankQuantile } from './nearest-rank.js';

const args = readBenchArgs(
  'usage: node --import tsx bench/serve.bench.ts [--model DIR] [--connections N] [--seconds S] [--fuzz N] ' +
    '[--server-cpu-prof DIR] [--workers N] [--batch-records N]',
  {
    '--model': 'text',
    '--connections': 'count',
    '--seconds': 'positive',
    '--fuzz': 'natural',
    '--server-cpu-prof': 'text',
    '--workers': 'count',
    '--batch-records': 'natural',
  },
);
/** The repository: the sample file and the CLI are read from here, whatever the working directory. */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const connections = args.number('--connections', 16);
const seconds = args.number('--seconds', 8);
const fuzzCount = args.number('--fuzz', 3000);
const serverWorkers = args.number('--workers', 1);
const batchRecords = args.has('--batch-records') ? String(args.number('--batch-records', 0)) : undefined;
const modelArg = args.text('--model');
// A --model that names no folder is refused here, before anything runs (a folder that is not a model artifact fails
// at its first load, which is timed, so it is not loaded ahead).
if (modelArg !== undefined && !statSync(modelArg, { throwIfNoEntry: false })?.isDirectory()) {
  args.refuse(`--model: there is no folder ${modelArg}`);
}
const f1 = (x: number): string => x.toFixed(1);
const f2 = (x: number): string => x.toFixed(2);
/** The nearest-rank `q`-quantile of a non-empty sample. */
const quantile = (xs: Float64Array, q: number): number => nearestRankQuantile(xs, q, 'serve.bench');

let madeDir: string | undefined; // the folder of a model trained here, removed at the end
let child: ChildProcess | undefined; // the server, stopped at the end
try {
  await main();
} finally {
  // Also when something above failed: stop the server if it still runs, and remove the model trained here.
  if (child !== undefined && child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child!.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  if (madeDir !== undefined) rmSync(madeDir, { recursive: true, force: true });
}

async function main(): Promise<void> {
  // The model.
  let dir = modelArg;
  if (dir === undefined) {
    const { dataset } = await loadDataset('sample');
    const t0 = performance.now();
    const model = await catalogEntry('best').create({ seed: 0 }).fit(dataset);
    madeDir = mkdtempSync(join(tmpdir(), 'sizefit-serve-bench-'));
    dir = join(madeDir, 'best');
    saveModel(dir, model, {
      model: 'best',
      dataset: { name: 'sample', format: dataset.meta.format, sha256: dataset.meta.sha256, records: dataset.length },
    });
    console.log(
      `trained best (${model.kind}) on the sample (3,000 rows, seed 0) in ${f1((performance.now() - t0) / 1000)} s`,
    );
  }

  // Artifact load time (the first load includes module warm-up; the median of the next five is the steady figure).
  const loads: number[] = [];
  const timedLoad = async (): Promise<Awaited<ReturnType<typeof loadModel>>> => {
    const t0 = performance.now();
    const m = await loadModel(dir!); // set above: --model, or the model trained here
    loads.push(performance.now() - t0);
    return m;
  };
  const loaded = await timedLoad(); // the first (cold) load
  for (let i = 0; i < 5; i++) await timedLoad();
  const sortedLoads = loads.slice(1).sort((a, b) => a - b);
  console.log(
    `artifact load (verify checksums + rebuild ${loaded.manifest.kind}): median ${f1(sortedLoads[2])} ms ` +
      `(first ${f1(loads[0])} ms) for ${Object.values(loaded.manifest.files)
        .reduce((s, f) => s + f.bytes, 0)
        .toLocaleString('en-US')} bytes`,
  );

  // Per-request costs inside the service: record parsing and single-row prediction.
  const lines = readFileSync(join(ROOT, 'datasets', 'sample', 'sample.jsonl'), 'utf8')
    .trim()
    .split('\n');
  // A model trained on another dataset (e.g. RentTheRunway) is sent the sample's records without the sample's
  // extra keys, which its service would refuse as unknown fields.
  const sampleTrained = loaded.manifest.dataset.name.startsWith('sample');
  const { SAMPLE_EXTRA_FIELD_TYPES } = await import('../lib/index.js');
  const records = lines.map((l) => {
    const r = JSON.parse(l) as Record<string, unknown>;
    delete r.fit;
    if (!sampleTrained) for (const k of Object.keys(SAMPLE_EXTRA_FIELD_TYPES)) delete r[k];
    return r;
  });
  const fmt = {
    format: 'renttherunway' as const,
    extraFields: sampleTrained ? SAMPLE_EXTRA_FIELD_TYPES : {},
  };
  const timeEach = (n: number, f: (i: number) => void): Float64Array => {
    for (let i = 0; i < Math.min(n, 200); i++) f(i);
    const t = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      f(i);
      t[i] = (performance.now() - t0) * 1000;
    }
    return t;
  };
  const parseT = timeEach(2000, (i) => {
    const p = new FitRecordParser('r', { ...fmt, keepUnlabeled: true, keepMissingIds: true });
    p.pushText(JSON.stringify(records[i % records.length]) + '\n');
    p.finish({ name: 'r', sha256: '' });
  });
  const rows = records
    .slice(0, 2000)
    .map((r) => parseFitData(JSON.stringify(r), { ...fmt, keepUnlabeled: true }).dataset);
  const predT = timeEach(2000, (i) => loaded.model.predictProba(rows[i]));
  const batch = parseFitData(lines.slice(0, 100).join('\n'), fmt).dataset;
  const batchT = timeEach(200, () => loaded.model.predictProba(batch));
  console.log(
    `per request in process: parse 1 record ${f1(quantile(parseT, 0.5))} us (p99 ${f1(quantile(parseT, 0.99))}); ` +
      `predictProba 1 row ${f1(quantile(predT, 0.5))} us (p99 ${f1(quantile(predT, 0.99))}); ` +
      `100 rows ${f1(quantile(batchT, 0.5))} us`,
  );
  // The service's path for single-record requests: each answered alone (predict), and sixteen answered together
  // (predictMany, as the server batches requests that arrive together).
  const service = new FitService(loaded.model, loaded.manifest, dir!, null);
  const bodies = records.slice(0, 1600).map((r) => ({ body: { records: [r] } }));
  const aloneT = timeEach(bodies.length, (i) => service.predict(bodies[i].body));
  const groupT = timeEach(Math.floor(bodies.length / 16), (g) =>
    service.predictMany(bodies.slice(g * 16, g * 16 + 16)),
  );
  console.log(
    `single-record requests in the service: ${f1(quantile(aloneT, 0.5))} us each alone (predict), ` +
      `${f1(quantile(groupT, 0.5) / 16)} us each when 16 are answered together (predictMany; median of ${groupT.length} groups)`,
  );

  // The service in a child process, run in ROOT (where `--import tsx` finds tsx): the folders named on this command
  // line, read from the working directory, are handed to it as absolute paths.
  const profArg = args.text('--server-cpu-prof');
  const prof = profArg === undefined ? undefined : resolve(profArg);
  const server = spawn(
    process.execPath,
    [
      ...(prof !== undefined ? ['--cpu-prof', `--cpu-prof-dir=${prof}`] : []),
      ...['--import', 'tsx', join(ROOT, 'lib', 'cli', 'main.ts'), 'serve', '--model', resolve(dir), '--port', '0'],
      ...(sampleTrained ? ['--history', 'sample'] : []),
      ...(serverWorkers > 1 ? ['--workers', String(serverWorkers)] : []),
      ...(batchRecords !== undefined ? ['--batch-records', batchRecords] : []),
    ],
    {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  child = server;
  // Settles once the server has exited, whenever that is (also before anyone waits for it).
  const exited = new Promise<number | null>((resolve) => server.once('exit', (c) => resolve(c)));
  let stderr = '';
  const url = await new Promise<string>((resolve, reject) => {
    server.stderr!.on('data', (c: Buffer) => {
      stderr += c.toString();
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr);
      if (m) resolve(m[1]);
    });
    server.on('error', reject);
    server.on('exit', (code) => reject(new Error(`serve exited (${code}): ${stderr}`)));
  });
  const { port } = new URL(url);

  interface LoadResult {
    requests: number;
    /** Answers with a 5xx status plus requests that got no answer (transport errors). */
    errors: number;
    /** Requests that got no answer. */
    transport: number;
    seconds: number;
    latencies: Float64Array;
    statuses: Map<number, number>;
  }

  /** Keep-alive load on loopback: `conns` connections each sending requests back to back until time or count runs out. */
  async function load(
    body: (i: number) => string,
    path: string,
    conns: number,
    secs: number,
    maxRequests: number,
    contentType = 'application/json',
  ): Promise<LoadResult> {
    const agent = new Agent({ keepAlive: true, maxSockets: conns });
    const lat = new Float64Array(maxRequests);
    const statuses = new Map<number, number>();
    let sent = 0;
    let done = 0;
    let errors = 0;
    let transport = 0;
    const t0 = performance.now();
    const end = t0 + secs * 1000;
    const one = (i: number): Promise<void> =>
      new Promise((resolve) => {
        const b = body(i);
        const s = performance.now();
        const req = request(
          {
            host: '127.0.0.1',
            port,
            path,
            method: 'POST',
            agent,
            headers: { 'content-type': contentType, 'content-length': Buffer.byteLength(b) },
          },
          (res) => {
            res.on('data', () => {});
            res.on('end', () => {
              lat[done++] = performance.now() - s;
              statuses.set(res.statusCode ?? 0, (statuses.get(res.statusCode ?? 0) ?? 0) + 1);
              if ((res.statusCode ?? 0) >= 500) errors++;
              resolve();
            });
          },
        );
        req.on('error', () => {
          errors++;
          transport++;
          resolve();
        });
        req.end(b);
      });
    const worker = async (): Promise<void> => {
      while (sent < maxRequests && performance.now() < end) await one(sent++);
    };
    await Promise.all(Array.from({ length: conns }, worker));
    agent.destroy();
    return {
      requests: done,
      errors,
      transport,
      seconds: (performance.now() - t0) / 1000,
      latencies: lat.subarray(0, done),
      statuses,
    };
  }

  const report = (name: string, r: LoadResult, recordsPer: number): void => {
    if (r.requests === 0) throw new Error(`${name}: no request was answered (${r.transport} got no answer)`);
    const ok = r.statuses.get(200) ?? 0;
    console.log(
      `${name}: ${r.requests.toLocaleString('en-US')} requests in ${f1(r.seconds)} s = ${Math.round(r.requests / r.seconds).toLocaleString('en-US')} req/s ` +
        `(${Math.round((r.requests * recordsPer) / r.seconds).toLocaleString('en-US')} records/s); latency p50 ${f2(quantile(r.latencies, 0.5))} ms, ` +
        `p99 ${f2(quantile(r.latencies, 0.99))} ms, max ${f2(quantile(r.latencies, 1))} ms; ${ok} x 200, errors ${r.errors}`,
    );
  };

  const single = records.map((r) => JSON.stringify({ records: [r] }));
  const hundred = Array.from({ length: 30 }, (_, k) =>
    JSON.stringify({ records: records.slice(k * 100, k * 100 + 100) }),
  );
  await load((i) => single[i % single.length], '/v1/fit-predictions', connections, 1.5, 50_000); // warm-up
  const r1 = await load((i) => single[i % single.length], '/v1/fit-predictions', connections, seconds, 200_000);
  const procs = serverWorkers > 1 ? `, ${serverWorkers} server processes` : '';
  report(`single-record requests, ${connections} connections${procs}`, r1, 1);
  const r100 = await load((i) => hundred[i % hundred.length], '/v1/fit-predictions', connections, seconds, 50_000);
  report(`batches of 100 records, ${connections} connections`, r100, 100);
  const tp = r1.requests / r1.seconds;
  const p99 = quantile(r1.latencies, 0.99);
  // Every answer that is not a 200 counts as an error here (the requests are valid records), and so does a request
  // that got no answer; a 5xx is one of the non-200 answers, counted once.
  const failedOf = (r: LoadResult): number => r.requests - (r.statuses.get(200) ?? 0) + r.transport;
  const failed = failedOf(r1);
  const failed100 = failedOf(r100);
  console.log(
    `target (>= 3,000 single-record req/s, p99 < 10 ms, zero errors): ${tp >= 3000 && p99 < 10 && failed === 0 ? 'met' : 'NOT met'} ` +
      `(${Math.round(tp)} req/s, p99 ${f2(p99)} ms, ${failed} errors or non-200 answers; load average ${(await import('node:os')).loadavg()[0].toFixed(1)})`,
  );

  // Fuzz: malformed requests, bounded in count and time.
  const rng = new Rng(11);
  const pick = <T>(xs: readonly T[]): T => xs[rng.int(xs.length)];
  const vals: unknown[] = [null, true, 0, -1e308, 'x', '', '5\' 8"', '34d', [], {}, [[]], { records: [] }, '\u0000'];
  const keys = [
    'size',
    'height',
    'weight',
    'bust size',
    'user_id',
    'item_id',
    'fit',
    'category',
    'age',
    '__proto__',
    '',
  ];
  const fuzzBodies = Array.from({ length: 500 }, () => {
    switch (rng.int(5)) {
      case 0: {
        const rec: Record<string, unknown> = {};
        for (let k = rng.int(5); k > 0; k--) rec[pick(keys)] = pick(vals);
        return JSON.stringify({ records: [rec] });
      }
      case 1:
        return Buffer.from(Array.from({ length: rng.int(300) }, () => rng.int(256))).toString('latin1');
      case 2:
        return '['.repeat(rng.int(20000));
      case 3:
        return JSON.stringify({ requests: [{ customer: pick(vals), item: pick(vals), sizes: pick(vals) }] });
      default:
        return JSON.stringify(pick(vals));
    }
  });
  const fz1 = await load((i) => fuzzBodies[i % 500], '/v1/fit-predictions', 8, 10, Math.ceil(fuzzCount / 2));
  const fz2 = await load(
    (i) => fuzzBodies[(i * 7) % 500],
    '/v1/size-recommendations',
    8,
    10,
    Math.floor(fuzzCount / 2),
  );
  const alive =
    server.exitCode === null &&
    (await fetch(`${url}/healthz`).then(
      (r) => r.status === 200,
      () => false,
    ));
  const fuzzStatuses = new Map<number, number>();
  for (const r of [fz1, fz2]) for (const [k, v] of r.statuses) fuzzStatuses.set(k, (fuzzStatuses.get(k) ?? 0) + v);
  console.log(
    `fuzz: ${fz1.requests + fz2.requests} malformed requests, statuses ${JSON.stringify(Object.fromEntries([...fuzzStatuses].sort()))}, ` +
      `5xx/transport errors ${fz1.errors + fz2.errors}, server ${alive ? 'alive' : 'DOWN'}`,
  );

  if (server.exitCode === null && server.signalCode === null) {
    server.kill('SIGTERM');
    const code = await exited;
    console.log(`SIGTERM: server exited with code ${code}`);
    process.exitCode = code === 0 ? 0 : 1;
  } else {
    console.log(
      `server had exited by itself (code ${server.exitCode}, signal ${server.signalCode}): ${stderr.trim().slice(-1000)}`,
    );
    process.exitCode = 1;
  }
  if (failed + failed100 > 0) {
    console.error(
      `serve.bench: valid requests without a 200 answer: ${failed} single-record, ${failed100} batches of 100`,
    );
  }
  if (!alive || fz1.errors + fz2.errors !== 0 || failed + failed100 !== 0) process.exitCode = 1;
}
