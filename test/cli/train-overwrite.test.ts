// `sizefit train --overwrite` through the built binary: it replaces a model directory written by train, and refuses
// (exit 2, nothing deleted, before any training) a directory that is not one: `--out . --overwrite` wiped the
// current directory before.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const bin = resolve('lib/dist/cli/main.js');
const sample = resolve('datasets/sample/sample.jsonl');
const tmp = mkdtempSync(join(tmpdir(), 'sizefit-overwrite-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

function sizefit(cwd: string, ...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('train --out . --overwrite in a project directory refuses, names it and deletes nothing', () => {
  const project = join(tmp, 'project');
  mkdirSync(join(project, 'src'), { recursive: true });
  writeFileSync(join(project, 'src', 'main.ts'), 'precious\n');
  writeFileSync(join(project, 'manifest.json'), '{"name": "a web app manifest"}\n');
  const r = sizefit(project, 'train', '--dataset', sample, '--model', 'prior', '--out', '.', '--overwrite');
  assert.equal(r.code, 2, r.err);
  assert.match(r.err, new RegExp(`${project.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not a sizefit model directory`));
  assert.match(r.err, /the format of its manifest\.json is missing, not 'sizefit-model'/);
  assert.doesNotMatch(r.err, /labelled rows/, 'refused before loading the data');
  assert.deepEqual(readdirSync(project).sort(), ['manifest.json', 'src']);
  assert.equal(readFileSync(join(project, 'src', 'main.ts'), 'utf8'), 'precious\n');
});

test('train --overwrite replaces a model directory that train wrote', () => {
  const out = join(tmp, 'model');
  assert.equal(sizefit(tmp, 'train', '--dataset', sample, '--model', 'prior', '--out', out).code, 0);
  const again = sizefit(tmp, 'train', '--dataset', sample, '--model', 'prior', '--out', out, '--seed', '3');
  assert.equal(again.code, 2);
  assert.match(again.err, /exists and is not empty/);
  const r = sizefit(tmp, 'train', '--dataset', sample, '--model', 'prior', '--out', out, '--seed', '3', '--overwrite');
  assert.equal(r.code, 0, r.err);
  const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { params: { seed: number } };
  assert.equal(manifest.params.seed, 3);
});
