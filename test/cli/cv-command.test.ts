// `sizefit cv` through the built binary: K-fold cross-validation of a catalog model.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StratifiedKFold, catalogEntry, evaluateProbabilities, loadDataset, readFitDataFile } from '../../lib/index.js';
import { runCli } from '../../lib/cli/run-cli.js';
import { cvCommand } from '../../lib/cli/cv-command.js';
import type { CommandIO } from '../../lib/cli/command.js';
import { tempDir } from '../temp-dir.js';
import { inventedRecords } from './invented-records.js';
import { writeTruncatedGzip } from '../data/truncated-gzip-file.js';

function capture(): CommandIO & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t) };
}

const bin = 'lib/dist/cli/main.js';
const sample = 'datasets/sample/sample.jsonl';

function sizefit(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

interface CvJson {
  model: string;
  dataset: { records: number };
  folds: { fold: number; train: number; test: number; avgAuc: number | null }[];
  foldAvgAuc: { mean: number; sd: number; folds: number };
  pooled: {
    records: number;
    avgAuc: number;
    avgAucCi: [number, number];
    avgAucCiResamples: { used: number; dropped: number };
    auc: Record<string, number>;
  };
}

test('sizefit cv: every row scored once by a model that never saw it; pooled metrics match the library', async () => {
  const r = sizefit(
    'cv',
    '--dataset',
    sample,
    '--model',
    'logistic',
    '--folds',
    '3',
    '--seed',
    '4',
    '--samples',
    '200',
    '--json',
  );
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out) as CvJson;
  const { dataset } = await loadDataset(sample);
  assert.equal(j.model, 'logistic');
  assert.equal(j.dataset.records, dataset.length);
  assert.equal(j.folds.length, 3);
  assert.equal(
    j.folds.reduce((s, f) => s + f.test, 0),
    dataset.length,
  );
  for (const f of j.folds) assert.equal(f.train + f.test, dataset.length);
  const mean = j.folds.reduce((s, f) => s + f.avgAuc!, 0) / 3;
  assert.ok(Math.abs(j.foldAvgAuc.mean - mean) < 1e-12);
  assert.equal(j.foldAvgAuc.folds, 3);
  assert.ok(j.pooled.avgAucCi[0] <= j.pooled.avgAuc && j.pooled.avgAuc <= j.pooled.avgAucCi[1]);
  assert.match(r.err, /fold 3\/3: \d+ training rows/);
  // The same folds and models through the library give the same pooled average AUC.
  const y = dataset.categories('fit').codes;
  const oof = new Float64Array(dataset.length * 3);
  for (const [f, fold] of new StratifiedKFold({ k: 3, seed: 4 }).split(dataset.length, y).entries()) {
    const m = catalogEntry('logistic').create({ seed: 4 + f });
    await m.fit(dataset.take(fold.train));
    const P = m.predictProba(dataset.take(fold.test));
    fold.test.forEach((row, i) => oof.set(P.subarray(i * 3, i * 3 + 3), row * 3));
  }
  const lib = evaluateProbabilities(y, oof, { samples: 0 });
  assert.ok(Math.abs(lib.avgAuc - j.pooled.avgAuc) < 1e-12, `${lib.avgAuc} vs ${j.pooled.avgAuc}`);
  assert.ok(j.pooled.avgAuc > 0.6, 'the logistic model beats chance on the sample');
});

test('sizefit cv: text output and bad arguments', () => {
  const t = sizefit('cv', '--dataset', sample, '--model', 'prior', '--folds', '2', '--samples', '50');
  assert.equal(t.code, 0, t.err);
  assert.match(t.out, /prior, 2-fold cross-validation/);
  assert.match(t.out, /3,000 labelled records \(\d+ problems?, 0 lines left out\)/);
  assert.match(t.out, /pooled {2}avg AUC 0\.\d{4} {2}95% CI \[/);
  const a = sizefit('cv', '--dataset', sample, '--model', 'logistic', '--folds', '1');
  assert.equal(a.code, 2);
  assert.match(a.err, /--folds must be >= 2, got '1'/);
  const b = sizefit('cv', '--dataset', sample, '--model', 'no-such');
  assert.equal(b.code, 2);
  assert.match(b.err, /unknown model 'no-such'/);
  const c = sizefit('cv', '--model', 'prior');
  assert.equal(c.code, 2);
  assert.match(c.err, /--dataset is required/);
});

test('sizefit cv: folds are stratified, so the class-share model pools to chance, not below it', () => {
  // With plain folds each fold's constant prediction runs against its own label mix: 0.454 on the sample.
  const r = sizefit('cv', '--dataset', sample, '--model', 'prior', '--folds', '10', '--samples', '50', '--json');
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out) as CvJson;
  assert.equal(j.foldAvgAuc.mean, 0.5);
  assert.ok(Math.abs(j.pooled.avgAuc - 0.5) < 0.01, `pooled ${j.pooled.avgAuc}`);
  const sizes = j.folds.map((f) => f.test);
  assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 1, 'fold sizes differ by at most one row');
});

test('sizefit cv: a fold without a row of some class has a null avg AUC, left out of the fold mean', (ctx) => {
  // 3 'large' rows in 60: with 5 folds, some test folds have no 'large' row.
  const lines = readFileSync(sample, 'utf8').trim().split('\n');
  const fitOf = (l: string): string => (JSON.parse(l) as { fit: string }).fit;
  const rows = [
    ...lines.filter((l) => fitOf(l) === 'large').slice(0, 3),
    ...lines.filter((l) => fitOf(l) !== 'large').slice(0, 57),
  ];
  const file = join(tempDir(ctx, 'sizefit-cv-'), 'tiny.jsonl');
  writeFileSync(file, rows.join('\n') + '\n');
  const r = sizefit('cv', '--dataset', file, '--model', 'logistic', '--folds', '5', '--samples', '50', '--json');
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out) as CvJson;
  const defined = j.folds.map((f) => f.avgAuc).filter((v): v is number => v !== null);
  assert.ok(defined.length < 5, 'some folds lack a class');
  assert.equal(j.foldAvgAuc.folds, defined.length);
  if (defined.length > 0) {
    const mean = defined.reduce((a, b) => a + b, 0) / defined.length;
    assert.ok(Math.abs(j.foldAvgAuc.mean - mean) < 1e-12);
  }
  assert.equal(typeof j.pooled.avgAuc, 'number', 'every class has rows in the whole file');
  assert.match(r.err, /a class has no row in this fold, so its AUC is undefined/);
  const t = sizefit('cv', '--dataset', file, '--model', 'logistic', '--folds', '5', '--samples', '50');
  assert.equal(t.code, 0, t.err);
  assert.match(t.out, new RegExp(`over ${defined.length} of 5 folds: the others lack a class`));
});

test('sizefit cv on a file without a class: pooled avg AUC null, and stderr names the class', (ctx) => {
  // Before: exit 0 with "pooled avg AUC undefined" and no word on why.
  const lines = readFileSync(sample, 'utf8').trim().split('\n');
  const rows = lines.filter((l) => (JSON.parse(l) as { fit: string }).fit !== 'large').slice(0, 300);
  const file = join(tempDir(ctx, 'sizefit-cv-'), 'no-large.jsonl');
  writeFileSync(file, rows.join('\n') + '\n');
  const r = sizefit('cv', '--dataset', file, '--model', 'logistic', '--folds', '3', '--samples', '50', '--json');
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out) as CvJson;
  assert.equal(j.pooled.avgAuc, null);
  assert.equal(j.pooled.auc.large, null);
  assert.equal(typeof j.pooled.auc.small, 'number');
  assert.match(r.err, /the AUC of 'large' is undefined \(the labelled rows have no row of that class/);
  assert.doesNotMatch(r.err, /'small'|'fit'/);
});

test('sizefit cv refuses a truncated gzip file (in process): exit 1 naming the file, the cut line and the records read', async (t) => {
  // Before: exit 0 and the cross-validation of the lines before the cut, as if of the file.
  const dir = tempDir(t, 'sizefit-cv-trunc-');
  const f = writeTruncatedGzip(dir);
  const records = (await readFitDataFile(f.cut)).dataset.length;
  const io = capture();
  assert.equal(await runCli(['cv', '--dataset', f.cut, '--model', 'prior', '--folds', '2', '--json'], io), 1);
  assert.deepEqual(io.stdout, []);
  assert.deepEqual(io.stderr, [
    `sizefit cv: ${f.cut} is a truncated gzip: its stream is cut after line ${f.afterLine.toLocaleString('en-US')} ` +
      `(${records.toLocaleString('en-US')} records read, ${f.inflatedBytes.toLocaleString('en-US')} bytes of text); ` +
      `refusing to cross-validate on part of a file: download or copy the whole file again ` +
      `(\`sizefit data stats --dataset ${f.cut}\` shows what can be read)`,
  ]);
  const ok = capture();
  assert.equal(await runCli(['cv', '--dataset', f.whole, '--model', 'prior', '--folds', '2', '--json'], ok), 0);
  assert.equal(JSON.parse(ok.stdout[0]).dataset.records, f.lines);
});

test('sizefit cv text report (in process): one stdout line per fold, numbered from 1, as the --json folds', async (t) => {
  // Before: the per-fold avg AUCs were only progress on stderr; `2>/dev/null` kept the mean and sd alone.
  const args = ['cv', '--dataset', sample, '--model', 'logistic', '--folds', '3', '--seed', '4', '--samples', '50'];
  const text = capture();
  assert.equal(await runCli(args, text), 0, text.stderr.join('\n'));
  const json = capture();
  assert.equal(await runCli([...args, '--json'], json), 0, json.stderr.join('\n'));
  const j = JSON.parse(json.stdout[0]) as CvJson;
  assert.deepEqual(
    j.folds.map((f) => f.fold),
    [0, 1, 2],
    '--json counts folds from 0, as its usage says',
  );
  assert.match(cvCommand.usage, /folds\[\]\.fold counts from 0 \(the fold\s+printed as fold 1 is fold 0/);
  const foldLines = text.stdout.filter((l) => l.startsWith('fold '));
  assert.deepEqual(
    foldLines,
    j.folds.map(
      (f) =>
        `fold ${f.fold + 1}  avg AUC ${f.avgAuc!.toFixed(4)} on ${f.test.toLocaleString('en-US')} rows ` +
        `(${f.train.toLocaleString('en-US')} training rows)`,
    ),
  );
  // the fold lines stand between the dataset line and the mean over folds
  const at = text.stdout.indexOf(foldLines[0]);
  assert.match(text.stdout[at - 1], /^dataset /);
  assert.match(text.stdout[at + 3], /^folds {3}avg AUC mean /);
  // a fold without a row of some class says so on its line (3 'large' rows in 60, 5 folds)
  const lines = readFileSync(sample, 'utf8').trim().split('\n');
  const fitOf = (l: string): string => (JSON.parse(l) as { fit: string }).fit;
  const rows = [
    ...lines.filter((l) => fitOf(l) === 'large').slice(0, 3),
    ...lines.filter((l) => fitOf(l) !== 'large').slice(0, 57),
  ];
  const file = join(tempDir(t, 'sizefit-cv-text-'), 'tiny.jsonl');
  writeFileSync(file, rows.join('\n') + '\n');
  const tiny = capture();
  assert.equal(await runCli(['cv', '--dataset', file, '--model', 'prior', '--folds', '5', '--samples', '50'], tiny), 0);
  const tinyFolds = tiny.stdout.filter((l) => l.startsWith('fold '));
  assert.equal(tinyFolds.length, 5);
  assert.ok(
    tinyFolds.some((l) => /^fold \d {2}avg AUC undefined on 12 rows \(48 training rows\); a class has no row/.test(l)),
  );
});

test('sizefit cv (in process) says how many pooled resamples lacked a class and were dropped, only when some were', async (t) => {
  // Before: --json had the pooled interval without avgAucCiResamples, and the text said nothing of the resamples
  // dropped: with one 'large' row in 40, about a third of them, the interval was over the others only.
  const tmp = tempDir(t, 'sizefit-cv-resamples-');
  const FITS = ['small', 'fit', 'large'];
  const rare = join(tmp, 'rare.jsonl');
  const even = join(tmp, 'even.jsonl');
  writeFileSync(rare, inventedRecords(Array.from({ length: 40 }, (_, i) => (i === 0 ? 'large' : FITS[i % 2]))));
  writeFileSync(even, inventedRecords(Array.from({ length: 90 }, (_, i) => FITS[i % 3])));
  const args = (file: string): string[] => [
    'cv',
    '--dataset',
    file,
    '--model',
    'prior',
    '--folds',
    '2',
    '--samples',
    '500',
  ];

  const json = capture();
  assert.equal(await runCli([...args(rare), '--json'], json), 0, json.stderr.join('\n'));
  const j = JSON.parse(json.stdout[0]) as CvJson;
  assert.ok(j.pooled.avgAucCiResamples, 'pooled.avgAucCiResamples in --json');
  const { used, dropped } = j.pooled.avgAucCiResamples;
  assert.equal(used + dropped, 500);
  // A resample lacks the one 'large' row with probability (1 - 1/40)^40 = 0.363: 182 of 500, sd 10.8.
  assert.ok(Math.abs(dropped - 500 * (1 - 1 / 40) ** 40) < 4 * 10.8, `dropped ${dropped}`);

  const text = capture();
  assert.equal(await runCli(args(rare), text), 0, text.stderr.join('\n'));
  const at = text.stdout.findIndex((l) => l.startsWith('pooled  avg AUC '));
  assert.ok(at >= 0, text.stdout.join('\n'));
  assert.deepEqual(text.stdout.slice(at + 1, at + 2), [
    `        (interval over ${used} of 500 resamples: ${dropped} lacked a class and were dropped)`,
  ]);
  assert.equal(text.stdout.filter((l) => l.includes('resamples:')).length, 1);

  const ordinary = capture();
  assert.equal(await runCli([...args(even), '--json'], ordinary), 0, ordinary.stderr.join('\n'));
  assert.deepEqual((JSON.parse(ordinary.stdout[0]) as CvJson).pooled.avgAucCiResamples, { used: 500, dropped: 0 });
  const quiet = capture();
  assert.equal(await runCli(args(even), quiet), 0, quiet.stderr.join('\n'));
  assert.ok(
    quiet.stdout.every((l) => !l.includes('resamples:')),
    'nothing said when no resample was dropped',
  );
});
