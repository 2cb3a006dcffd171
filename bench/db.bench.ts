/**
 * Benchmark: ingest the RentTheRunway dev file (154,035 records) into PostgreSQL (COPY) and into
 * in-memory PGlite (batched INSERTs), each in one transaction, then time the SQL customer-history and
 * article features against the in-memory CustomerHistoryFeatures/ArticleFeatures fit+transform.
 * Target: ingest under 3 s on PostgreSQL. Load time of the file itself is printed apart, and the
 * client's and (same machine) the server backend's CPU time beside the wall time, with the load
 * average: on a busy machine wall time says little. On PostgreSQL the same rows are then ingested
 * again as a second dataset, to show the cost of the key rebuild over a table that is not empty.
 *
 * Run: node --import tsx bench/db.bench.ts [FILE] [--engines postgres,pglite]
 * FILE defaults to $SIZEFIT_RTR_DEV or ../shared/datasets/renttherunway-dev.jsonl.gz (from the repo).
 * PostgreSQL: $SIZEFIT_BENCH_DATABASE_URL, else $SIZEFIT_TEST_DATABASE_URL, else $DATABASE_URL; it
 * works in a schema of its own and drops it afterwards. Skipped (and said so) when none is set.
 * An engine other than postgres and pglite, or an argument not in the usage line, is refused (exit 2); --help prints
 * the usage line.
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import {
  ArticleFeatures,
  ColumnarDataset,
  CustomerHistoryFeatures,
  ingestDataset,
  loadDataset,
  openDatabase,
  sqlArticleFeatures,
  sqlCustomerHistoryFeatures,
  type Database,
  type DbEngine,
} from '../lib/index.js';
import { readBenchArgs } from './bench-args.js';
import { requireRtrFile, rtrDevFile } from './rtr-file.js';

const USAGE = 'usage: node --import tsx bench/db.bench.ts [FILE] [--engines postgres,pglite]';
const ENGINES: readonly DbEngine[] = ['postgres', 'pglite'];
/** The environment variables naming the PostgreSQL server, the first one set wins. */
const PG_URL_VARIABLES = ['SIZEFIT_BENCH_DATABASE_URL', 'SIZEFIT_TEST_DATABASE_URL', 'DATABASE_URL'];

const args = readBenchArgs(USAGE, { FILE: 'positional', '--engines': 'text' });
const enginesArg = args.text('--engines') ?? ENGINES.join(',');
const engines = enginesArg.split(',');
const unknownEngine = engines.find((e) => !(ENGINES as readonly string[]).includes(e));
if (unknownEngine !== undefined) {
  console.error(`db.bench.ts: --engines: unknown engine '${unknownEngine}' (engines: ${ENGINES.join(', ')})`);
  console.error(USAGE);
  process.exit(2);
}
const file = rtrDevFile(args.text('FILE'));
const pgUrl = PG_URL_VARIABLES.map((v) => process.env[v]).find((url) => url);

const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

/** CPU time (ms) of a local server process, from /proc (Linux, same machine), or NaN. */
function serverCpuMs(pid: number): number {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100;
  } catch {
    return NaN;
  }
}

async function timed<T>(fn: () => Promise<T> | T): Promise<[T, number]> {
  const t0 = performance.now();
  const out = await fn();
  return [out, performance.now() - t0];
}

async function main(): Promise<void> {
  requireRtrFile('db', file);
  const [{ dataset, report }, loadMs] = await timed(() => loadDataset(file));
  console.log(`dataset ${dataset.meta.name}: ${dataset.length.toLocaleString('en-US')} rows, load ${s(loadMs)}`);
  const [, memCustMs] = await timed(() => new CustomerHistoryFeatures().fit(dataset).transform(dataset));
  const [, memArtMs] = await timed(() => new ArticleFeatures().fit(dataset).transform(dataset));
  console.log(`in-memory features: customer ${s(memCustMs)}, article ${s(memArtMs)}`);
  for (const engine of engines as DbEngine[]) {
    if (engine === 'postgres' && !pgUrl) {
      console.log(
        `postgres: not measured (set ${PG_URL_VARIABLES.slice(0, -1).join(', ')} or ${PG_URL_VARIABLES.at(-1)})`,
      );
      continue;
    }
    const schema = `sizefit_bench_${process.pid}`;
    const [db, openMs] = await timed<Database>(() => openDatabase({ engine, url: pgUrl, schema }));
    try {
      const pid =
        engine === 'postgres' ? (await db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid : 0;
      const ingest = async (ds: ColumnarDataset, what: string) => {
        const cpu0 = process.cpuUsage();
        const srv0 = serverCpuMs(pid);
        const [r, ms] = await timed(() => ingestDataset(db, ds, report));
        const cpu = process.cpuUsage(cpu0);
        const srv = engine === 'postgres' ? `, server CPU ${s(serverCpuMs(pid) - srv0)}` : '';
        console.log(
          `${engine}: ingest ${what}: ${s(ms)}, keys ${r.keys}; CPU: client ${s((cpu.user + cpu.system) / 1000)}${srv}; ` +
            `load average ${loadavg()[0].toFixed(1)}`,
        );
        return [r, ms] as const;
      };
      const [r, ingestMs] = await ingest(dataset, 'into empty tables');
      const [, custMs] = await timed(() => sqlCustomerHistoryFeatures(db, r.datasetId));
      const [, artMs] = await timed(() => sqlArticleFeatures(db, r.datasetId));
      const target = engine === 'postgres' ? ` (target < 3 s: ${ingestMs < 3000 ? 'met' : 'MISSED'})` : '';
      console.log(
        `${engine}: open+migrate ${s(openMs)}; ingest ${r.rows.toLocaleString('en-US')} rows by ${r.method} ${s(ingestMs)}${target}; ` +
          `SQL features (query + read into a matrix): customer ${s(custMs)} (${(custMs / memCustMs).toFixed(1)}x in-memory), ` +
          `article ${s(artMs)} (${(artMs / memArtMs).toFixed(1)}x in-memory)`,
      );
      if (engine === 'postgres') {
        // The same rows as a second dataset (another sha256): the keys are rebuilt over both.
        const columns = new Map(dataset.columnNames.map((n) => [n, dataset.column(n)]));
        // Without its content hash, which would make it the same data as the first.
        const { contentSha256: _content, ...first } = dataset.meta;
        const meta = { ...first, sha256: [...dataset.meta.sha256].reverse().join('') };
        await ingest(new ColumnarDataset(dataset.schema, columns, dataset.lineNumbers, meta), 'again beside it');
      }
    } finally {
      if (engine === 'postgres') await db.exec(`DROP SCHEMA ${schema} CASCADE`);
      await db.close();
    }
  }
}

main().catch((e: unknown) => {
  process.stderr.write(String(e instanceof Error ? e.stack : e) + '\n');
  process.exitCode = 1;
});
