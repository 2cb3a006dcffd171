// A model directory is input: whatever its files hold (links, FIFOs, oversized or deeply nested JSON, references
// that multiply the weights, extra files), loading refuses it with a ModelFormatError naming the file, in bounded
// time and memory, and never follows a link out of the directory.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  MAX_MANIFEST_BYTES,
  MAX_MODEL_JSON_DEPTH,
  MAX_PACKED_VALUES,
  ModelFormatError,
  generateSynthetic,
  latentFitPreset,
  loadModel,
  packLargeArrays,
  recordFormatOf,
  saveModel,
  unpackLargeArrays,
  verifyModelDir,
  type ModelManifest,
} from '../../lib/index.js';
import { evaluateInChild } from './evaluate-in-child.js';
import { resign } from './resign-manifest.js';

const { dataset } = generateSynthetic({ seed: 3, customers: 300, articles: 60 });
const tmp = mkdtempSync(join(tmpdir(), 'sizefit-hostile-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
const original = join(tmp, 'original');
saveModel(original, latentFitPreset('K-LF-LR', { seed: 1 }).fit(dataset), {
  model: 'k-lf-lr',
  dataset: { name: 'synthetic', format: dataset.meta.format, sha256: dataset.meta.sha256, records: dataset.length },
});
let copies = 0;

/** A fresh copy of the saved model directory. */
function copy(): string {
  const dir = join(tmp, `copy-${copies++}`);
  cpSync(original, dir, { recursive: true });
  return dir;
}

/** Rewrites estimator.json (the packed JSON, weights.bin unchanged; `edit` may return the new text) and re-signs. */
function editEstimator(dir: string, edit: (json: Record<string, unknown>) => unknown): void {
  const p = join(dir, 'estimator.json');
  const json = JSON.parse(readFileSync(p, 'utf8')) as Record<string, unknown>;
  const text = edit(json);
  writeFileSync(p, typeof text === 'string' ? text : JSON.stringify(json));
  resign(dir);
}

/** Asserts that loading `dir` rejects with a ModelFormatError whose message starts with `file` and matches `re`. */
async function refused(dir: string, file: string, re: RegExp): Promise<void> {
  await assert.rejects(loadModel(dir), (e: unknown) => {
    assert.ok(e instanceof ModelFormatError, `a ModelFormatError, got ${String(e)}`);
    assert.ok(e.message.startsWith(join(dir, file)), e.message);
    assert.match(e.message, re);
    return true;
  });
}

/** JSON text of arrays nested `depth` levels deep. */
const nested = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth);

/** Moves `name` out of `dir` and leaves a symbolic link to it in its place. */
function linkFromOutside(dir: string, name: string): void {
  const outside = join(tmp, `outside-${name}`);
  renameSync(join(dir, name), outside);
  symlinkSync(outside, join(dir, name));
}

test('the saved directory loads (the cases below are refusals of valid-looking copies of it)', async () => {
  const { model } = await loadModel(copy());
  assert.equal(model.kind, 'latent-fit');
});

test('a manifest.json that is a symbolic link is refused without being read (a link to /dev/zero ate 10 GB)', async () => {
  // A link to a valid manifest elsewhere: loaded before. The same check refuses a link to /dev/zero unread.
  const dir = copy();
  linkFromOutside(dir, 'manifest.json');
  await refused(dir, 'manifest.json', /is a symbolic link, not a regular file/);
  assert.throws(() => verifyModelDir(dir), /manifest\.json: is a symbolic link/);
});

test('a manifest.json larger than the limit is refused before it is parsed', async () => {
  const dir = copy();
  resign(dir, (m) => (m.padding = 'x'.repeat(MAX_MANIFEST_BYTES)));
  await refused(dir, 'manifest.json', new RegExp(`is \\d+ bytes, over the limit of ${MAX_MANIFEST_BYTES} bytes`));
});

test('a manifest.json that is a FIFO is refused at once (the load blocked for ever)', () => {
  const dir = copy();
  rmSync(join(dir, 'manifest.json'));
  if (spawnSync('mkfifo', [join(dir, 'manifest.json')]).status !== 0) return; // no mkfifo here: nothing to test
  const r = evaluateInChild(dir);
  assert.equal(r.signal, null, 'evaluate returned (no hang)');
  assert.equal(r.status, 1);
  assert.match(r.stderr, /manifest\.json: is not a regular file/);
});

test('a listed file that is a symbolic link is refused, even to a file with the right bytes', async () => {
  const dir = copy();
  linkFromOutside(dir, 'weights.bin');
  await refused(dir, 'weights.bin', /is a symbolic link, not a regular file/);
});

test('files the manifest does not list are refused: an extra file, an unlisted tfjs/model.json, a link', async () => {
  const extra = copy();
  writeFileSync(join(extra, 'extra.txt'), 'not part of the model\n');
  await refused(extra, 'extra.txt', /is in the model directory but not listed in its manifest \(a file;/);

  const layers = copy();
  mkdirSync(join(layers, 'tfjs'));
  writeFileSync(join(layers, 'tfjs', 'model.json'), '{}');
  await refused(layers, 'tfjs', /not listed in its manifest \(a directory;/);

  const link = copy();
  symlinkSync(join(tmp, 'original'), join(link, 'more'));
  await refused(link, 'more', /not listed in its manifest \(a symbolic link;/);

  // a hidden regular file a desktop copy adds (.DS_Store) is never read and does not stop the load; a hidden link does
  const finder = copy();
  writeFileSync(join(finder, '.DS_Store'), 'Bud1');
  assert.equal((await loadModel(finder)).model.kind, 'latent-fit');
  symlinkSync(join(tmp, 'original'), join(finder, '.hidden'));
  await refused(finder, '.hidden', /not listed in its manifest \(a symbolic link;/);
});

test('a manifest naming a file outside the directory, or one name two ways, is refused', async () => {
  for (const name of ['../original/weights.bin', './weights.bin', 'a//b', '/etc/passwd', 'manifest.json']) {
    const dir = copy();
    const mp = join(dir, 'manifest.json');
    const m = JSON.parse(readFileSync(mp, 'utf8')) as ModelManifest;
    m.files[name] = { ...m.files['weights.bin'] };
    writeFileSync(mp, JSON.stringify(m));
    await refused(dir, 'manifest.json', /lists an unsafe file name/);
  }
});

test('$bin references that reuse, skip or reorder the values of weights.bin are refused', () => {
  const arr = Array.from({ length: 300 }, (_, i) => i / 7);
  const { json, buffer } = packLargeArrays({ a: arr, b: arr.slice(0, 256) });
  assert.deepEqual(unpackLargeArrays(json, buffer), { a: arr, b: arr.slice(0, 256) });
  const ref = (offset: number, length: number): unknown => ({ $bin: { offset, length } });
  const cases: [unknown, RegExp][] = [
    // The whole file many times over: 100,000 such references ran the loader out of memory.
    [{ a: ref(0, 556), b: ref(0, 556), c: ref(0, 556) }, /does not start where the previous one ended \(value 556\)/],
    [{ a: ref(0, 300), b: ref(100, 256) }, /does not start where the previous one ended \(value 300\)/],
    [
      { a: ref(300, 256), b: ref(0, 300) },
      /\{"offset":300,"length":256\} does not start where the previous one ended \(value 0\)/,
    ],
    [{ a: ref(0, 300) }, /refers to 300 of its 556 values/],
    [{ a: ref(0, 300), b: ref(300, 257) }, /outside its 556 values/],
  ];
  for (const [j, re] of cases) {
    assert.throws(
      () => unpackLargeArrays(j, buffer),
      (e: unknown) => e instanceof ModelFormatError && re.test(e.message),
      JSON.stringify(j),
    );
  }
  // A file of more values than the limit is refused before anything is copied (a fake buffer: nothing allocated).
  const huge = { byteLength: (MAX_PACKED_VALUES + 1) * 8 } as Uint8Array;
  assert.throws(() => unpackLargeArrays({}, huge), /over the limit of/);
});

test('a re-signed estimator.json whose references multiply weights.bin is refused, naming weights.bin', async () => {
  const dir = copy();
  const w = readFileSync(join(dir, 'weights.bin'));
  editEstimator(dir, (json) => {
    json.amplified = Array.from({ length: 1000 }, () => ({ $bin: { offset: 0, length: w.length / 8 } }));
  });
  await refused(dir, 'weights.bin', /does not start where the previous one ended/);
});

test('deeply nested JSON is a ModelFormatError naming the file, not a RangeError (call stack)', async () => {
  const deep = copy();
  editEstimator(deep, (json) => {
    const text = JSON.stringify(json);
    return text.slice(0, -1) + `,"deep":${nested(100_000)}}`;
  });
  await refused(
    deep,
    'estimator.json',
    new RegExp(`nests arrays and objects deeper than ${MAX_MODEL_JSON_DEPTH} levels`),
  );

  // The manifest is sent by GET /v1/model: JSON.stringify of a deep one failed on every request.
  const manifest = copy();
  const mp = join(manifest, 'manifest.json');
  writeFileSync(mp, readFileSync(mp, 'utf8').trim().slice(0, -1) + `,"params2":${nested(100_000)}}`);
  await refused(manifest, 'manifest.json', /nests arrays and objects deeper than/);

  // As deep as the limit allows: loads.
  const ok = copy();
  editEstimator(ok, (json) => JSON.stringify(json).slice(0, -1) + `,"deep":${nested(MAX_MODEL_JSON_DEPTH - 1)}}`);
  await loadModel(ok);
});

test("a manifest's dataset format that is an Object.prototype key reads as the default format", async () => {
  // `f in FIT_DATA_FORMATS` took 'toString' for a format: a TypeError at load.
  const manifest = { dataset: { name: 'synthetic', format: 'toString' } } as unknown as ModelManifest;
  assert.deepEqual(recordFormatOf(manifest), { format: 'renttherunway', detect: true });
  const dir = copy();
  resign(dir, (m) => ((m.dataset as Record<string, unknown>).format = 'toString'));
  await loadModel(dir);
});

test('the copies above did not change the original directory', () => {
  assert.deepEqual(readdirSync(original).sort(), ['estimator.json', 'manifest.json', 'weights.bin']);
});
