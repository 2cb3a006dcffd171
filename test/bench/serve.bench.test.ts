// bench/serve.bench.ts runs from any working directory: it reads the sample and starts the CLI from the repository,
// and a relative --model from where it was started.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../temp-dir.js';
import { trainSamplePrior } from './sample-prior-model.js';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const env = { ...process.env, NODE_TEST_CONTEXT: undefined, INIT_CWD: undefined };

test('serve.bench.ts run from bench/ with a relative --model serves it (tiny load, no fuzz)', (t) => {
  // Before: run outside the repository root it failed (exit 1) reading datasets/sample/sample.jsonl from the working
  // directory, and it started lib/cli/main.ts from there too.
  const model = join(tempDir(t), 'prior');
  trainSamplePrior(model, env);
  const bench = join(repo, 'bench');
  const r = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      'serve.bench.ts',
      '--model',
      relative(bench, model),
      '--connections',
      '1',
      '--seconds',
      '0.2',
      '--fuzz',
      '0',
    ],
    { cwd: bench, encoding: 'utf8', env, timeout: 120_000 },
  );
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(
    r.stdout,
    /^single-record requests in the service: [\d.]+ us each alone \(predict\), [\d.]+ us each when 16 are answered together/m,
  );
  assert.match(r.stdout, /^single-record requests, 1 connections: \d[\d,]* requests .* errors 0$/m);
  assert.match(r.stdout, /^SIGTERM: server exited with code 0$/m);
});
