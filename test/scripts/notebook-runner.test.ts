// The notebook runner's --dataset: kernels run in notebooks/, so a relative path must reach them absolute.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// @ts-expect-error: plain JS module without types
import { datasetForKernel } from '../../scripts/notebook-runner.mjs';

test('a relative dataset path is resolved from the caller; a registry name stays a name', () => {
  // Before: 'datasets/sample/sample.jsonl' was looked up as notebooks/datasets/sample/sample.jsonl.
  const dir = mkdtempSync(join(tmpdir(), 'sizefit-runner-'));
  mkdirSync(join(dir, 'data'));
  writeFileSync(join(dir, 'data', 'x.jsonl'), '');
  assert.equal(datasetForKernel('data/x.jsonl', dir), join(dir, 'data', 'x.jsonl'));
  assert.equal(datasetForKernel(join(dir, 'data', 'x.jsonl'), '/'), join(dir, 'data', 'x.jsonl'));
  assert.equal(datasetForKernel('renttherunway', dir), 'renttherunway');
});
