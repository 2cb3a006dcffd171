import { spawnSync, type SpawnSyncReturns } from 'node:child_process';

/**
 * `sizefit evaluate --model DIR --dataset sample` with the built CLI in a child process with a 60 s limit: a load
 * that blocks (a FIFO read) would otherwise hang the test runner itself.
 */
export function evaluateInChild(dir: string): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, ['lib/dist/cli/main.js', 'evaluate', '--model', dir, '--dataset', 'sample'], {
    encoding: 'utf8',
    timeout: 60_000,
  });
}
