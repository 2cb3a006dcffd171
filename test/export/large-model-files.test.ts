// Listed files of a model directory take bounded memory to verify: a file the loader does not parse is hashed in
// chunks (before, every listed file was read whole first: a 1 GiB extra file took 1.1 GB), and estimator.json and
// weights.bin over their limits are refused, naming the file and the limit, before a byte of them is read.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs, {
  closeSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  MAX_ESTIMATOR_JSON_BYTES,
  MAX_WEIGHTS_BYTES,
  MODEL_FILE_HASH_CHUNK_BYTES,
  ModelFormatError,
  PriorFitModel,
  generateSynthetic,
  loadModel,
  modelFileSha256,
  readModelFile,
  saveModel,
  verifyModelDir,
  type SaveModelInfo,
} from '../../lib/index.js';

const { dataset } = generateSynthetic({ seed: 11, customers: 80, articles: 15 });
const model = new PriorFitModel().fit(dataset);
const info: SaveModelInfo = {
  model: 'prior',
  dataset: { name: 'synthetic', format: dataset.meta.format, sha256: dataset.meta.sha256, records: dataset.length },
};
const tmp = mkdtempSync(join(tmpdir(), 'sizefit-large-files-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
let dirs = 0;

/** A saved prior model with the extra files given. */
function savedWith(extraFiles: SaveModelInfo['extraFiles'] = {}): string {
  const dir = join(tmp, `model-${dirs++}`);
  saveModel(dir, model, { ...info, extraFiles });
  return dir;
}

/** sha256 of a file, read 1 MiB at a time (the test itself must not hold a large file). */
function sha256Of(path: string): string {
  const h = createHash('sha256');
  const fd = openSync(path, 'r');
  const buf = Buffer.alloc(1 << 20);
  for (let r = readSync(fd, buf); r > 0; r = readSync(fd, buf)) h.update(buf.subarray(0, r));
  closeSync(fd);
  return h.digest('hex');
}

/** Sets the listed size and sha256 of `name` in the manifest of `dir` (a consistent tampering). */
function relist(dir: string, name: string, bytes: number, sha256: string): void {
  const mp = join(dir, 'manifest.json');
  const m = JSON.parse(readFileSync(mp, 'utf8')) as { files: Record<string, { bytes: number; sha256: string }> };
  m.files[name] = { ...m.files[name], bytes, sha256 };
  writeFileSync(mp, JSON.stringify(m));
}

/** Seeded bytes (xorshift), so that every chunk of a file differs. */
function seededBytes(n: number, seed: number): Buffer {
  const out = Buffer.alloc(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

test('an extra file larger than a hashing chunk is verified whole: a byte changed past the first chunk is refused', async () => {
  const size = 3 * MODEL_FILE_HASH_CHUNK_BYTES + 12_345;
  const data = seededBytes(size, 42);
  const dir = savedWith({ 'tfjs/weights.bin': { data, role: 'a large extra file' } });
  const p = join(dir, 'tfjs', 'weights.bin');
  assert.equal(modelFileSha256(p, { bytes: size }), createHash('sha256').update(data).digest('hex'));
  verifyModelDir(dir);
  await loadModel(dir);
  // the last byte of the third chunk, and the last byte of the file
  for (const at of [3 * MODEL_FILE_HASH_CHUNK_BYTES - 1, size - 1]) {
    const changed = Buffer.from(data);
    changed[at] ^= 0xff;
    writeFileSync(p, changed);
    for (const check of [() => verifyModelDir(dir), () => loadModel(dir)]) {
      await assert.rejects(
        async () => check(),
        (e: unknown) => e instanceof ModelFormatError && e.file === p && /does not match the manifest/.test(e.message),
      );
    }
  }
  writeFileSync(p, data);
  verifyModelDir(dir);
});

test('verifying a model with a 64 MiB extra file takes about a chunk of memory, not the file', () => {
  const dir = savedWith({ 'big.bin': { data: 'x', role: 'grown to 64 MiB below' } });
  const p = join(dir, 'big.bin');
  const size = 64 * 1024 * 1024;
  truncateSync(p, size);
  relist(dir, 'big.bin', size, sha256Of(p));
  // In a child process, the growth of the peak resident memory while verifying (before: the whole file, 64 MiB).
  const script =
    `import { verifyModelDir } from ${JSON.stringify(resolve('lib/index.ts'))};\n` +
    `const before = process.resourceUsage().maxRSS;\n` +
    `verifyModelDir(${JSON.stringify(dir)});\n` +
    `console.log(JSON.stringify({ growthKiB: process.resourceUsage().maxRSS - before }));\n`;
  const file = join(tmp, 'verify-big.mts');
  writeFileSync(file, script);
  const r = spawnSync(process.execPath, ['--import', 'tsx', file], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, r.stderr);
  const { growthKiB } = JSON.parse(r.stdout) as { growthKiB: number };
  assert.ok(growthKiB < 32 * 1024, `peak memory grew by ${growthKiB} KiB while verifying`);
});

test('an estimator.json over its limit is refused naming the file and the limit, before it is read', async () => {
  const dir = savedWith();
  const p = join(dir, 'estimator.json');
  // sparse: no byte is written
  truncateSync(p, MAX_ESTIMATOR_JSON_BYTES + 1);
  relist(dir, 'estimator.json', MAX_ESTIMATOR_JSON_BYTES + 1, '0'.repeat(64));
  const t0 = performance.now();
  for (const check of [() => verifyModelDir(dir), () => loadModel(dir)]) {
    await assert.rejects(
      async () => check(),
      (e: unknown) => {
        assert.ok(e instanceof ModelFormatError, String(e));
        assert.equal(e.file, p);
        assert.match(e.message, new RegExp(`over the limit of ${MAX_ESTIMATOR_JSON_BYTES} bytes`));
        return true;
      },
    );
  }
  assert.ok(performance.now() - t0 < 5_000, 'refused without reading 256 MiB');
});

test('a weights.bin over its limit is refused naming the file and the limit, before it is read', async () => {
  const dir = savedWith();
  const p = join(dir, 'weights.bin');
  truncateSync(p, MAX_WEIGHTS_BYTES + 8);
  relist(dir, 'weights.bin', MAX_WEIGHTS_BYTES + 8, '0'.repeat(64));
  await assert.rejects(
    () => loadModel(dir),
    (e: unknown) =>
      e instanceof ModelFormatError &&
      e.file === p &&
      e.message.includes(`over the limit of ${MAX_WEIGHTS_BYTES} bytes`),
  );
});

/** Runs `f` with fs.readSync reading at most `most(calls)` bytes per call (0: the file seems to end there). */
function withShortReads<T>(most: (call: number) => number, f: () => T): T {
  const original = fs.readSync;
  let calls = 0;
  fs.readSync = ((fd: number, buffer: Buffer, offset: number, length: number, position: number) =>
    original(fd, buffer, offset, Math.min(length, most(calls++)), position)) as typeof fs.readSync;
  syncBuiltinESMExports();
  try {
    return f();
  } finally {
    fs.readSync = original;
    syncBuiltinESMExports();
  }
}

test('short reads are read on: the bytes and the chunked sha256 are the whole file, a file that ends early is refused', () => {
  const size = 2 * MODEL_FILE_HASH_CHUNK_BYTES + 777;
  const data = seededBytes(size, 7);
  const p = join(tmp, 'short-reads.bin');
  writeFileSync(p, data);
  const sha = createHash('sha256').update(data).digest('hex');
  // Pieces that cross the hashing chunk's end, of several sizes.
  for (const step of [300_007, MODEL_FILE_HASH_CHUNK_BYTES - 1, 1]) {
    const most = step === 1 ? (call: number) => (call % 2 === 0 ? 1 : size) : () => step;
    assert.equal(
      withShortReads(most, () => modelFileSha256(p, { bytes: size })),
      sha,
      String(step),
    );
    assert.ok(withShortReads(most, () => readModelFile(p, { bytes: size })).equals(data), String(step));
  }
  // A read of 0 bytes before the size the descriptor gave: the file changed.
  for (const read of [(): unknown => modelFileSha256(p), (): unknown => readModelFile(p)]) {
    assert.throws(
      () => withShortReads((call) => (call < 2 ? 300_000 : 0), read),
      (e: unknown) =>
        e instanceof ModelFormatError &&
        e.file === p &&
        e.message.endsWith(`changed while being read (600000 of ${size} bytes)`),
    );
  }
});
