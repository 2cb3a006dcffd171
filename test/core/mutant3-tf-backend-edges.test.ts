// Two documented edges of the TensorFlow.js glue that a third mutation round changed without a failing test:
// initTf's retry ("every call returns the same promise (after a failure, the next call tries again)") and the wasm
// UnsortedSegmentSum kernel's refusal of segment ids whose shape is not a prefix of x's shape.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Tensor1D } from '@tensorflow/tfjs';
import { InvalidArgumentError, TF_BACKEND_ENV_VAR, getTf, initTf } from '../../lib/index.js';

const libIndex = fileURLToPath(new URL('../../lib/index.ts', import.meta.url));
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

test('after initTf rejects, the next call tries again and succeeds once the cause is gone', () => {
  // In a child process: the backend is chosen once per process.
  const env = JSON.stringify(TF_BACKEND_ENV_VAR);
  const code = `
    import { initTf, getTf } from ${JSON.stringify(libIndex)};
    const out = {};
    process.env[${env}] = 'gpu';
    try { await initTf(); out.first = 'resolved'; } catch (e) { out.first = e.name; }
    try { getTf(); out.getTf = 'returned'; } catch (e) { out.getTf = e.name; }
    process.env[${env}] = 'cpu';
    try {
      const info = await initTf();
      out.second = info.backend;
      out.same = (await initTf()) === info;
      out.sum = getTf().tensor1d([1, 2]).sum().dataSync()[0];
    } catch (e) { out.second = e.name + ': ' + e.message; }
    console.log(JSON.stringify(out));
  `;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, [TF_BACKEND_ENV_VAR]: '' },
  });
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout.trim().split('\n').pop()!) as Record<string, unknown>;
  assert.deepEqual(out, {
    first: 'InvalidArgumentError',
    getTf: 'TfBackendError',
    second: 'cpu',
    same: true,
    sum: 3,
  });
});

test('the wasm UnsortedSegmentSum refuses segment ids whose shape is not a prefix of x shape', async (t) => {
  // TensorFlow's unsorted_segment_sum needs segmentIds.shape to be a prefix of x.shape. Ids of shape [3, 2] beside x
  // of shape [2, 3] have as many values as x, so only the shapes tell them apart: the sum over them is refused.
  const saved = process.env[TF_BACKEND_ENV_VAR];
  t.after(() => {
    if (saved === undefined) delete process.env[TF_BACKEND_ENV_VAR];
    else process.env[TF_BACKEND_ENV_VAR] = saved;
  });
  delete process.env[TF_BACKEND_ENV_VAR];
  await initTf();
  const tf = getTf();
  assert.equal(tf.getBackend(), 'wasm');
  const before = tf.memory().numTensors;
  tf.tidy(() => {
    const x = tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3]);
    for (const ids of [tf.tensor2d([0, 1, 0, 1, 0, 1], [3, 2], 'int32'), tf.tensor1d([0, 1, 0], 'int32')]) {
      assert.throws(
        // tfjs's types take rank-1 ids only; its kernels are called with ids of any rank.
        () => tf.unsortedSegmentSum(x, ids as unknown as Tensor1D, 2),
        (e: unknown) =>
          e instanceof InvalidArgumentError &&
          e.message ===
            `unsortedSegmentSum: segmentIds shape [${ids.shape.join(',')}] must be a prefix of x shape [2,3]`,
      );
    }
    // A prefix is accepted: rows 0 and 1 of x summed into segments 1 and 0.
    const ok = tf.unsortedSegmentSum(x, tf.tensor1d([1, 0], 'int32'), 2);
    assert.deepEqual(ok.shape, [2, 3]);
    assert.deepEqual(Array.from(ok.dataSync()), [4, 5, 6, 1, 2, 3]);
  });
  assert.equal(tf.memory().numTensors, before);
});
