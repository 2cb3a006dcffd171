// saveModel refuses, before writing anything, the extra file names a saved model could not load with: names the
// loader refuses (`./x`, `a//b`, `a\b`, `docs/`, names over 255 characters), names of the files saveModel writes
// itself, and names that would be both a file and a directory. Before, such a model was written and then refused by
// loadModel, `docs/` threw a raw EISDIR, and `estimator.json` or `weights.bin` silently replaced the model's own.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  InvalidArgumentError,
  MAX_MANIFEST_BYTES,
  PriorFitModel,
  generateSynthetic,
  isSafeFileName,
  loadModel,
  saveModel,
  verifyModelDir,
  type SaveModelInfo,
} from '../../lib/index.js';

const { dataset } = generateSynthetic({ seed: 7, customers: 80, articles: 15 });
const model = new PriorFitModel().fit(dataset);
const info: SaveModelInfo = {
  model: 'prior',
  dataset: { name: 'synthetic', format: dataset.meta.format, sha256: dataset.meta.sha256, records: dataset.length },
};
const tmp = mkdtempSync(join(tmpdir(), 'sizefit-names-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
let dirs = 0;
const freshDir = (): string => join(tmp, `model-${dirs++}`);
const file = (data: string) => ({ data, role: 'notes' });

test('extra file names the loader would refuse are refused by saveModel, naming the name, and nothing is written', () => {
  const deep = 'x/'.repeat(130) + 'y';
  const cases: [string, RegExp][] = [
    ['./notes.txt', /'\.' or '\.\.'/],
    ['a//b.txt', /none empty/],
    ['a\\b.txt', /without backslash/],
    ['docs/', /none empty/],
    [deep, /1 to 255 characters/],
    ['', /1 to 255 characters/],
    ['/etc/passwd', /none empty/],
    ['../outside.txt', /'\.' or '\.\.'/],
    ['nul\0.txt', /without backslash or NUL/],
    [`notes/${'é'.repeat(200)}.txt`, /is 404 bytes, over the 255 a file name may have/],
  ];
  for (const [name, why] of cases) {
    const dir = freshDir();
    assert.throws(
      () => saveModel(dir, model, { ...info, extraFiles: { [name]: file('hello') } }),
      (e: unknown) => {
        assert.ok(e instanceof InvalidArgumentError, `${JSON.stringify(name)}: ${String(e)}`);
        // named (a long name cut at 200 characters)
        assert.ok(e.message.includes(JSON.stringify(name.slice(0, 200)).slice(0, -1)), e.message);
        assert.match(e.message, why);
        return true;
      },
    );
    assert.equal(existsSync(dir), false, `${JSON.stringify(name)}: nothing written`);
    // the loader's own check (a name is counted in characters; a part of 405 bytes cannot be written at all)
    if (!name.includes('é')) assert.equal(isSafeFileName(name), false, JSON.stringify(name));
  }
});

test("extra files never replace the model's own files, nor clash as file and directory", () => {
  const cases: [Record<string, string>, string, RegExp][] = [
    [{ 'estimator.json': '{"kind":"prior"}' }, 'estimator.json', /saveModel writes that file itself/],
    [{ 'weights.bin': 'hello' }, 'weights.bin', /saveModel writes that file itself/],
    [{ 'manifest.json': '{}' }, 'manifest.json', /saveModel writes that file itself/],
    [{ 'estimator.json/x.txt': 'hello' }, 'estimator.json/x.txt', /"estimator\.json" is a file of the model/],
    [{ docs: 'a file', 'docs/readme.md': 'inside it' }, 'docs/readme.md', /"docs" is a file of the model/],
    [{ 'a/b/c.txt': 'deep', 'a/b': 'a file' }, 'a/b/c.txt', /"a\/b" is a file of the model/],
  ];
  for (const [files, named, why] of cases) {
    const dir = freshDir();
    const extraFiles = Object.fromEntries(Object.entries(files).map(([k, v]) => [k, file(v)]));
    assert.throws(
      () => saveModel(dir, model, { ...info, extraFiles }),
      (e: unknown) => {
        assert.ok(e instanceof InvalidArgumentError, String(e));
        assert.ok(e.message.includes(`invalid artifact file name ${JSON.stringify(named)}`), e.message);
        assert.match(e.message, why);
        return true;
      },
    );
    assert.equal(existsSync(dir), false, `${named}: nothing written`);
  }
});

test('extra files with names the loader accepts are saved, verified and loaded', async () => {
  const dir = freshDir();
  const names = [
    'notes.txt',
    'docs/readme.md',
    'docs/more/deep.txt',
    '.hidden',
    'é'.repeat(120),
    'x/'.repeat(100) + 'y',
  ];
  const manifest = saveModel(dir, model, {
    ...info,
    extraFiles: Object.fromEntries(names.map((n) => [n, file(`content of ${n}`)])),
  });
  for (const n of names) {
    assert.ok(n in manifest.files, n);
    assert.equal(readFileSync(join(dir, n), 'utf8'), `content of ${n}`);
  }
  assert.deepEqual(Object.keys(verifyModelDir(dir).files).sort(), Object.keys(manifest.files).sort());
  const { model: loaded } = await loadModel(dir);
  assert.deepEqual([...loaded.predictProba(dataset)], [...model.predictProba(dataset)]);
});

test('a manifest that would be over the size the loader reads is refused by saveModel, and nothing is written', () => {
  const dir = freshDir();
  const role = 'r'.repeat(MAX_MANIFEST_BYTES);
  assert.throws(
    () => saveModel(dir, model, { ...info, extraFiles: { 'notes.txt': { data: 'hello', role } } }),
    (e: unknown) =>
      e instanceof InvalidArgumentError &&
      e.message.includes(`over the ${MAX_MANIFEST_BYTES} bytes loadModel reads`) &&
      e.message.includes('manifest.json'),
  );
  assert.equal(existsSync(dir), false);
});
