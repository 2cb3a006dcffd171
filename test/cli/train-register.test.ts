// `sizefit train --register` records the run in the run registry; `sizefit runs --json` lists it. Every record here
// is invented.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { countingStreamOpens } from '../counting-opens.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { openDatabase } from '../../lib/index.js';
import { runInProcess as inProcess } from './run-in-process.js';
import { tempDir } from '../temp-dir.js';
import { inventedRecords } from './invented-records.js';
import { PG_URL, postgresTest, schemaName } from '../db/engines.js';

const bin = 'lib/dist/cli/main.js';

function sizefit(env: NodeJS.ProcessEnv, ...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('train --register stores kind, params, metrics, dataset and artifact checksums; runs lists them', (ctx) => {
  const tmp = tempDir(ctx, 'sizefit-reg-');
  // The embedded database in a temporary folder, whatever the environment says.
  const env: NodeJS.ProcessEnv = { ...process.env, SIZEFIT_PGLITE_DIR: join(tmp, 'pglite') };
  for (const k of ['DATABASE_URL', 'PGHOST', 'PGDATABASE']) delete env[k];
  const dir = join(tmp, 'model');
  const t = sizefit(env, 'train', '--dataset', 'sample', '--model', 'prior', '--out', dir, '--register');
  assert.equal(t.code, 0, t.err);
  assert.match(t.err, /registered run \d+ \(prior\)/);
  const r = sizefit(env, 'runs', '--json');
  assert.equal(r.code, 0, r.err);
  const runs = JSON.parse(r.out) as {
    kind: string;
    datasetSha256: string;
    artifactSha256: string;
    metrics: Record<string, number>;
    params: Record<string, unknown>;
  }[];
  assert.equal(runs.length, 1);
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { dataset: { sha256: string } };
  assert.equal(runs[0].kind, 'prior');
  assert.equal(runs[0].datasetSha256, manifest.dataset.sha256);
  assert.equal(
    runs[0].artifactSha256,
    createHash('sha256')
      .update(readFileSync(join(dir, 'manifest.json')))
      .digest('hex'),
  );
  assert.equal(runs[0].metrics['training.avgAuc'], 0.5, 'the prior ranks nothing');
  assert.equal(runs[0].params.estimatorKind, 'prior');
});

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

/**
 * Trains with --register on a `.jsonl.gz` file, then on its plain copy, into the database `dbArgs` name, and checks
 * that `runs --dataset-sha256` finds both runs by either file's sha256.
 */
async function gzipAndPlainRuns(tmp: string, dbArgs: string[]): Promise<void> {
  const text = inventedRecords(Array.from({ length: 30 }, (_, i) => ['small', 'fit', 'large'][i % 3]));
  const plain = join(tmp, 'invented.jsonl');
  const gz = join(tmp, 'invented.jsonl.gz');
  writeFileSync(plain, text);
  writeFileSync(gz, gzipSync(text));
  const plainSha = sha256(readFileSync(plain));
  const gzSha = sha256(readFileSync(gz));
  assert.notEqual(plainSha, gzSha);
  const train = (file: string, out: string): Promise<{ code: number; out: string; err: string }> =>
    inProcess('train', '--dataset', file, '--model', 'prior', '--out', join(tmp, out), '--register', ...dbArgs);
  // Before: the content hash was found by reading the file a second time, after the reader's pass.
  const { result: g, opens } = await countingStreamOpens(gz, () => train(gz, 'model-gz'));
  assert.equal(g.code, 0, g.err);
  assert.equal(opens, 1, 'the training file is read once');
  const manifest = JSON.parse(readFileSync(join(tmp, 'model-gz', 'manifest.json'), 'utf8')) as {
    dataset: { sha256: string; contentSha256?: string };
  };
  assert.deepEqual([manifest.dataset.sha256, manifest.dataset.contentSha256], [gzSha, plainSha]);
  const runsOn = async (sha: string): Promise<{ datasetSha256: string; datasetContentSha256: string | null }[]> => {
    const r = await inProcess('runs', '--json', '--dataset-sha256', sha, ...dbArgs);
    assert.equal(r.code, 0, r.err);
    return JSON.parse(r.out) as { datasetSha256: string; datasetContentSha256: string | null }[];
  };
  // Before: the run on the .gz file had no content hash, and the plain copy's sha256 found nothing.
  const byPlain = await runsOn(plainSha);
  assert.deepEqual(
    byPlain.map((r) => [r.datasetSha256, r.datasetContentSha256]),
    [[gzSha, plainSha]],
  );
  assert.equal((await runsOn(gzSha)).length, 1);
  // Before: the 12 digits the text listing shows, and the hash in upper case, listed nothing.
  const listed = await inProcess('runs', ...dbArgs);
  assert.ok(listed.out.includes(`data ${gzSha.slice(0, 12)} `), listed.out);
  for (const sha of [gzSha.slice(0, 12), gzSha.toUpperCase(), plainSha.slice(0, 20).toUpperCase()]) {
    assert.deepEqual(
      (await runsOn(sha)).map((r) => r.datasetSha256),
      [gzSha],
      sha,
    );
  }
  // A run on the plain copy: the same data, found by either sha256.
  const p = await train(plain, 'model-plain');
  assert.equal(p.code, 0, p.err);
  for (const sha of [plainSha, gzSha]) {
    assert.deepEqual(
      (await runsOn(sha)).map((r) => [r.datasetSha256, r.datasetContentSha256]),
      [
        [gzSha, plainSha],
        [plainSha, plainSha],
      ],
      sha,
    );
  }
}

test('train --register on a .gz file records its content hash: runs --dataset-sha256 of the plain copy finds it [pglite]', async (ctx) => {
  const tmp = tempDir(ctx, 'sizefit-reg-gz-');
  await gzipAndPlainRuns(tmp, ['--pglite-dir', join(tmp, 'pglite')]);
});

postgresTest(
  'train --register on a .gz file records its content hash: runs --dataset-sha256 of the plain copy finds it',
  async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'sizefit-reg-gz-'));
    const schema = schemaName();
    const admin = await openDatabase({ engine: 'postgres', url: PG_URL, schema, migrate: false });
    const before = process.env.PGOPTIONS;
    // The CLI's connections work in the test's schema.
    process.env.PGOPTIONS = `-c search_path=${schema}`;
    try {
      await gzipAndPlainRuns(tmp, ['--database-url', PG_URL!]);
    } finally {
      if (before === undefined) delete process.env.PGOPTIONS;
      else process.env.PGOPTIONS = before;
      await admin.exec(`DROP SCHEMA ${schema} CASCADE`);
      await admin.close();
      rmSync(tmp, { recursive: true, force: true });
    }
  },
);

test('train refuses --pglite-dir and --database-url without --register (usage error): no run would be recorded', async (ctx) => {
  // Before: both were accepted and ignored (exit 0, a model written, no run registered, no database touched).
  const tmp = tempDir(ctx, 'sizefit-noreg-');
  const never = join(tmp, 'never-created');
  for (const [option, value] of [
    ['--pglite-dir', never],
    ['--database-url', 'postgres://nobody@127.0.0.1:1/none'],
  ]) {
    const out = join(tmp, `model${option}`);
    const r = await inProcess('train', '--dataset', 'sample', '--model', 'prior', '--out', out, option, value);
    assert.equal(r.code, 2, r.err);
    assert.equal(r.err, `sizefit train: ${option} is used only with --register (it names the run registry's database)`);
    assert.ok(!existsSync(out), 'no model is trained');
    assert.ok(!existsSync(never), 'no database is created');
  }
});

test('runs refuses a bare --kind and an empty --dataset-sha256= before looking for a database, even when none exists yet', async (ctx) => {
  // Before: read only inside the database callback, so with no database yet both listed [] with exit 0.
  const tmp = tempDir(ctx, 'sizefit-runs-opts-');
  const saved = Object.fromEntries(
    ['SIZEFIT_PGLITE_DIR', 'DATABASE_URL', 'PGHOST', 'PGDATABASE'].map((k) => [k, process.env[k]]),
  );
  ctx.after(() => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });
  for (const k of Object.keys(saved)) delete process.env[k];
  process.env.SIZEFIT_PGLITE_DIR = join(tmp, 'no-database-yet');
  let r = await inProcess('runs', '--json');
  assert.deepEqual([r.code, r.out], [0, '[]'], 'without a database and without filters: the empty listing');
  r = await inProcess('runs', '--json', '--kind');
  assert.deepEqual([r.code, r.err], [2, 'sizefit runs: --kind needs a value']);
  r = await inProcess('runs', '--dataset-sha256=');
  assert.deepEqual([r.code, r.err], [2, 'sizefit runs: --dataset-sha256 needs a value']);
  assert.ok(!existsSync(join(tmp, 'no-database-yet')), 'no database is created');
});

test('runs refuses a --dataset-sha256 that is neither a sha256 nor its first 12 or more hex digits (usage error)', async (ctx) => {
  // Before: any text was looked up and "no registered run matches" printed, the 12 digits the listing shows included.
  const tmp = tempDir(ctx, 'sizefit-runs-sha-');
  const never = join(tmp, 'never-created');
  for (const sha of ['abc', '0123456789a', 'g'.repeat(12), `${'a'.repeat(64)}b`]) {
    const r = await inProcess('runs', '--dataset-sha256', sha, '--pglite-dir', never);
    assert.deepEqual(
      [r.code, r.err],
      [
        2,
        `sizefit runs: --dataset-sha256: ${JSON.stringify(sha)} is not a sha256: give its 64 hex digits, or at ` +
          'least the first 12 as the listings show them',
      ],
    );
  }
  assert.ok(!existsSync(never), 'no database is looked for');
});

test('train --register records the model directory as an absolute path, whatever the working directory', async (ctx) => {
  // Before: --out as typed (relative), which names nothing once the listing is read from another directory.
  const tmp = tempDir(ctx, 'sizefit-reg-dir-');
  const data = join(tmp, 'invented.jsonl');
  writeFileSync(data, inventedRecords(Array.from({ length: 30 }, (_, i) => ['small', 'fit', 'large'][i % 3])));
  const db = ['--pglite-dir', join(tmp, 'pglite')];
  const cwd = process.cwd();
  process.chdir(tmp);
  try {
    const t = await inProcess('train', '--dataset', data, '--model', 'prior', '--out', 'model', '--register', ...db);
    assert.equal(t.code, 0, t.err);
  } finally {
    process.chdir(cwd);
  }
  const r = await inProcess('runs', '--json', ...db);
  assert.equal(r.code, 0, r.err);
  const runs = JSON.parse(r.out) as { kind: string; params: { modelDir: string; estimatorKind: string } }[];
  assert.deepEqual(
    runs.map((x) => [x.kind, x.params.estimatorKind, x.params.modelDir]),
    [['prior', 'prior', join(tmp, 'model')]],
  );
});
