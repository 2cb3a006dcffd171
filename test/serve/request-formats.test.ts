// How the service reads request records and advice bodies: for a model trained on data in no record format
// (generated synthetic data) as `sizefit predict` reads a file for it (in the format the records' own fields show,
// with every canonical column), and a body that is a whole record (a line of the sample) with its ids, size and
// outcome fields dropped. Every ModCloth record here is invented.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  FitService,
  HttpError,
  adviseSizes,
  loadModel,
  parseFitData,
  type SizeRecommendation,
} from '../../lib/index.js';
import { runCli } from '../../lib/cli/run-cli.js';
import { tempDir } from '../temp-dir.js';
import {
  modclothLines,
  removeTrainedModelDirs,
  sampleRecords,
  syntheticModelDir,
  trainedModelDir,
} from './serve-fixtures.js';

after(removeTrainedModelDirs);

/** The probabilities `sizefit predict` writes for the records of `file` (in-process), one row per record. */
async function predictedByCli(model: string, file: string, out: string): Promise<number[][]> {
  const err: string[] = [];
  const code = await runCli(['predict', '--model', model, '--dataset', file, '--out', out], {
    out: () => {},
    err: (t) => err.push(t),
  });
  assert.equal(code, 0, err.join('\n'));
  return readFileSync(out, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(',').slice(1, 4).map(Number));
}

test('a model trained on synthetic data scores ModCloth request records as `sizefit predict` scores the file', async (t) => {
  // Before: the service read request records as RentTheRunway ones: in the default mode `waist`, `hips`, `bra size`
  // and `cup size` were a 400 ("is not a known field"), with "badValues": "missing" they were ignored, and the
  // probabilities differed from those `sizefit predict` gives the same lines.
  const tmp = tempDir(t, 'sizefit-request-formats-');
  const dir = await syntheticModelDir(tmp);
  const file = join(tmp, 'modcloth.jsonl');
  writeFileSync(file, modclothLines.join('\n') + '\n');
  const expected = await predictedByCli(dir, file, join(tmp, 'cli.csv'));
  assert.equal(expected.length, modclothLines.length);
  const service = await FitService.load(dir);
  const records = modclothLines.map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.deepEqual(service.predict({ records }).body.probabilities, expected);
  const lenient = service.predict({ records, badValues: 'missing' }).body;
  assert.deepEqual(lenient.probabilities, expected);
  assert.deepEqual(lenient.notes, [], 'no field ignored');
  // The ModCloth body fields reach the model: without them it answers otherwise.
  const bodyless = records.map(({ waist: _w, hips: _h, 'bra size': _b, 'cup size': _c, ...rest }) => rest);
  assert.notDeepEqual(service.predict({ records: bodyless }).body.probabilities, expected);
  // RentTheRunway records still read as such, as `sizefit predict` reads a RentTheRunway file.
  const rtr = sampleRecords(20);
  const rtrFile = join(tmp, 'rtr.jsonl');
  writeFileSync(rtrFile, rtr.map((r) => JSON.stringify(r)).join('\n') + '\n');
  assert.deepEqual(
    service.predict({ records: rtr }).body.probabilities,
    await predictedByCli(dir, rtrFile, join(tmp, 'rtr.csv')),
  );
});

test('records of both formats in one request: the key of the other format is a 400, or a note with badValues', async (t) => {
  // The records of a request are read together, as the lines of one file: in the format their fields show.
  const tmp = tempDir(t, 'sizefit-request-formats-');
  const service = await FitService.load(await syntheticModelDir(tmp));
  const records = [{ waist: '30', hips: '40' }, { weight: '137lbs' }];
  assert.throws(
    () => service.predict({ records }),
    (e: unknown) =>
      e instanceof HttpError &&
      e.status === 400 &&
      /a record has a key that is not a field of modcloth records/.test(e.message) &&
      e.problems.length === 1 &&
      e.problems[0].path === '$.records[1].weight',
  );
  const notes = service.predict({ records, badValues: 'missing' }).body.notes;
  assert.deepEqual(
    notes?.map((n) => n.path),
    ['$.records[1].weight'],
  );
  assert.match(notes![0].reason, /is not a field of modcloth records .*: ignored \(in 1 record\)/);
});

test('with a ModCloth --history, an advice body in ModCloth fields is read as the library reads the record', async (t) => {
  // Before: a 400, "$.requests[0].body.waist: is not a known field" (the body schema was RentTheRunway's) although
  // the history, read in its own format, has the customers' waist.
  const tmp = tempDir(t, 'sizefit-request-formats-');
  const dir = await syntheticModelDir(tmp);
  const file = join(tmp, 'modcloth.jsonl');
  writeFileSync(file, modclothLines.join('\n') + '\n');
  const service = await FitService.load(dir, { history: file });
  const history = service.history!.history;
  const body = { waist: '41', hips: '52', 'bra size': '40', 'cup size': 'dd/e' };
  // A customer the history has not seen: the body is all the model knows of them.
  const sizes = history.articleSizes('501');
  const ask = (b: Record<string, string>): SizeRecommendation =>
    service.recommend({ requests: [{ customer: 'newcomer', item: '501', sizes, body: b }] }).body.recommendations[0];
  const answer = ask(body);
  // The reference: the body read by the reader as the ModCloth record it is, given to the advice as fields.
  const read = parseFitData(JSON.stringify(body), { format: 'modcloth', keepUnlabeled: true, keepMissingIds: true });
  const fields: Record<string, number | string> = {};
  for (const c of read.dataset.columnNames) {
    const v = read.dataset.value(c, 0);
    if (v !== null) fields[c] = v;
  }
  assert.ok(['waist', 'hips', 'bra_size', 'bust_band', 'cup', 'cup_label'].every((c) => c in fields));
  const { model } = await loadModel(dir);
  const [reference] = adviseSizes(model, history, [{ customer: 'newcomer', item: '501', sizes, body: fields }], {
    rule: 'usual-shift',
  });
  assert.equal(answer.source, 'model');
  assert.deepEqual(answer.probabilities.flat(), Array.from(reference.proba));
  assert.equal(answer.size, reference.size);
  const other = ask({ waist: '24', hips: '34', 'bra size': '32', 'cup size': 'a' });
  assert.notDeepEqual(answer.probabilities, other.probabilities, 'the body fields reach the model');
});

test('an advice body that is a whole sample record: its ids, size and outcome fields are dropped, the rest used', async () => {
  // Before: a 400, "body field 'returned' is an outcome of the purchase" (every sample line has `returned`), where
  // the service had dropped the ids, size and fit of such a body; and return_reason, an outcome too, was taken as a
  // field of the customer.
  const service = await FitService.load(await trainedModelDir(true));
  const whole: Record<string, unknown> = { ...sampleRecords(1)[0], return_reason: 'too_small' };
  assert.ok('returned' in whole);
  const { user_id, item_id, size: _s, fit: _f, returned: _r, return_reason: _rr, ...kept } = whole;
  const ask = (body: Record<string, unknown>): unknown =>
    service.recommend({ requests: [{ customer: String(user_id), item: String(item_id), body }] }).body
      .recommendations[0];
  assert.deepEqual(ask(whole), ask(kept));
  for (const outcome of [{ returned: 1 }, { return_reason: 'too_big' }, { fit: 'small' }]) {
    assert.deepEqual(ask({ ...kept, ...outcome }), ask(kept), JSON.stringify(outcome));
  }
});
