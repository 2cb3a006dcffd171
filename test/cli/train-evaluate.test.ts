// The model CLI end to end through the built `sizefit` binary: models, train, evaluate --json, predict.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const bin = 'lib/dist/cli/main.js';
const tmp = mkdtempSync(join(tmpdir(), 'sizefit-cli-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
const sample = 'datasets/sample/sample.jsonl';

function sizefit(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

// A held-out style file: the sample's last 400 lines plus a malformed line, a record with unknown ids and
// an unparseable height, and a record without a fit label.
const lines = readFileSync(sample, 'utf8').trim().split('\n');
const heldOut = [
  ...lines.slice(-400),
  '{"fit": "small", "user_id": "u-never-seen", "item_id": "i-never-seen", "size": 8, "height": "5 ft 13"',
  '{"fit": "large", "user_id": "u-never-seen", "item_id": "i-never-seen", "size": 8, "height": "tall", "weight": "??"}',
  '{"user_id": "u2", "item_id": "i2", "size": 4}',
];
const heldOutPath = join(tmp, 'held-out.jsonl');
writeFileSync(heldOutPath, heldOut.join('\n') + '\n');

/** The model directory of the test above, or a prior model when this test runs alone. */
function trainedModel(): string {
  const dir = join(tmp, 'model');
  if (!existsSync(join(dir, 'manifest.json'))) {
    assert.equal(sizefit('train', '--dataset', sample, '--model', 'prior', '--out', dir).code, 0);
  }
  return dir;
}

test('sizefit models lists the published baselines and the project models', () => {
  const r = sizefit('models', '--json');
  assert.equal(r.code, 0, r.err);
  const names = (JSON.parse(r.out) as { name: string }[]).map((m) => m.name);
  for (const n of [
    'prior',
    'logistic',
    'gbdt',
    '1-lv-lr',
    'k-lv-lr',
    'k-lf-lr',
    'k-lf-ml',
    'neural',
    'ensemble',
    'best',
  ])
    assert.ok(names.includes(n), n);
});

test('train writes a model directory; evaluate --json scores a file with bad records; predict writes every record', () => {
  const dir = join(tmp, 'model');
  const t = sizefit('train', '--dataset', sample, '--model', 'k-lf-lr', '--seed', '3', '--out', dir);
  assert.equal(t.code, 0, t.err);
  assert.ok(existsSync(join(dir, 'manifest.json')));

  const e = sizefit('evaluate', '--model', dir, '--dataset', heldOutPath, '--json', '--samples', '200');
  assert.equal(e.code, 0, e.err);
  const r = JSON.parse(e.out) as Record<string, unknown> & {
    records: number;
    avgAuc: number;
    auc: Record<string, number>;
    avgAucCi: [number, number];
  };
  for (const k of ['records', 'avgAuc', 'auc', 'accuracy', 'macroF1', 'logLoss', 'avgAucCi']) assert.ok(k in r, k);
  assert.equal(r.records, 401, 'the 400 sample rows and the record with unknown ids and bad fields');
  assert.ok(r.avgAuc > 0.6 && r.avgAuc <= 1, `avgAuc ${r.avgAuc}`);
  assert.deepEqual(Object.keys(r.auc).sort(), ['fit', 'large', 'small']);
  assert.ok(r.avgAucCi[0] <= r.avgAuc && r.avgAuc <= r.avgAucCi[1]);

  const csv = join(tmp, 'pred.csv');
  const p = sizefit('predict', '--model', dir, '--dataset', heldOutPath, '--out', csv);
  assert.equal(p.code, 0, p.err);
  const rows = readFileSync(csv, 'utf8').trim().split('\n');
  assert.equal(rows[0], 'line,p_small,p_fit,p_large,label');
  assert.equal(rows.length - 1, 402, 'every parsed record, labelled or not; the malformed line is reported');
  assert.match(p.err, /1 malformed line left out/);
  const last = rows[rows.length - 1].split(',');
  assert.equal(last[0], '403');
  const probs = last.slice(1, 4).map(Number);
  assert.ok(Math.abs(probs[0] + probs[1] + probs[2] - 1) < 1e-9);
  assert.ok(['small', 'fit', 'large'].includes(last[4]));
});

test('bad CLI input gets a clear error and a non-zero exit', () => {
  const a = sizefit('train', '--dataset', sample, '--model', 'no-such', '--out', join(tmp, 'x'));
  assert.equal(a.code, 2);
  assert.match(a.err, /unknown model 'no-such' \(known: .*k-lf-lr/);
  const b = sizefit('evaluate', '--model', join(tmp, 'missing'), '--dataset', sample);
  assert.equal(b.code, 1);
  assert.match(b.err, /model directory does not exist/);
  const c = sizefit('train', '--dataset', sample, '--model', 'k-lf-lr');
  assert.equal(c.code, 2);
  assert.match(c.err, /--out is required/);
});

test('train --model best through the built CLI (forests in worker threads) and evaluate it', () => {
  const dir = join(tmp, 'best');
  const t = sizefit('train', '--dataset', sample, '--model', 'best', '--seed', '5', '--out', dir, '--json');
  assert.equal(t.code, 0, t.err);
  const manifest = JSON.parse(t.out) as { model: string; kind: string; files: Record<string, unknown> };
  assert.equal(manifest.model, 'best');
  assert.equal(manifest.kind, 'pipeline-model');
  const e = sizefit('evaluate', '--model', dir, '--dataset', heldOutPath, '--json', '--samples', '100');
  assert.equal(e.code, 0, e.err);
  const r = JSON.parse(e.out) as { records: number; avgAuc: number };
  assert.equal(r.records, 401);
  assert.ok(r.avgAuc > 0.7, `avgAuc ${r.avgAuc}`);
});

/** Synthetic records in the ModCloth file format: customer true sizes, articles that run small or large. */
function modclothLike(): string {
  let state = 7;
  const rand = (): number => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  const records: string[] = [];
  for (let i = 0; i < 600; i++) {
    const user = Math.floor(rand() * 80);
    const item = Math.floor(rand() * 12);
    const trueSize = 4 + (user % 9) * 2 + (item % 3) - 1;
    const size = trueSize + Math.round((rand() - 0.5) * 6);
    const fit = size < trueSize - 1 ? 'small' : size > trueSize + 1 ? 'large' : 'fit';
    records.push(
      JSON.stringify({
        item_id: String(100 + item),
        waist: 24 + (user % 9),
        size,
        quality: 4,
        'cup size': 'c',
        hips: 36 + (user % 9),
        'bra size': 34,
        category: item % 2 ? 'new' : 'dresses',
        bust: '36',
        height: `5ft ${2 + (user % 8)}in`,
        user_name: `n${user}`,
        length: 'just right',
        fit,
        user_id: String(1000 + user),
      }),
    );
  }
  const file = join(tmp, 'modcloth-like.json');
  writeFileSync(file, records.join('\n') + '\n');
  return file;
}

test('train --model best on ModCloth-format data (no weight column) and evaluate it', () => {
  const file = modclothLike();
  const dir = join(tmp, 'best-modcloth');
  const t = sizefit('train', '--dataset', file, '--model', 'best', '--out', dir);
  assert.equal(t.code, 0, t.err);
  const e = sizefit('evaluate', '--model', dir, '--dataset', file, '--json', '--samples', '50');
  assert.equal(e.code, 0, e.err);
  const r = JSON.parse(e.out) as { records: number; avgAuc: number; dataset: { format: string } };
  assert.equal(r.records, 600);
  assert.equal(r.dataset.format, 'modcloth');
  assert.ok(r.avgAuc > 0.6, `avgAuc ${r.avgAuc}`);
});

test('a model trained on the named sample reads held-out files by path with the sample extra fields', () => {
  // Loaded by name, the sample has extra columns (size system, brand...) that the features use; a file read
  // by path gets them from the model's training dataset, as in the service (before: "no column 'size_system'").
  const dir = join(tmp, 'logistic-named-sample');
  const t = sizefit('train', '--dataset', 'sample', '--model', 'logistic', '--out', dir);
  assert.equal(t.code, 0, t.err);
  const e = sizefit('evaluate', '--model', dir, '--dataset', heldOutPath, '--json', '--samples', '50');
  assert.equal(e.code, 0, e.err);
  const r = JSON.parse(e.out) as { records: number; avgAuc: number };
  assert.equal(r.records, 401);
  assert.ok(r.avgAuc > 0.6, `avgAuc ${r.avgAuc}`);
  const csv = join(tmp, 'pred-named.csv');
  const p = sizefit('predict', '--model', dir, '--dataset', heldOutPath, '--out', csv);
  assert.equal(p.code, 0, p.err);
  assert.equal(readFileSync(csv, 'utf8').trim().split('\n').length - 1, 402);
});

test('evaluate on a file without a class: that AUC, avgAuc and its interval are null; the rest is scored', () => {
  const dir = join(tmp, 'logistic-path');
  const t = sizefit('train', '--dataset', sample, '--model', 'logistic', '--out', dir);
  assert.equal(t.code, 0, t.err);
  const noLarge = lines.slice(-400).filter((l) => (JSON.parse(l) as { fit: string }).fit !== 'large');
  const file = join(tmp, 'no-large.jsonl');
  writeFileSync(file, noLarge.join('\n') + '\n');
  const e = sizefit('evaluate', '--model', dir, '--dataset', file, '--json', '--samples', '50');
  assert.equal(e.code, 0, e.err);
  const r = JSON.parse(e.out) as {
    records: number;
    avgAuc: number | null;
    auc: Record<string, number | null>;
    avgAucCi: (number | null)[];
    accuracy: number;
    confusion: number[][];
  };
  assert.equal(r.records, noLarge.length);
  assert.equal(r.auc.large, null);
  assert.equal(r.avgAuc, null);
  assert.deepEqual(r.avgAucCi, [null, null]);
  assert.ok(typeof r.auc.small === 'number' && r.auc.small > 0.5, `AUC small ${r.auc.small}`);
  assert.ok(r.accuracy > 0 && r.accuracy <= 1);
  assert.deepEqual(r.confusion[2], [0, 0, 0]);
  assert.match(e.err, /the AUC of 'large' is undefined/);
  const text = sizefit('evaluate', '--model', dir, '--dataset', file, '--samples', '50');
  assert.equal(text.code, 0, text.err);
  assert.match(text.out, /avg AUC undefined/);
  assert.match(text.out, /large undefined/);
});

test('an output that cannot be written gets a one-line error naming the path, and no hang', () => {
  const dir = trainedModel();
  const missing = join(tmp, 'no-such-dir', 'pred.csv');
  const p = sizefit('predict', '--model', dir, '--dataset', heldOutPath, '--out', missing);
  assert.equal(p.code, 2);
  assert.equal(p.err.trim().split('\n').length, 1, p.err);
  assert.match(p.err, /^sizefit predict: --out .*no-such-dir\/pred\.csv: the directory .*no-such-dir does not exist/);
  const d = sizefit('predict', '--model', dir, '--dataset', heldOutPath, '--out', tmp);
  assert.equal(d.code, 2);
  assert.match(d.err, /is a directory; give a file name/);
  if (existsSync('/proc/self')) {
    // Node's recursive mkdir loops forever under /proc; the model writer must fail instead.
    const r = spawnSync(process.execPath, [bin, 'train', '--dataset', sample, '--model', 'prior', '--out', '/proc/x'], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.equal(r.signal, null, 'train returned (no timeout)');
    assert.equal(r.status, 1);
    // the staging directory beside the target (`.x.tmp-PID` before, `.sizefit-tmp-PID-HEX` now)
    assert.match(
      r.stderr,
      /sizefit train: ENOENT: no such file or directory, mkdir '\/proc\/\.(x\.tmp|sizefit-tmp)-\d+/,
    );
  }
});

test('a file without any usable record: evaluate and predict name the file and the first problem, exit 1', () => {
  const dir = trainedModel();
  const junk = join(tmp, 'junk.jsonl');
  writeFileSync(junk, 'garbage\n{"size": 4}\n');
  const e = sizefit('evaluate', '--model', dir, '--dataset', junk, '--json');
  assert.equal(e.code, 1);
  assert.equal(e.out, '');
  assert.match(e.err, /junk\.jsonl: no labelled record to score \(2 non-blank lines, 2 left out; first: line 1: /);
  const empty = join(tmp, 'empty.jsonl');
  writeFileSync(empty, '\n');
  const p = sizefit('predict', '--model', dir, '--dataset', empty, '--out', join(tmp, 'empty.csv'));
  assert.equal(p.code, 1);
  assert.match(p.err, /empty\.jsonl: no record to score \(0 non-blank lines, 0 left out\)/);
  assert.ok(!existsSync(join(tmp, 'empty.csv')), 'nothing written');
});

test('a model reads files in the format of its training data; unknown fields and problems are reported, not fatal', () => {
  // A RentTheRunway-format model on a ModCloth-format file and back: the other format's keys are unknown
  // fields (said on stderr, ignored), so the records score from what the two formats share (before: "has no
  // column 'hips'", exit 2).
  const mcFile = modclothLike();
  const rtrModel = join(tmp, 'logistic-rtr-format');
  assert.equal(sizefit('train', '--dataset', sample, '--model', 'logistic', '--out', rtrModel).code, 0);
  const mcModel = join(tmp, 'logistic-modcloth-format');
  assert.equal(sizefit('train', '--dataset', mcFile, '--model', 'logistic', '--out', mcModel).code, 0);
  const a = sizefit('evaluate', '--model', rtrModel, '--dataset', mcFile, '--json', '--samples', '50');
  assert.equal(a.code, 0, a.err);
  assert.equal((JSON.parse(a.out) as { records: number }).records, 600);
  assert.match(
    a.err,
    /fields unknown to the model's record format \(renttherunway\) ignored: .*'hips' \(600 records\)/,
  );
  assert.match(a.err, /the file looks like modcloth records, the model was trained on renttherunway records/);
  const csv = join(tmp, 'pred-cross.csv');
  const b = sizefit('predict', '--model', mcModel, '--dataset', heldOutPath, '--out', csv);
  assert.equal(b.code, 0, b.err);
  assert.match(
    b.err,
    /unknown to the model's record format \(modcloth\) ignored: .*'weight'.*looks like renttherunway/,
  );
  assert.equal(readFileSync(csv, 'utf8').trim().split('\n').length - 1, 402);
  // Per-record problems of a file in the right format: counted by kind, with the first one.
  const c = sizefit('evaluate', '--model', rtrModel, '--dataset', heldOutPath, '--samples', '50');
  assert.equal(c.code, 0, c.err);
  assert.match(c.err, /sizefit evaluate: \d+ problems in .*held-out\.jsonl \(.*\d+ unparseable.*\); first: line \d+: /);
  // The sample's own extra keys (brand, size system...) are unknown to a model trained on it by path.
  assert.match(c.err, /unknown to the model's record format \(renttherunway\) ignored: 'brand' \(400 records\)/);
  assert.doesNotMatch(c.err, /looks like/);
});

test('train checks --out and the records before any work; a JSON array gets a hint', () => {
  const dir = trainedModel();
  const busy = sizefit('train', '--dataset', sample, '--model', 'logistic', '--out', dir);
  assert.equal(busy.code, 2);
  assert.match(busy.err, /exists and is not empty/);
  assert.doesNotMatch(busy.err, /labelled rows from/, 'refused before loading the data');
  const asFile = sizefit('train', '--dataset', sample, '--model', 'prior', '--out', heldOutPath);
  assert.equal(asFile.code, 2);
  assert.match(asFile.err, /held-out\.jsonl is a file, not a model directory/);
  const array = join(tmp, 'array.json');
  writeFileSync(array, JSON.stringify(lines.slice(0, 5).map((l) => JSON.parse(l) as unknown)) + '\n');
  const out = join(tmp, 'from-array');
  const t = sizefit('train', '--dataset', array, '--model', 'logistic', '--out', out);
  assert.equal(t.code, 1);
  assert.match(t.err, /array\.json: no labelled record to train on \(1 non-blank lines, 1 left out; first: line 1: /);
  assert.match(t.err, /the file looks like one JSON array: sizefit reads JSON lines/);
  assert.ok(!existsSync(out), 'no model written');
  const cv = sizefit('cv', '--dataset', array, '--model', 'prior');
  assert.equal(cv.code, 1);
  assert.match(cv.err, /no labelled record to train on/);
  const flags = sizefit('flags', '--dataset', array);
  assert.equal(flags.code, 1);
  assert.match(flags.err, /no labelled record to compare articles with/);
});

test('a typo in an option is a usage error, not a silent default', () => {
  const r = sizefit('evaluate', '--model', trainedModel(), '--dataset', heldOutPath, '--sample', '5');
  assert.equal(r.code, 2);
  assert.match(r.err, /unknown option --sample \(did you mean --samples\?\)/);
  const t = sizefit('train', '--dataset', sample, 'extra', '--model', 'prior', '--out', join(tmp, 'never'));
  assert.equal(t.code, 2);
  assert.match(t.err, /unexpected argument 'extra'/);
  const s = sizefit('train', '--dataset', sample, '--model', 'prior', '--seed=', '--out', join(tmp, 'never'));
  assert.equal(s.code, 2);
  assert.match(s.err, /--seed needs a value/);
  assert.ok(!existsSync(join(tmp, 'never')));
});

test('train says which fields it ignores; evaluate on the training file says its figures are in-sample', () => {
  // Before: train dropped the sample's extra fields without a word (evaluate and predict listed them), and
  // evaluate scored the training file as if it were held out.
  const dir = join(tmp, 'prior-in-sample');
  const t = sizefit('train', '--dataset', sample, '--model', 'prior', '--out', dir);
  assert.equal(t.code, 0, t.err);
  assert.match(
    t.err,
    /sizefit train: 5 fields unknown to the model's record format \(renttherunway\) ignored: 'brand'/,
  );
  const same = sizefit('evaluate', '--model', dir, '--dataset', sample);
  assert.equal(same.code, 0, same.err);
  assert.match(same.err, /is the model's training data \(same sha256\): these are in-sample figures/);
  const other = sizefit('evaluate', '--model', dir, '--dataset', heldOutPath);
  assert.equal(other.code, 0, other.err);
  assert.doesNotMatch(other.err, /in-sample/);
});
