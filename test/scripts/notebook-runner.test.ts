// The notebook runner: --dataset reaches the kernels (they run in notebooks/), and --in-place keeps RentTheRunway outputs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// @ts-expect-error: plain JS module without types
import { datasetForKernel, inPlaceProblem, kernelEnv } from '../../scripts/notebook-runner.mjs';

test('a relative dataset path is resolved from the caller; a registry name stays a name', () => {
  // Before: 'datasets/sample/sample.jsonl' was looked up as notebooks/datasets/sample/sample.jsonl.
  const dir = mkdtempSync(join(tmpdir(), 'sizefit-runner-'));
  mkdirSync(join(dir, 'data'));
  writeFileSync(join(dir, 'data', 'x.jsonl'), '');
  assert.equal(datasetForKernel('data/x.jsonl', dir), join(dir, 'data', 'x.jsonl'));
  assert.equal(datasetForKernel(join(dir, 'data', 'x.jsonl'), '/'), join(dir, 'data', 'x.jsonl'));
  assert.equal(datasetForKernel('renttherunway', dir), 'renttherunway');
});

test('--in-place refuses to replace RentTheRunway outputs with sample outputs unless a dataset is named', () => {
  // Before: without RentTheRunway in the data directory, 01-04 silently fell back to the sample and --in-place
  // overwrote their committed RentTheRunway outputs.
  const nb = (n: string): string => `/repo/notebooks/${n}.ipynb`;
  const all = ['00-environment', '01-explore-size-data', '03-fit-models', '05-export-model'].map(nb);
  const msg = inPlaceProblem({ inPlace: true, dataset: undefined }, all, {}, false) as string;
  assert.match(msg, /replace the committed RentTheRunway outputs of 01-explore-size-data\.ipynb, 03-fit-models\.ipynb/);
  assert.match(msg, /--dataset PATH\/renttherunway-dev\.jsonl\.gz/);
  // allowed: RentTheRunway present, a dataset named (even the sample), the environment's dataset, only sample notebooks,
  // or not in place
  assert.equal(inPlaceProblem({ inPlace: true, dataset: undefined }, all, {}, true), null);
  assert.equal(inPlaceProblem({ inPlace: true, dataset: 'sample' }, all, {}, false), null);
  assert.equal(inPlaceProblem({ inPlace: true, dataset: undefined }, all, { SIZEFIT_DATASET: '/d.gz' }, false), null);
  assert.equal(inPlaceProblem({ inPlace: true, dataset: undefined }, [nb('05-export-model')], {}, false), null);
  assert.equal(inPlaceProblem({ inPlace: false, dataset: undefined }, all, {}, false), null);
});

test('a relative data directory reaches the kernels absolute, as the CLI reads it', () => {
  // Before: SIZEFIT_DATA_DIR=datasets/cache was read by the kernels as notebooks/datasets/cache.
  const env = kernelEnv({ SIZEFIT_DATA_DIR: 'datasets/cache', SIZEFIT_PROJECT_ROOT: '/abs/root', OTHER: 'x' }, '/repo');
  assert.deepEqual(env, { SIZEFIT_DATA_DIR: '/repo/datasets/cache', SIZEFIT_PROJECT_ROOT: '/abs/root', OTHER: 'x' });
  assert.deepEqual(kernelEnv({}, '/repo'), {});
});
