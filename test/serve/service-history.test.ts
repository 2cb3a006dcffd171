// The service's purchase history: a --history file is read as `sizefit predict` reads a file for the model (a model
// trained on data in no record format reads it in the format its own fields show), and the model directory's
// advice-history.json is checked against the manifest loadModel verified, without verifying the directory twice.
// Every record here is invented.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs, { chmodSync, cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ADVICE_HISTORY_FILE,
  AdviceHistory,
  DataError,
  FitService,
  InvalidArgumentError,
  ModelFormatError,
  loadModel,
  loadServiceHistory,
  recordFormatOf,
} from '../../lib/index.js';
import { tempDir } from '../temp-dir.js';
import { countingOpens } from '../counting-opens.js';
import { writeTruncatedGzip } from '../data/truncated-gzip-file.js';
import { modclothLines, removeTrainedModelDirs, syntheticModelDir, trainedModelDir } from './serve-fixtures.js';

after(removeTrainedModelDirs);

test('a model trained on synthetic data reads a ModCloth --history in its own format, says so, and advises from it', async (t) => {
  // Before: the service read the history in RentTheRunway (the manifest's 'sizefit-synthetic' is no record format)
  // and refused it: "looks like modcloth records, the model reads renttherunway records", while `sizefit predict`
  // and `evaluate` read the same file as ModCloth records.
  const tmp = tempDir(t, 'sizefit-service-history-');
  const dir = await syntheticModelDir(tmp);
  const file = join(tmp, 'modcloth.jsonl');
  writeFileSync(file, modclothLines.join('\n') + '\n');
  const service = await FitService.load(dir, { history: file });
  assert.equal(service.history?.rows, modclothLines.length);
  assert.equal(service.history?.history.data.meta.format, 'modcloth');
  assert.ok(
    service.history?.note?.includes(`${file} read as modcloth records (the format its fields show)`) === true,
    String(service.history?.note),
  );
  // The ModCloth body fields were read: the customers' hips are in the history, not missing.
  const hips = service.history.history.data.numbers('hips');
  assert.ok(
    hips.every((h) => Number.isFinite(h)),
    'every hips value read',
  );
  const r = service.recommend({ requests: [{ customer: '9001', item: '501' }] }).body.recommendations[0];
  assert.equal(r.customerSeen, true);
  assert.equal(r.articleSeen, true);
  assert.deepEqual(r.sizes, service.history.history.articleSizes('501'));
});

test('a model trained on a record format still refuses a --history in the other format, and gives no note', async (t) => {
  const tmp = tempDir(t, 'sizefit-service-history-');
  const dir = await trainedModelDir(false);
  const file = join(tmp, 'modcloth.jsonl');
  writeFileSync(file, modclothLines.join('\n') + '\n');
  await assert.rejects(
    FitService.load(dir, { history: file }),
    (e: unknown) =>
      e instanceof DataError && /looks like modcloth records, the model reads renttherunway records/.test(e.message),
  );
  const ok = await FitService.load(dir, { history: 'sample' });
  assert.equal(ok.history?.note, null);
});

test('`sizefit serve` says in which format it read the --history of a model trained on synthetic data', async (t) => {
  const tmp = tempDir(t, 'sizefit-service-history-');
  const dir = await syntheticModelDir(tmp);
  const file = join(tmp, 'modcloth.jsonl');
  writeFileSync(file, modclothLines.join('\n') + '\n');
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'lib/cli/main.ts', 'serve', '--model', dir, '--history', file, '--port', '0'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  t.after(() => child.kill('SIGKILL'));
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
      if (/listening on/.test(stderr)) resolve();
    });
    child.on('exit', () => reject(new Error(`serve exited early: ${stderr}`)));
  });
  child.kill('SIGTERM');
  assert.equal(await exited, 0, stderr);
  assert.ok(stderr.includes(`sizefit serve: ${file} read as modcloth records (the format its fields show)`), stderr);
  assert.match(stderr, new RegExp(`history: ${modclothLines.length} rows from `));
});

test('the service verifies the model directory once at start: each file read once, the history checked', async () => {
  // Before: loadModel verified every file, then loadAdviceHistory verified the whole directory again (weights.bin
  // read and hashed twice) to get the checked bytes of advice-history.json.
  const dir = await trainedModelDir(true);
  const weights = await countingOpens('weights.bin', () => FitService.load(dir));
  assert.equal(weights.opens, 1);
  assert.ok(weights.result.history !== null && weights.result.history.rows > 0);
  // Before: advice-history.json was opened twice, hashed in chunks with the directory, then read again and parsed.
  const history = await countingOpens(ADVICE_HISTORY_FILE, () => FitService.load(dir));
  assert.equal(history.opens, 1, 'advice-history.json: read once, as verified with the directory');
  assert.deepEqual(
    [history.result.history?.rows, history.result.history?.source],
    [weights.result.history?.rows, join(dir, ADVICE_HISTORY_FILE)],
  );
  // With a --history, the directory's history is only verified (hashed), never read whole.
  const other = await countingOpens(ADVICE_HISTORY_FILE, () => FitService.load(dir, { history: 'sample' }));
  assert.equal(other.opens, 1);
  assert.equal(other.result.history?.source, 'sample');
});

test('the history parsed is the one loadModel checked: a file replaced afterwards is not read', async () => {
  // Before: loadServiceHistory read advice-history.json again after loadModel had verified it.
  const dir = await trainedModelDir(true);
  const copy = dir + '-replaced-after-load';
  cpSync(dir, copy, { recursive: true });
  const hp = join(copy, ADVICE_HISTORY_FILE);
  const loaded = await loadModel(copy, { read: [ADVICE_HISTORY_FILE] });
  assert.deepEqual(loaded.files?.get(ADVICE_HISTORY_FILE), readFileSync(hp));
  const rows = AdviceHistory.fromJSON(JSON.parse(readFileSync(hp, 'utf8'))).data.length;
  writeFileSync(hp, '{}');
  const h = await loadServiceHistory(loaded);
  assert.equal(h?.rows, rows);
  assert.equal(h?.source, hp);
  // ... checked against the manifest given, not only the one loadModel used
  const entry = loaded.manifest.files[ADVICE_HISTORY_FILE];
  const other = {
    ...loaded,
    manifest: {
      ...loaded.manifest,
      files: { ...loaded.manifest.files, [ADVICE_HISTORY_FILE]: { ...entry, sha256: '0'.repeat(64) } },
    },
  };
  await assert.rejects(
    loadServiceHistory(other),
    (e: unknown) => e instanceof ModelFormatError && e.file === hp && /does not match the manifest/.test(e.message),
  );
  // Without the checked bytes, the file is read (and the replaced one refused), as before.
  await assert.rejects(
    loadServiceHistory({ dir: loaded.dir, manifest: loaded.manifest }),
    (e: unknown) => e instanceof ModelFormatError && e.file === hp,
  );
});

test('a modified, unlisted or foreign advice history still stops the service at start, naming the file', async () => {
  const dir = await trainedModelDir(true);
  const hp = (d: string): string => join(d, ADVICE_HISTORY_FILE);

  // modified, manifest not re-signed
  const modified = dir + '-modified-history';
  cpSync(dir, modified, { recursive: true });
  const bytes = readFileSync(hp(modified));
  bytes[bytes.length - 2] ^= 0x01;
  writeFileSync(hp(modified), bytes);
  await assert.rejects(
    FitService.load(modified),
    (e: unknown) =>
      e instanceof ModelFormatError && e.file === hp(modified) && /does not match the manifest/.test(e.message),
  );

  // present but not listed (an entry removed from the manifest must not switch the check off)
  const unlisted = dir + '-unlisted-history';
  cpSync(dir, unlisted, { recursive: true });
  const mp = join(unlisted, 'manifest.json');
  const m = JSON.parse(readFileSync(mp, 'utf8')) as { files: Record<string, unknown> };
  delete m.files[ADVICE_HISTORY_FILE];
  writeFileSync(mp, JSON.stringify(m));
  await assert.rejects(
    FitService.load(unlisted),
    (e: unknown) => e instanceof ModelFormatError && e.file === hp(unlisted) && /not listed/.test(e.message),
  );

  // The history is checked against the manifest the model was loaded with: a history that is not the one that
  // manifest lists (the file replaced after the model's verification) is refused.
  const loaded = await loadModel(dir);
  const entry = loaded.manifest.files[ADVICE_HISTORY_FILE];
  const other = {
    ...loaded.manifest,
    files: { ...loaded.manifest.files, [ADVICE_HISTORY_FILE]: { ...entry, sha256: '0'.repeat(64) } },
  };
  await assert.rejects(
    loadServiceHistory({ dir: loaded.dir, manifest: other }),
    (e: unknown) =>
      e instanceof ModelFormatError && e.file === hp(loaded.dir) && /does not match the manifest/.test(e.message),
  );
  // ... and one that is not a regular file of the listed size
  const swapped = dir + '-history-dir';
  cpSync(dir, swapped, { recursive: true });
  const sl = await loadModel(swapped);
  fs.rmSync(hp(swapped));
  fs.mkdirSync(hp(swapped));
  chmodSync(hp(swapped), 0o755);
  await assert.rejects(loadServiceHistory(sl), (e: unknown) => e instanceof ModelFormatError && e.file === hp(sl.dir));
  // the model directory's own history, checked against its own manifest, loads as written
  const good = await loadServiceHistory(loaded);
  const written = AdviceHistory.fromJSON(JSON.parse(readFileSync(hp(loaded.dir), 'utf8')));
  assert.equal(good?.rows, written.data.length);
  assert.equal(good?.source, hp(loaded.dir));
});

test('loadServiceHistory still takes its earlier form (dir, format, source?): the directory verified, then the same history', async () => {
  // Before: the earlier call loadServiceHistory(dir, recordFormatOf(manifest), source) threw a raw TypeError
  // ("Cannot read properties of undefined (reading 'dataset')").
  const dir = await trainedModelDir(true);
  const loaded = await loadModel(dir);
  const format = recordFormatOf(loaded.manifest);
  const rows = (h: Awaited<ReturnType<typeof loadServiceHistory>>): unknown => [
    h?.rows,
    h?.source,
    h?.history.data.length,
  ];
  assert.deepEqual(
    rows(await loadServiceHistory(dir, format, 'sample')),
    rows(await loadServiceHistory(loaded, 'sample')),
  );
  assert.deepEqual(rows(await loadServiceHistory(dir, format)), rows(await loadServiceHistory(loaded)));
  assert.deepEqual(rows(await loadServiceHistory(dir)), rows(await loadServiceHistory(loaded)));
  // ... and verifies the directory, as loadModel does
  const tampered = dir + '-tampered-weights';
  cpSync(dir, tampered, { recursive: true });
  const w = readFileSync(join(tampered, 'weights.bin'));
  w[0] ^= 0x01;
  writeFileSync(join(tampered, 'weights.bin'), w);
  await assert.rejects(loadServiceHistory(tampered, format, 'sample'), ModelFormatError);
  // Arguments of neither form: an InvalidArgumentError saying the forms, never a TypeError.
  const bad: [unknown[], RegExp][] = [
    [[dir, 'sample'], /loadServiceHistory\(dir, format, source\): format must be a record format/],
    [[{ dir }, 'sample'], /loadServiceHistory\(model, source\): model must be a model loaded with loadModel/],
    [[undefined], /model must be a model loaded with loadModel/],
    [[loaded, format, 'sample'], /source must be a dataset name or path, got .*a record format goes only with/],
  ];
  for (const [args, re] of bad) {
    await assert.rejects(
      (loadServiceHistory as (...a: unknown[]) => Promise<unknown>)(...args),
      (e: unknown) => e instanceof InvalidArgumentError && re.test(e.message),
      String(re),
    );
  }
});

test('a --history that is a truncated gzip stops the service at start, naming the file and the cut', async (t) => {
  // Before: the service advised from the customers' purchases before the cut as if they were the whole history.
  const tmp = tempDir(t, 'sizefit-service-history-');
  const dir = await trainedModelDir(false);
  const f = writeTruncatedGzip(tmp);
  await assert.rejects(FitService.load(dir, { history: f.cut }), (e: unknown) => {
    assert.ok(e instanceof DataError, String(e));
    assert.equal(
      e.message,
      `${f.cut} is a truncated gzip: its stream is cut after line ${f.afterLine.toLocaleString('en-US')} ` +
        `(${f.afterLine.toLocaleString('en-US')} records read, ${f.inflatedBytes.toLocaleString('en-US')} bytes of ` +
        `text); refusing to take the purchase history from part of a file: download or copy the whole file again ` +
        `(\`sizefit data stats --dataset ${f.cut}\` shows what can be read)`,
    );
    return true;
  });
  const ok = await FitService.load(dir, { history: f.whole });
  assert.equal(ok.history?.rows, f.lines);
});
