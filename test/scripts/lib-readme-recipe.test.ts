// lib/README.md's "In a service" recipe, run as written: its code block (the one reading with
// `fileReadOptions(recordFormatOf(manifest))`) is taken from the README, its `sizefit` import pointed at the library's
// sources and its two paths at a model trained here on the committed sample and at a held-out file written here, and
// run under tsx. P must have one row per record line of the file, the line without a user_id and the one without a
// fit label included, as the README says; before `keepMissingIds` was in the recipe, the line without a user_id had
// no row and rows no longer matched lines.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { catalogEntry, loadDataset, saveModel } from '../../lib/index.js';

const README = resolve('lib/README.md');
/** What marks the recipe's code block in the README. */
const MARKER = 'fileReadOptions(recordFormatOf(manifest))';
const SAMPLE = resolve('datasets/sample/sample.jsonl');

let tmp = '';
let modelDir = '';
let heldOut = '';
/** Record lines of the held-out file (none blank). */
let lines = 0;

before(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'sizefit-readme-recipe-'));
  const { dataset } = await loadDataset('sample');
  const model = await catalogEntry('logistic').create({ seed: 0 }).fit(dataset);
  modelDir = join(tmp, 'model');
  saveModel(modelDir, model, {
    model: 'logistic',
    dataset: { name: 'sample', format: dataset.meta.format, sha256: dataset.meta.sha256, records: dataset.length },
  });
  const records = readFileSync(SAMPLE, 'utf8')
    .split('\n')
    .slice(0, 5)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  delete records[3]!.user_id;
  delete records[4]!.fit;
  heldOut = join(tmp, 'held-out.jsonl');
  writeFileSync(heldOut, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
  lines = records.length;
});
after(() => rmSync(tmp, { recursive: true, force: true }));

/** The README's fenced code block holding {@link MARKER}. */
function recipe(): string {
  const blocks = [...readFileSync(README, 'utf8').matchAll(/^```[a-z]*\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);
  const found = blocks.filter((b) => b.includes(MARKER));
  assert.equal(found.length, 1, `lib/README.md has one code block with ${MARKER}`);
  return found[0]!;
}

/** `code` with `from` replaced by `to`, which must be in it (else the README's recipe changed under the test). */
function swap(code: string, from: string, to: string): string {
  assert.ok(code.includes(from), `the recipe has ${from}`);
  return code.split(from).join(to);
}

/** Runs the recipe on the model and held-out file of this test; returns P's row count and the lines of its rows. */
function run(code: string, name: string): { rows: number; lineNumbers: number[] } {
  let script = swap(code, "from 'sizefit'", `from ${JSON.stringify(pathToFileURL(resolve('lib/index.ts')).href)}`);
  script = swap(script, "'models/k-lf-lr'", JSON.stringify(modelDir));
  script = swap(script, "'held-out.jsonl'", JSON.stringify(heldOut));
  script +=
    '\nconsole.log("RESULT " + JSON.stringify({ rows: P.length / model.classes.length, ' +
    'lineNumbers: Array.from(dataset.lineNumbers) }));\n';
  const file = join(tmp, name);
  writeFileSync(file, script);
  const r = spawnSync(process.execPath, ['--import', 'tsx', file], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(r.status, 0, `the recipe failed:\n${r.stderr}\n${r.stdout}`);
  const line = r.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  assert.ok(line, r.stdout);
  return JSON.parse(line.slice('RESULT '.length)) as { rows: number; lineNumbers: number[] };
}

/** What is wrong with the recipe's result: P must have a row per record line, in the file's order. */
function mismatch(result: { rows: number; lineNumbers: number[] }): string | undefined {
  const all = Array.from({ length: lines }, (_, i) => i + 1);
  if (result.rows !== lines) return `P has ${result.rows} rows for ${lines} record lines`;
  if (JSON.stringify(result.lineNumbers) !== JSON.stringify(all)) {
    return `rows are lines ${result.lineNumbers.join(',')}`;
  }
  return undefined;
}

test("lib/README's service recipe gives P one row per record line, one without a user_id or a fit label included", () => {
  const code = recipe();
  assert.match(code, /keepMissingIds: true/);
  assert.match(code, /keepUnlabeled: true/);
  assert.equal(mismatch(run(code, 'predict.mjs')), undefined);
});

test('the check catches a recipe without keepMissingIds (the line without a user_id gets no row)', () => {
  const without = swap(recipe(), ', keepMissingIds: true', '');
  assert.equal(mismatch(run(without, 'predict-without-ids.mjs')), `P has ${lines - 1} rows for ${lines} record lines`);
});
