// The service's request limits: a limit given as undefined keeps its default (before, it switched the check off:
// `limits: { maxRecords: undefined }` accepted any number of records), and one that is no limit is refused, named.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_SERVICE_LIMITS, FitService, HttpError, InvalidArgumentError, serviceLimits } from '../../lib/index.js';
import { removeTrainedModelDirs, sampleRecords, trainedModelDir } from './serve-fixtures.js';

after(removeTrainedModelDirs);

test('a limit left out or undefined is its default; a given one replaces it', () => {
  assert.deepEqual(serviceLimits(), DEFAULT_SERVICE_LIMITS);
  assert.deepEqual(serviceLimits(null), DEFAULT_SERVICE_LIMITS);
  assert.deepEqual(serviceLimits({ maxRecords: undefined, maxBodyBytes: undefined }), DEFAULT_SERVICE_LIMITS);
  assert.deepEqual(serviceLimits({ maxRecords: 5 }), { ...DEFAULT_SERVICE_LIMITS, maxRecords: 5 });
});

test('a service given an undefined limit enforces the default', async () => {
  const dir = await trainedModelDir(false);
  const record = sampleRecords(1)[0];
  const tooMany = { records: Array.from({ length: DEFAULT_SERVICE_LIMITS.maxRecords + 1 }, () => record) };
  const service = await FitService.load(dir, { limits: { maxRecords: undefined, maxBodyBytes: undefined } });
  assert.deepEqual(service.limits, DEFAULT_SERVICE_LIMITS);
  assert.throws(
    () => service.predict(tooMany),
    (e: unknown) =>
      e instanceof HttpError &&
      e.status === 400 &&
      e.problems.some(
        (p) => p.path === '$.records' && p.reason.includes(`the limit is ${DEFAULT_SERVICE_LIMITS.maxRecords}`),
      ),
  );
  assert.equal(service.predict({ records: tooMany.records.slice(1) }).records, DEFAULT_SERVICE_LIMITS.maxRecords);
});

test('a limit that is not an integer >= 1, or not a limit, is refused naming it, before the model is read', async () => {
  const bad: [unknown, RegExp][] = [
    [{ maxRecords: Number.NaN }, /^limits\.maxRecords must be an integer >= 1, got NaN$/],
    [{ maxRecords: null }, /^limits\.maxRecords must be an integer >= 1, got null \(null\)$/],
    [{ maxBodyBytes: -1 }, /^limits\.maxBodyBytes must be an integer >= 1, got -1$/],
    [{ maxSizes: 0 }, /^limits\.maxSizes must be an integer >= 1, got 0$/],
    [{ maxStringLength: 1.5 }, /^limits\.maxStringLength must be an integer >= 1, got 1\.5$/],
    [{ maxRecommendations: '10' }, /^limits\.maxRecommendations must be an integer >= 1, got "10" \(string\)$/],
    [{ maxRecord: 10 }, /^limits\.maxRecord is not a limit \(limits: maxBodyBytes, maxRecords, /],
    [[5], /^limits must be an object of limits, got \[5\] \(object\)$/],
  ];
  for (const [limits, re] of bad) {
    assert.throws(
      () => serviceLimits(limits as never),
      (e: unknown) => e instanceof InvalidArgumentError && re.test(e.message),
      String(re),
    );
    // No such directory: the limit is refused first.
    await assert.rejects(
      FitService.load('/nonexistent/sizefit-model', { limits: limits as never }),
      (e: unknown) => e instanceof InvalidArgumentError && re.test(e.message),
      String(re),
    );
  }
});
