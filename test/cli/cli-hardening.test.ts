// CLI defects found in review, through the built `sizefit` binary: predict --out never destroys a file it did not
// finish (nor the input or the model), hostile strings from data files stay printable, numeric options are
// bounded before they crash deep in the work, and messages say what happened.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const bin = resolve('lib/dist/cli/main.js');
const sample = resolve('datasets/sample/sample.jsonl');
const tmp = mkdtempSync(join(tmpdir(), 'sizefit-hardening-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
const model = join(tmp, 'model');
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/; // control characters other than tab and newline

function sizefit(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** The prior model trained on the sample, once. */
function trainedModel(): string {
  if (!readdirSync(tmp).includes('model')) {
    const t = sizefit('train', '--dataset', sample, '--model', 'prior', '--out', model);
    assert.equal(t.code, 0, t.err);
  }
  return model;
}

test('predict --out: a failed write leaves an existing file as it was, names the path and leaves no temporary file', () => {
  const dir = trainedModel();
  const outDir = join(tmp, 'full');
  mkdirSync(outDir);
  const out = join(outDir, 'predictions.csv');
  writeFileSync(out, 'previous results\n');
  // A file size limit of 8 KiB makes the write fail (EFBIG) partway, as a full disk would.
  const r = spawnSync(
    'bash',
    [
      '-c',
      'ulimit -f 8; exec "$0" "$@"',
      process.execPath,
      bin,
      'predict',
      '--model',
      dir,
      '--dataset',
      sample,
      '--out',
      out,
    ],
    {
      encoding: 'utf8',
    },
  );
  assert.equal(r.status, 1, r.stderr);
  assert.match(
    r.stderr,
    new RegExp(`sizefit predict: --out ${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: could not write`),
  );
  assert.match(r.stderr, /EFBIG/);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  assert.equal(readFileSync(out, 'utf8'), 'previous results\n');
  assert.deepEqual(readdirSync(outDir), ['predictions.csv']);
  // Without the limit it replaces the file with every prediction.
  const ok = sizefit('predict', '--model', dir, '--dataset', sample, '--out', out);
  assert.equal(ok.code, 0, ok.err);
  assert.equal(readFileSync(out, 'utf8').trim().split('\n').length, 3001);
  assert.deepEqual(readdirSync(outDir), ['predictions.csv']);
  // an --out that is a link: the file it points to gets the predictions, keeping its mode, and the link stays
  // (before: the link was replaced by a regular file)
  chmodSync(out, 0o640);
  const link = join(outDir, 'latest.csv');
  symlinkSync(out, link);
  writeFileSync(out, 'stale\n');
  const viaLink = sizefit('predict', '--model', dir, '--dataset', sample, '--out', link);
  assert.equal(viaLink.code, 0, viaLink.err);
  assert.ok(lstatSync(link).isSymbolicLink());
  assert.equal(readFileSync(out, 'utf8').trim().split('\n').length, 3001);
  assert.equal(statSync(out).mode & 0o777, 0o640);
});

test('predict --out refuses the --dataset file (also through a link), a path in the --model directory and a trailing separator', () => {
  const dir = trainedModel();
  const input = join(tmp, 'input.jsonl');
  copyFileSync(sample, input);
  const link = join(tmp, 'link.jsonl');
  symlinkSync(input, link);
  const before = readFileSync(input, 'utf8');
  for (const out of [input, link]) {
    const r = sizefit('predict', '--model', dir, '--dataset', input, '--out', out);
    assert.equal(r.code, 2, r.err);
    assert.match(r.err, /^sizefit predict: --out \S+ is the --dataset input file \S+; write elsewhere\n$/);
    assert.equal(readFileSync(input, 'utf8'), before);
  }
  const manifest = readFileSync(join(dir, 'manifest.json'), 'utf8');
  for (const out of [join(dir, 'manifest.json'), join(dir, 'predictions.csv')]) {
    const r = sizefit('predict', '--model', dir, '--dataset', sample, '--out', out);
    assert.equal(r.code, 2, r.err);
    assert.match(r.err, /^sizefit predict: --out \S+ lies inside the --model directory \S+; write elsewhere\n$/);
  }
  assert.equal(readFileSync(join(dir, 'manifest.json'), 'utf8'), manifest);
  const slash = sizefit('predict', '--model', dir, '--dataset', sample, '--out', join(tmp, 'newdir') + '/');
  assert.equal(slash.code, 2, slash.err);
  assert.match(slash.err, /^sizefit predict: --out \S+newdir\/ ends with a path separator; give a file name\n$/);
});

test('field names and JSON excerpts with control characters are printed escaped', () => {
  const dir = trainedModel();
  const lines = readFileSync(sample, 'utf8').trim().split('\n').slice(0, 20);
  const hostile = join(tmp, 'hostile.jsonl');
  writeFileSync(
    hostile,
    [
      ...lines.map((l) => l.replace(/^\{/, '{"\\u001b[31mred\\u0007\\nfield": 1, ')),
      '{"fit": "fit", \u001b]0;title\u0007 \u001b[2J',
    ].join('\n') + '\n',
  );
  const p = sizefit('predict', '--model', dir, '--dataset', hostile, '--out', join(tmp, 'h.csv'));
  assert.equal(p.code, 0, p.err);
  assert.match(p.err, /\\u001b\[31mred\\u0007\\u000afield/);
  assert.doesNotMatch(p.err, CONTROL);
  const s = sizefit('data', 'stats', '--dataset', hostile);
  assert.equal(s.code, 0, s.err);
  assert.match(s.out, /unknown field '\\u001b\[31mred\\u0007\\u000afield'/);
  assert.doesNotMatch(s.out, CONTROL);
  // A file with no record: the error of train (require-records) quotes the first problem, escaped.
  const bad = join(tmp, 'bad.jsonl');
  writeFileSync(bad, '{"fit": \u001b[2J\u0007\n');
  const t = sizefit('train', '--dataset', bad, '--model', 'prior', '--out', join(tmp, 'never'));
  assert.equal(t.code, 1, t.err);
  assert.match(t.err, /no labelled record to train on .*first: line 1: not valid JSON/);
  assert.doesNotMatch(t.err, CONTROL);
});

test('--samples is bounded in evaluate and cv, --seed in cv so that seed + fold stays exact', () => {
  const dir = trainedModel();
  const huge = String(Number.MAX_SAFE_INTEGER);
  const e = sizefit('evaluate', '--model', dir, '--dataset', sample, '--samples', huge);
  assert.equal(e.code, 2, e.err);
  assert.match(e.err, /^sizefit evaluate: --samples must be between 10 and 100000, got '9007199254740991'\n$/);
  const c = sizefit('cv', '--dataset', sample, '--model', 'prior', '--folds', '3', '--samples', huge);
  assert.equal(c.code, 2, c.err);
  assert.match(c.err, /^sizefit cv: --samples must be between 10 and 100000, got '9007199254740991'\n$/);
  const s = sizefit('cv', '--dataset', sample, '--model', 'prior', '--folds', '3', '--seed', huge);
  assert.equal(s.code, 2, s.err);
  // seed + fold, and the offsets catalog models add to it (best: + 2), stay safe: at most MAX_SAFE_INTEGER - 16 - (k - 1)
  const max = Number.MAX_SAFE_INTEGER - 16 - 2;
  assert.match(s.err, new RegExp(`^sizefit cv: --seed must be between 0 and ${max}, got '9007199254740991'\\n$`));
  const edge = sizefit(
    'cv',
    '--dataset',
    sample,
    '--model',
    'prior',
    '--folds',
    '3',
    '--samples',
    '10',
    '--seed',
    String(max),
  );
  assert.equal(edge.code, 0, edge.err);
  assert.match(edge.err, /fold 3\/3/);
  // best at the largest seed trains every fold (before: fold 4 of 5 failed on its third forest's seed)
  const best = sizefit(
    'cv',
    '--dataset',
    sample,
    '--model',
    'best',
    '--folds',
    '2',
    '--samples',
    '10',
    '--seed',
    String(Number.MAX_SAFE_INTEGER - 17),
  );
  assert.equal(best.code, 0, best.err);
  assert.match(best.err, /fold 2\/2/);
  const t = sizefit(
    'train',
    '--dataset',
    sample,
    '--model',
    'best',
    '--seed',
    String(Number.MAX_SAFE_INTEGER - 15),
    '--out',
    join(tmp, 'seed'),
  );
  assert.equal(t.code, 2, t.err);
  assert.match(t.err, /--seed must be between 0 and 9007199254740975/);
});

test('flags --prior-strength is bounded: a huge or subnormal strength is a usage error', () => {
  for (const v of ['1e308', '5e-324', '0']) {
    const r = sizefit('flags', '--dataset', sample, '--prior-strength', v);
    assert.equal(r.code, 2, r.err);
    assert.match(
      r.err,
      new RegExp(`^sizefit flags: --prior-strength must be between 0.000001 and 1000000, got '${v}'\\n$`),
    );
  }
  assert.equal(sizefit('flags', '--dataset', sample, '--prior-strength', '1e6').code, 0);
});

test('messages: one labelled record, a file of unlabelled records, a directory as --dataset, recommend help', () => {
  const dir = trainedModel();
  const lines = readFileSync(sample, 'utf8').trim().split('\n');
  const one = join(tmp, 'one.jsonl');
  writeFileSync(one, lines[0] + '\n');
  const e = sizefit('evaluate', '--model', dir, '--dataset', one, '--samples', '10');
  assert.equal(e.code, 0, e.err);
  assert.match(e.out, /: 1 labelled record scored$/m);
  const unl = join(tmp, 'unlabelled.jsonl');
  writeFileSync(
    unl,
    lines
      .slice(0, 4)
      .map((l) => l.replace(/"fit": "\w+", /, ''))
      .join('\n') + '\n{"fit":\n',
  );
  const u = sizefit('data', 'stats', '--dataset', unl);
  assert.equal(u.code, 1, u.err);
  assert.match(
    u.err,
    /^sizefit data stats: no labelled record in \S+unlabelled\.jsonl: 4 records read, none with a valid fit label; 1 other line left out\n$/,
  );
  const d = sizefit('data', 'stats', '--dataset', tmp);
  assert.equal(d.code, 1, d.err);
  assert.match(d.err, /and \S+ is a directory: give a JSON-lines file\n$/);
  assert.doesNotMatch(d.err, /no file at/);
  const h = sizefit('recommend', '--help');
  assert.match(
    h.out.replace(/\s+/g, ' '),
    /an unseen customer and an unknown article together, even with body fields and --sizes/,
  );
  const r = sizefit(
    'recommend',
    '--model',
    dir,
    '--user',
    'u-new',
    '--item',
    'i-new',
    '--sizes',
    '4,6',
    '--height',
    '170cm',
  );
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^no advice: neither the customer nor the article has any purchase history$/m);
});

test('an error message carrying control characters from a path or a command name prints them escaped', () => {
  // A model directory whose name holds an escape sequence and a bell: the error names it (before: raw, so the
  // terminal was recoloured).
  const odd = join(tmp, 'm\u001b[31mRED\u0007');
  const r = sizefit('evaluate', '--model', odd, '--dataset', sample);
  assert.notEqual(r.code, 0);
  assert.match(r.err, /m\\u001b\[31mRED\\u0007/);
  assert.doesNotMatch(r.err, CONTROL);
  const u = sizefit('ev\u001bil');
  assert.equal(u.code, 2);
  assert.match(u.err, /unknown command 'ev\\u001bil'/);
  assert.doesNotMatch(u.err, CONTROL);
});
