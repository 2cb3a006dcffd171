// A `prior` model trained on the committed sample by the CLI (from source), for the serve benchmark's tests.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Trains `sizefit train --dataset sample --model prior --out <out>` with `env`; fails the test if it does not exit 0. */
export function trainSamplePrior(out: string, env: NodeJS.ProcessEnv): void {
  const train = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      join('lib', 'cli', 'main.ts'),
      'train',
      '--dataset',
      'sample',
      '--model',
      'prior',
      '--out',
      out,
    ],
    { cwd: repo, encoding: 'utf8', env, timeout: 120_000 },
  );
  assert.equal(train.status, 0, train.stdout + train.stderr);
}
