// The reading notes of a scored file name the format the file was read in as the model's only when it is the
// model's (its training data's): for a model trained on data in no record format, the format came from the file
// (or a named dataset), and the notes say so. Every record here is invented.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readFitDataFile } from '../../lib/index.js';
import { readingNotes } from '../../lib/cli/reading-notes.js';
import { runCli } from '../../lib/cli/run-cli.js';
import { tempDir } from '../temp-dir.js';
import { generatedLines, writeTruncatedGzip } from '../data/truncated-gzip-file.js';
import { syntheticModelDir } from '../serve/serve-fixtures.js';

const FITS = ['small', 'fit', 'large'];

/** ModCloth records, each with a field no format knows (`promo code`). */
const modcloth = Array.from({ length: 9 }, (_, i) =>
  JSON.stringify({
    item_id: String(500 + (i % 3)),
    waist: String(26 + i),
    size: 4 + i,
    'cup size': ['a', 'b', 'c'][i % 3],
    hips: String(34 + i),
    'bra size': String(32 + 2 * (i % 3)),
    category: 'new',
    height: `5ft ${2 + i}in`,
    'promo code': 'SPRING',
    fit: FITS[i % 3],
    user_id: String(9000 + i),
  }),
);

test('predict with a model trained on synthetic data: unknown fields are said to be unknown to the format the file was read in', async (t) => {
  // Before: "1 field unknown to the model's record format (modcloth) ignored": the model's training data is
  // 'sizefit-synthetic', no record format; modcloth is the format the file's fields show.
  const tmp = tempDir(t, 'sizefit-reading-notes-');
  const dir = await syntheticModelDir(tmp);
  const file = join(tmp, 'modcloth.jsonl');
  writeFileSync(file, modcloth.join('\n') + '\n');
  const err: string[] = [];
  const code = await runCli(['predict', '--model', dir, '--dataset', file, '--out', join(tmp, 'p.csv')], {
    out: () => {},
    err: (line) => err.push(line),
  });
  const stderr = err.join('\n');
  assert.equal(code, 0, stderr);
  assert.ok(
    stderr.includes(
      "sizefit predict: 1 field unknown to the record format the file was read in (modcloth) ignored: 'promo code' (9 records)",
    ),
    stderr,
  );
  assert.doesNotMatch(stderr, /model's record format|the model was trained on/);
});

test("readingNotes names the model's record format only when the file was read in it", async (t) => {
  // A ModCloth file read as RentTheRunway records: its ModCloth keys are unknown and say which format it looks like.
  const tmp = tempDir(t, 'sizefit-reading-notes-');
  const file = join(tmp, 'modcloth.jsonl');
  writeFileSync(file, modcloth.join('\n') + '\n');
  const { report } = await readFitDataFile(file, { format: 'renttherunway' });
  assert.equal(report.format, 'renttherunway');

  const fromModel = readingNotes(report, report.format, 'model');
  assert.deepEqual(fromModel, readingNotes(report, report.format), "'model' is the default");
  assert.equal(fromModel.length, 1);
  assert.match(fromModel[0], /unknown to the model's record format \(renttherunway\) ignored: /);
  assert.match(fromModel[0], /; the file looks like modcloth records, the model was trained on renttherunway records$/);

  for (const from of ['fields', 'default', 'dataset'] as const) {
    const notes = readingNotes(report, report.format, from);
    assert.equal(notes.length, 1, from);
    assert.match(notes[0], /unknown to the record format the file was read in \(renttherunway\) ignored: /, from);
    assert.match(notes[0], /; the file looks like modcloth records$/, from);
    assert.doesNotMatch(notes[0], /model/, from);
  }
});

test('readingNotes of a truncated gzip file say first that only its first lines were read; predict proceeds with it', async (t) => {
  // Before: the truncation was only "1 truncated-gzip" in the list of problem kinds, after the first other problem.
  const tmp = tempDir(t, 'sizefit-reading-notes-');
  const lines = generatedLines(400).map((l, i) => (i < 30 ? l.replace('"size"', '"age": 150, "size"') : l));
  const f = writeTruncatedGzip(tmp, 'ages', lines);
  const { report } = await readFitDataFile(f.cut);
  const n = f.afterLine.toLocaleString('en-US');
  const note = `${f.cut} is a truncated gzip: only the first ${n} lines were read (${n} records kept); the rest of the file is missing`;
  const notes = readingNotes(report, report.format);
  assert.equal(notes[0], note);
  assert.match(notes[1], /problems in .* \(30 out-of-range, 1 truncated-gzip\); first: line 1: age/);
  assert.deepEqual(
    readingNotes((await readFitDataFile(f.whole)).report, report.format).length,
    1,
    'no note on the whole file but its problems',
  );

  const model = join(tmp, 'model');
  assert.equal(
    await runCli(['train', '--dataset', f.whole, '--model', 'prior', '--out', model], { out: () => {}, err: () => {} }),
    0,
  );
  const err: string[] = [];
  const out = join(tmp, 'p.csv');
  const code = await runCli(['predict', '--model', model, '--dataset', f.cut, '--out', out], {
    out: () => {},
    err: (line) => err.push(line),
  });
  assert.equal(code, 0, err.join('\n'));
  assert.equal(err[0], `sizefit predict: ${note}`);
  assert.equal(
    readFileSync(out, 'utf8').trim().split('\n').length,
    f.afterLine + 1,
    'a row per line read, and the header',
  );
});
