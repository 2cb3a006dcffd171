import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { flagsCommand } from '../../lib/cli/flags-command.js';
import { commands } from '../../lib/cli/commands.js';
import { tempDir } from '../temp-dir.js';

function capture(): { out: string[]; err: string[]; io: { out(t: string): void; err(t: string): void } } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (t) => out.push(t), err: (t) => err.push(t) } };
}

test('sizefit flags --dataset sample --json: flagged articles with evidence, registered as a command', async () => {
  assert.ok(commands.includes(flagsCommand));
  const c = capture();
  assert.equal(await flagsCommand.run(['--dataset', 'sample', '--json'], c.io), 0);
  const r = JSON.parse(c.out.join('')) as {
    articles: number;
    flagged: number;
    flags: {
      flag: string;
      interval: [number, number];
      baseline: number;
      baselineScope: string;
      counts: Record<string, number>;
    }[];
  };
  assert.equal(r.flags.length, r.flagged);
  assert.ok(r.flagged > 0 && r.flagged < r.articles);
  for (const f of r.flags) {
    assert.ok(f.baselineScope === 'category' || f.baselineScope === 'dataset');
    if (f.flag === 'runs-small') assert.ok(f.interval[0] > f.baseline && f.counts.small > f.counts.large);
    else assert.ok(f.flag === 'runs-large' && f.interval[1] < f.baseline && f.counts.large > f.counts.small);
  }
  const text = capture();
  assert.equal(await flagsCommand.run(['--dataset', 'sample'], text.io), 0);
  assert.match(text.out[0], /^sample: \d+ articles, \d+ run small, \d+ run large$/);
  await assert.rejects(
    () => flagsCommand.run(['--dataset', 'sample', '--level', 'x'], capture().io),
    /--level must be a number/,
  );
});

test('sizefit flags prints names from the data escaped, and no true-to-size article as running large', async (t) => {
  // Two gowns, one reported small 40 times, one fit 40 times; control sequences in the file name, a category and an
  // article id. A cut category must not split an escape either.
  const dir = tempDir(t, 'sizefit-flags-');
  const file = join(dir, 'evil\u001b[31m.jsonl');
  const row = (user: number, item: string, fit: string, category: string): string =>
    JSON.stringify({ fit, user_id: String(user), item_id: item, size: 8, category });
  const lines: string[] = [];
  for (let k = 0; k < 40; k++) lines.push(row(k, '111', 'small', '\u001b[2J\u001b[31mgown'));
  for (let k = 0; k < 40; k++) lines.push(row(k, '222', 'fit', '\u001b[2J\u001b[31mgown'));
  for (let k = 0; k < 10; k++) lines.push(row(k, '333\u001b]0;pwned\u0007', 'fit', 'dress'));
  writeFileSync(file, lines.join('\n') + '\n');
  const c = capture();
  assert.equal(await flagsCommand.run(['--dataset', file, '--all'], c.io), 0);
  const text = c.out.join('\n');
  assert.doesNotMatch(text, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
  assert.equal(c.out[0], 'evil\\u001b[31m.jsonl: 3 articles, 1 run small, 0 run large');
  assert.match(text, /^111 +\\u001b\[2J\\u0 +runs-small /m);
  assert.match(text, /^222 +\\u001b\[2J\\u0 +true-to-size /m);
  assert.match(text, /^333\\u001b\]0;pwned\\u0007 dress +true-to-size /m);
});

test('sizefit flags: with no other labelled article, no reference: not flagged, baseline none', async (t) => {
  // One article reported small 30 times (the reader drops unlabelled rows): there is no reference, so no flag (it
  // ran small against a uniform prior before); the text shows the baseline as none, the JSON as null.
  const dir = tempDir(t, 'sizefit-flags-');
  const file = join(dir, 'alone.jsonl');
  const lines: string[] = [];
  for (let k = 0; k < 30; k++)
    lines.push(JSON.stringify({ fit: 'small', user_id: String(k), item_id: '111', size: 8, category: 'gown' }));
  writeFileSync(file, lines.join('\n') + '\n');
  const c = capture();
  assert.equal(await flagsCommand.run(['--dataset', file, '--all'], c.io), 0);
  assert.equal(c.out[0], 'alone.jsonl: 1 articles, 0 run small, 0 run large');
  assert.match(c.out[2], /^111 +gown +true-to-size +30 +30 +0 +0 +[0-9.]+ +\[[0-9., ]+\] +none  dataset$/);
  const j = capture();
  assert.equal(await flagsCommand.run(['--dataset', file, '--all', '--json'], j.io), 0);
  const r = JSON.parse(j.out.join('')) as {
    flagged: number;
    flags: { flag: string; baseline: number | null; probabilityAbove: number | null }[];
  };
  assert.equal(r.flagged, 0);
  assert.deepEqual(
    r.flags.map((f) => [f.flag, f.baseline, f.probabilityAbove]),
    [['true-to-size', null, null]],
  );
});
