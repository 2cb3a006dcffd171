// `sizefit predict`'s label column follows the model's own predict rule (the lowest class on a tie), as
// model.predict and the service do (before, a tie of small and fit was labelled 'fit'); and an --out with a long
// name is written (before, its temporary name `.NAME.tmp-PID` was over NAME_MAX: ENAMETOOLONG).
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInProcess as sizefit } from './run-in-process.js';
import { FitService, PriorFitModel, loadModel, parseFitData } from '../../lib/index.js';

const tmp = mkdtempSync(join(tmpdir(), 'sizefit-predict-label-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

// Invented rows: 2 small, 2 fit, 1 large, so that the prior model scores every record [0.4, 0.4, 0.2].
const rows = [
  { fit: 'small', user_id: 'u1', item_id: 'i1', size: 4 },
  { fit: 'fit', user_id: 'u2', item_id: 'i2', size: 12 },
  { fit: 'small', user_id: 'u3', item_id: 'i1', size: 6 },
  { fit: 'large', user_id: 'u4', item_id: 'i3', size: 20 },
  { fit: 'fit', user_id: 'u5', item_id: 'i2', size: 8 },
];
const data = join(tmp, 'tie.jsonl');
writeFileSync(data, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');

/** The prior model trained on the rows above, once. */
let trained: Promise<string> | undefined;
function priorModel(): Promise<string> {
  trained ??= (async () => {
    const dir = join(tmp, 'prior');
    const t = await sizefit('train', '--dataset', data, '--model', 'prior', '--out', dir);
    assert.equal(t.code, 0, t.err);
    return dir;
  })();
  return trained;
}

/** The rows of a predictions CSV, header left out. */
const csvRows = (path: string): string[][] =>
  readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(','));

test('a tie of small and fit is labelled small, as model.predict and the service label it', async () => {
  const dir = await priorModel();
  const out = join(tmp, 'tie.csv');
  const p = await sizefit('predict', '--model', dir, '--dataset', data, '--out', out);
  assert.equal(p.code, 0, p.err);
  const got = csvRows(out);
  assert.equal(got.length, rows.length);
  for (const [, small, fit, large, label] of got) {
    assert.equal(Number(small), Number(fit), 'a tie');
    assert.ok(Math.abs(Number(small) - 0.4) < 1e-12 && Math.abs(Number(large) - 0.2) < 1e-12);
    assert.equal(label, 'small');
  }
  // the same labels as the model's own predict and the service's
  const { model } = await loadModel(dir);
  const { dataset } = parseFitData(readFileSync(data, 'utf8'), { name: 'tie' });
  assert.ok(model instanceof PriorFitModel);
  const codes = model.predict(dataset);
  assert.deepEqual(
    got.map((r) => r[4]),
    [...codes].map((k) => model.classes[k]),
  );
  const service = await FitService.load(dir);
  assert.deepEqual(service.predict({ records: [{ size: 8 }] }).body.labels, ['small']);
});

test('--out with a 250-character name is written, and no temporary file is left', async () => {
  const dir = await priorModel();
  const folder = join(tmp, 'long-out');
  mkdirSync(folder);
  const out = join(folder, 'p'.repeat(246) + '.csv');
  const p = await sizefit('predict', '--model', dir, '--dataset', data, '--out', out);
  assert.equal(p.code, 0, p.err);
  assert.equal(csvRows(out).length, rows.length);
  // written again over itself (the atomic replacement of an existing file)
  const again = await sizefit('predict', '--model', dir, '--dataset', data, '--out', out);
  assert.equal(again.code, 0, again.err);
  assert.deepEqual(readdirSync(folder), ['p'.repeat(246) + '.csv']);
});
