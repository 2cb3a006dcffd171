import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import {
  loadDataset,
  listDatasets,
  dataDirectory,
  fetchDataset,
  projectRoot,
  DataError,
  GENERATED_SAMPLE_SOURCE,
} from '../../lib/index.js';
import { tempDir } from '../temp-dir.js';

const RTR_LINE = `{"fit": "small", "user_id": "7", "bust size": "34c", "item_id": "8", "weight": "150lbs", "rating": "6", "rented for": "work", "body type": "athletic", "category": "dress", "height": "5' 5\\"", "size": 12, "age": "40", "review_date": "May 3, 2014"}`;
const MC_LINE = `{"item_id": "1", "size": 9, "quality": 3, "cup size": "c", "category": "new", "height": "5ft 4in", "user_name": "z", "length": "just right", "fit": "fit", "user_id": "2"}`;

function withDataDir<T>(dir: string, f: () => Promise<T>): Promise<T> {
  const before = process.env.SIZEFIT_DATA_DIR;
  process.env.SIZEFIT_DATA_DIR = dir;
  return f().finally(() => {
    if (before === undefined) delete process.env.SIZEFIT_DATA_DIR;
    else process.env.SIZEFIT_DATA_DIR = before;
  });
}

test('the project root is the repository (found from the library location)', () => {
  const root = projectRoot();
  assert.ok(existsSync(join(root, 'lib', 'package.json')), root);
  assert.equal(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).name, 'sizefit-workbench');
});

test('named datasets are found in SIZEFIT_DATA_DIR under their official names', async (t) => {
  const dir = tempDir(t, 'sizefit-data-');
  await withDataDir(dir, async () => {
    assert.equal(dataDirectory(), resolve(dir));
    let status = listDatasets();
    assert.deepEqual(
      status.filter((s) => s.name !== 'sample').map((s) => [s.name, s.present]),
      [
        ['renttherunway', false],
        ['modcloth', false],
      ],
    );
    await assert.rejects(loadDataset('modcloth'), (e: unknown) => {
      assert.ok(e instanceof DataError);
      assert.match(e.message, /modcloth_final_data\.json/);
      assert.ok(e.message.includes(resolve(dir)), e.message);
      return true;
    });
    const gz = gzipSync(Buffer.from(`${RTR_LINE}\n${RTR_LINE}\n`));
    writeFileSync(join(dir, 'renttherunway-dev.jsonl.gz'), gz);
    writeFileSync(join(dir, 'modcloth_final_data.json'), `${MC_LINE}\n`);
    status = listDatasets();
    assert.equal(
      status.find((s) => s.name === 'renttherunway')?.path,
      join(resolve(dir), 'renttherunway-dev.jsonl.gz'),
    );
    const rtr = await loadDataset('renttherunway');
    assert.equal(rtr.dataset.length, 2);
    assert.equal(rtr.dataset.meta.name, 'renttherunway');
    assert.equal(rtr.dataset.meta.format, 'renttherunway');
    assert.equal(rtr.dataset.meta.sha256, createHash('sha256').update(gz).digest('hex'));
    assert.equal(rtr.report.duplicates, 1);
    const mc = await loadDataset('modcloth');
    assert.equal(mc.dataset.meta.format, 'modcloth');
    assert.equal(mc.dataset.value('cup', 0), 3);
    // the official file name wins over the dev file
    writeFileSync(join(dir, 'renttherunway_final_data.json.gz'), gzipSync(Buffer.from(RTR_LINE)));
    assert.equal((await loadDataset('renttherunway')).dataset.length, 1);
  });
});

test('a directory with a dataset file name does not hide the file after it', async (t) => {
  // Before: the directory was taken for the dataset (present: true) and loading it failed with EISDIR.
  const dir = tempDir(t, 'sizefit-dirname-');
  mkdirSync(join(dir, 'renttherunway_final_data.json.gz'));
  writeFileSync(join(dir, 'renttherunway-dev.jsonl.gz'), gzipSync(Buffer.from(`${RTR_LINE}\n`)));
  await withDataDir(dir, async () => {
    assert.equal(
      listDatasets().find((s) => s.name === 'renttherunway')?.path,
      join(resolve(dir), 'renttherunway-dev.jsonl.gz'),
    );
    assert.equal((await loadDataset('renttherunway')).dataset.length, 1);
  });
});

test('a path loads with the format detected from its fields; a missing one names what was looked for', async (t) => {
  const dir = tempDir(t, 'sizefit-path-');
  const p = join(dir, 'my-export.txt');
  writeFileSync(p, `${MC_LINE}\n`);
  const r = await loadDataset(p);
  assert.equal(r.dataset.meta.format, 'modcloth');
  assert.equal(r.dataset.meta.name, 'my-export.txt');
  assert.equal(r.dataset.meta.source, p);
  await assert.rejects(loadDataset(join(dir, 'nope.jsonl')), (e: unknown) => {
    assert.ok(e instanceof DataError);
    assert.match(
      e.message,
      /no dataset named '.*nope\.jsonl' \(known: renttherunway, modcloth, sample\) and no file at/,
    );
    return true;
  });
  await assert.rejects(loadDataset('zalando'), /no dataset named 'zalando'/);
});

test('sample loads with its declared extra fields from the committed file', async () => {
  const path = join(projectRoot(), 'datasets', 'sample', 'sample.jsonl');
  assert.ok(existsSync(path), path);
  const { dataset, report } = await loadDataset('sample');
  assert.equal(dataset.meta.name, 'sample');
  assert.equal(dataset.meta.source, path);
  for (const c of ['brand', 'size_system', 'size_label', 'return_reason', 'returned']) assert.ok(dataset.has(c), c);
  assert.deepEqual(report.unknownFields, []);
  assert.equal(report.problems, 0);
  const status = listDatasets().find((s) => s.name === 'sample');
  assert.deepEqual([status?.present, status?.path, status?.source], [true, path, path]);
});

test('outside the repository (an installed package) the sample is generated in memory, the same bytes', async (t) => {
  // Before: `sizefit data list` said "sample missing" and loadDataset('sample') threw a DataError pointing at
  // scripts/make-sample.ts and the repository's datasets/ folder, which an installed package does not have.
  const committed = readFileSync(join(projectRoot(), 'datasets', 'sample', 'sample.jsonl'));
  const fromFile = await loadDataset('sample');
  const elsewhere = tempDir(t, 'sizefit-consumer-');
  const before = process.env.SIZEFIT_PROJECT_ROOT;
  process.env.SIZEFIT_PROJECT_ROOT = elsewhere;
  try {
    const status = listDatasets().find((s) => s.name === 'sample');
    assert.deepEqual(
      [status?.present, status?.path, status?.source, status?.lookedAt],
      [true, null, GENERATED_SAMPLE_SOURCE, [join(elsewhere, 'datasets', 'sample', 'sample.jsonl')]],
    );
    const { dataset, report } = await loadDataset('sample');
    assert.equal(dataset.meta.name, 'sample');
    assert.equal(dataset.meta.source, GENERATED_SAMPLE_SOURCE);
    assert.equal(dataset.meta.sha256, createHash('sha256').update(committed).digest('hex'));
    assert.equal(dataset.meta.sha256, fromFile.dataset.meta.sha256);
    // Plain text, generated or read: its content hash is its sha256, the same either way.
    assert.deepEqual(
      [dataset.meta.contentSha256, fromFile.dataset.meta.contentSha256],
      [dataset.meta.sha256, dataset.meta.sha256],
    );
    assert.equal(dataset.length, fromFile.dataset.length);
    assert.deepEqual(dataset.columnNames, fromFile.dataset.columnNames);
    for (const c of dataset.columnNames) assert.deepEqual(dataset.column(c), fromFile.dataset.column(c), c);
    assert.deepEqual(dataset.lineNumbers, fromFile.dataset.lineNumbers);
    assert.equal(report.problems, 0);
    assert.equal(report.totalLines, fromFile.report.totalLines);
    // reader options still apply, and the other named datasets are still only files
    assert.equal((await loadDataset('sample', { name: 'mine' })).dataset.meta.name, 'mine');
    await assert.rejects(loadDataset('modcloth'), DataError);
  } finally {
    if (before === undefined) delete process.env.SIZEFIT_PROJECT_ROOT;
    else process.env.SIZEFIT_PROJECT_ROOT = before;
  }
});

test('fetch: a failed download says which file to put where; a good one is saved under the official name', async (t) => {
  const dir = tempDir(t, 'sizefit-fetch-');
  const failing = (async () => {
    throw new TypeError('fetch failed', { cause: new Error('getaddrinfo ENOTFOUND example') });
  }) as unknown as typeof fetch;
  await assert.rejects(fetchDataset('modcloth', { dataDir: dir, fetch: failing }), (e: unknown) => {
    assert.ok(e instanceof DataError);
    assert.match(e.message, /ENOTFOUND/);
    assert.ok(e.message.includes(join(dir, 'modcloth_final_data.json.gz')), e.message);
    return true;
  });
  assert.ok(!existsSync(join(dir, 'modcloth_final_data.json.gz.part')));
  const body = gzipSync(Buffer.from(`${MC_LINE}\n`));
  const urls: string[] = [];
  const ok = (async (url: string) => {
    urls.push(url);
    return new Response(body, { status: 200 });
  }) as unknown as typeof fetch;
  const saved = await fetchDataset('modcloth', { dataDir: dir, fetch: ok });
  assert.equal(saved, join(dir, 'modcloth_final_data.json.gz'));
  assert.deepEqual(readFileSync(saved), body);
  assert.match(urls[0], /ucsd\.edu\/.*modcloth_final_data\.json\.gz$/);
  await withDataDir(dir, async () => assert.equal((await loadDataset('modcloth')).dataset.length, 1));
  await assert.rejects(fetchDataset('sample', { dataDir: dir, fetch: ok }), /generated, not downloaded/);
  // Before: a login page answered with HTTP 200 was saved as the data file, and then loaded as 0 rows.
  const other = tempDir(t, 'sizefit-fetch-html-');
  const html = (async () =>
    new Response('<html><body>Please log in</body></html>', { status: 200 })) as unknown as typeof fetch;
  await assert.rejects(fetchDataset('modcloth', { dataDir: other, fetch: html }), (e: unknown) => {
    assert.ok(e instanceof DataError);
    assert.match(e.message, /the answer is not a gzip file \(it begins "<html><body>Please log in/);
    return true;
  });
  assert.ok(!existsSync(join(other, 'modcloth_final_data.json.gz')), 'nothing saved');
  assert.ok(!existsSync(join(other, 'modcloth_final_data.json.gz.part')));
});

test('a missing named dataset says whether SIZEFIT_DATA_DIR chose the data directory', async (t) => {
  // Before: "set by SIZEFIT_DATA_DIR" also when the variable was unset and the default directory was used.
  const dir = tempDir(t, 'sizefit-nodata-');
  await withDataDir(dir, () =>
    assert.rejects(loadDataset('modcloth'), (e: unknown) => {
      assert.ok(e instanceof DataError);
      assert.ok(e.message.includes(`(data directory ${resolve(dir)}, set by SIZEFIT_DATA_DIR)`), e.message);
      return true;
    }),
  );
  const before = process.env.SIZEFIT_DATA_DIR;
  delete process.env.SIZEFIT_DATA_DIR;
  t.after(() => {
    if (before !== undefined) process.env.SIZEFIT_DATA_DIR = before;
  });
  if (listDatasets().find((d) => d.name === 'modcloth')!.present) return t.skip('modcloth is in the default directory');
  await assert.rejects(loadDataset('modcloth'), (e: unknown) => {
    assert.ok(e instanceof DataError);
    assert.ok(
      e.message.includes(`(data directory ${dataDirectory()}, the default; SIZEFIT_DATA_DIR sets another)`),
      e.message,
    );
    return true;
  });
});
