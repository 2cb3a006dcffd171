// Benchmarks given a file without a labelled record stop in one line naming it (exit 2), not with a stack trace.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../temp-dir.js';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

test('latent, neural and best-features benchmarks on a file of no record: exit 2, one line naming the file', (t) => {
  // Before: latent.bench printed a stack trace from HoldoutSplit ("needs an integer number of rows >= 2, got 0").
  const file = join(tempDir(t, 'sizefit-bench-bad-'), 'not-data.jsonl');
  writeFileSync(file, 'not data\n');
  // best-features takes its file from SIZEFIT_RTR_DEV only.
  for (const [script, name, args] of [
    ['latent.bench.ts', 'latent.bench', [file, '--models', 'K-LF-LR']],
    ['neural.bench.ts', 'neural.bench', [file]],
    ['best-features.bench.ts', 'best-features.bench', []],
  ] as const) {
    const r = spawnSync(process.execPath, ['--import', 'tsx', join('bench', script), ...args], {
      cwd: repo,
      encoding: 'utf8',
      env: { ...process.env, NODE_TEST_CONTEXT: undefined, SIZEFIT_RTR_DEV: file },
      timeout: 120_000,
    });
    assert.equal(r.status, 2, `${script}: ${r.stdout}${r.stderr}`);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.ok(r.stderr.startsWith(`${name}: ${file}: no labelled record to benchmark on (1 non-blank lines`), r.stderr);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  }
});
