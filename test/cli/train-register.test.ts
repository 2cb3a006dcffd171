// `sizefit train --register` records the run in the run registry; `sizefit runs --json` lists it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../temp-dir.js';

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
