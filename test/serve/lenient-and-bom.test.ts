// The service reads what `sizefit predict` reads: with "badValues": "missing", nested values (arrays, objects) in a
// record are read as missing or ignored, as the file reader does, not refused (the default mode still answers 400);
// values nested more than 64 levels are refused naming them (re-serialising 10,000 levels was a 500); a body
// starting with a UTF-8 byte-order mark is read as the dataset reader reads such a file; a history with a
// repeated article size stops the service at start instead of answering every request for the article 400.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ADVICE_HISTORY_FILE,
  FitService,
  ModelFormatError,
  loadModel,
  parseFitData,
  type RunningFitServer,
} from '../../lib/index.js';
import { call, errorOf, post, serveTrainedModel } from './serve-fixtures.js';

let dir = '';
let service: FitService;
let server: RunningFitServer;

serveTrainedModel(
  {},
  () => {},
  (s) => {
    ({ dir, service, server } = s);
  },
);

/** What `sizefit predict` computes for these lines: the model on the file reader's dataset. */
async function predictedAsFile(lines: string[]): Promise<number[][]> {
  const { model } = await loadModel(dir);
  const { dataset } = parseFitData(lines.join('\n'), {
    format: 'renttherunway',
    extraFields: service.recordFormat.extraFields,
    keepUnlabeled: true,
    keepMissingIds: true,
  });
  const P = model.predictProba(dataset);
  return Array.from({ length: dataset.length }, (_, i) => [P[3 * i], P[3 * i + 1], P[3 * i + 2]]);
}

const NESTED = [
  '{"size": 12, "tags": ["a", "b"], "meta": {"src": "app"}}',
  '{"size": [12], "category": {"x": 1}, "review_text": ["long", "text"]}',
];

test('lenient mode: nested values are read as missing (known fields) or ignored (unknown keys), as the CLI reads a file', async () => {
  const records = NESTED.map((l) => JSON.parse(l) as unknown);
  const r = await post(server.url, '/v1/fit-predictions', { badValues: 'missing', records });
  assert.equal(r.status, 200, r.text);
  const body = r.json as { probabilities: number[][]; notes: { path: string; reason: string }[] };
  assert.deepEqual(body.probabilities, await predictedAsFile(NESTED));
  const notes = body.notes.map((n) => `${n.path}: ${n.reason}`);
  assert.ok(
    notes.some((n) => /^\$\.records\[1\]\.size: size: expected .*, got an array \(wrong-type\)/.test(n)),
    notes.join('\n'),
  );
  assert.ok(
    notes.some((n) => /^\$\.records\[1\]\.category: .*got object \(wrong-type\)/.test(n)),
    notes.join('\n'),
  );
  assert.ok(
    notes.some((n) => /^\$\.records\[0\]\.tags: is not a field of the model's records: ignored/.test(n)),
    notes.join('\n'),
  );

  // The default mode still refuses them, naming each.
  const strict = await post(server.url, '/v1/fit-predictions', { records });
  assert.equal(strict.status, 400, strict.text);
  const problems = errorOf(strict).problems.map((p) => p.path);
  assert.ok(problems.includes('$.records[0].tags'), problems.join(', '));
  assert.ok(problems.includes('$.records[1].size'), problems.join(', '));

  // Strings stay bounded by the string limit in both modes.
  const long = 'x'.repeat(service.limits.maxStringLength + 1);
  const over = await post(server.url, '/v1/fit-predictions', { badValues: 'missing', records: [{ tags: [long] }] });
  assert.equal(over.status, 200, 'a string nested in an ignored value is not read');
  const overFlat = await post(server.url, '/v1/fit-predictions', { badValues: 'missing', records: [{ tags: long }] });
  assert.equal(overFlat.status, 400, overFlat.text);
});

test('lenient mode: a key repeated inside a nested value is let be (the reader ignores it); in a record it is noted', async () => {
  const text =
    '{"badValues": "missing", "records": [{"size": 12, "meta": {"a": 1, "a": 2}}, {"size": 8, "size": 10, "x": 1}]}';
  const r = await call(server.url, 'POST', '/v1/fit-predictions', text);
  assert.equal(r.status, 200, r.text);
  const body = r.json as { probabilities: number[][]; notes: { path: string; reason: string }[] };
  assert.deepEqual(
    body.probabilities,
    await predictedAsFile(['{"size": 12, "meta": {"a": 1, "a": 2}}', '{"size": 8, "size": 10, "x": 1}']),
  );
  const paths = body.notes.map((n) => `${n.path}: ${n.reason}`);
  assert.ok(paths.includes('$.records[1].size: given more than once with different values: read as missing'));
  assert.ok(paths.includes("$.records[0].meta: is not a field of the model's records: ignored (in 1 record)"));
  assert.ok(!paths.some((p) => p.startsWith('$.records[0].meta.a')), paths.join('\n'));
  // The default mode refuses both.
  const strict = await call(server.url, 'POST', '/v1/fit-predictions', text.replace('"missing"', '"error"'));
  assert.equal(strict.status, 400, strict.text);
  assert.deepEqual(
    errorOf(strict).problems.map((p) => p.path),
    ['$.records[0].meta.a', '$.records[1].size'],
  );
});

test('lenient mode: a value nested thousands of levels deep is a 400 naming it, in both modes (was a 500)', async () => {
  // Before: the lenient schema let the value through and re-serialising the record for the parser overflowed the
  // call stack (RangeError): a 500.
  const nested = '['.repeat(10_000) + ']'.repeat(10_000);
  for (const mode of ['"badValues": "missing", ', '']) {
    for (const [field, path] of [
      ['review_text', '$.records[1].review_text'],
      ['meta', '$.records[1].meta'],
    ]) {
      const text = `{${mode}"records": [{"size": 8}, {"size": 12, "${field}": ${nested}}]}`;
      const r = await call(server.url, 'POST', '/v1/fit-predictions', text);
      assert.equal(r.status, 400, `${mode} ${field}: ${r.text.slice(0, 300)}`);
      assert.deepEqual(
        errorOf(r).problems.map((p) => p.path),
        [path],
        `${mode} ${field}`,
      );
    }
  }
  const lenient = (value: string): Promise<Awaited<ReturnType<typeof call>>> =>
    call(
      server.url,
      'POST',
      '/v1/fit-predictions',
      `{"badValues": "missing", "records": [{"size": 8, "meta": ${value}}]}`,
    );
  const over = await lenient('['.repeat(65) + ']'.repeat(65));
  assert.equal(over.status, 400, over.text);
  assert.deepEqual(errorOf(over).problems, [
    { path: '$.records[0].meta', reason: 'nests arrays and objects more than 64 levels deep' },
  ]);
  // 64 levels, wide or not, are still read as an ignored key
  const wide = `[${Array.from({ length: 50 }, () => '{"a": [1, {"b": []}]}').join(', ')}]`;
  for (const value of ['['.repeat(64) + ']'.repeat(64), wide]) {
    const ok = await lenient(value);
    assert.equal(ok.status, 200, ok.text.slice(0, 300));
  }
});

test('lenient mode: a repeated key is placed by where it is, however deep: in a record it is let be, elsewhere a 400', async () => {
  const deep = `${'{"x": '.repeat(40)}{"a": 1, "a": 2}${'}'.repeat(40)}`;
  const inRecord = await call(
    server.url,
    'POST',
    '/v1/fit-predictions',
    `{"badValues": "missing", "records": [{"size": 8, "meta": ${deep}}]}`,
  );
  assert.equal(inRecord.status, 200, inRecord.text);
  const outside = await call(
    server.url,
    'POST',
    '/v1/fit-predictions',
    `{"badValues": "missing", "records": [{"size": 8}], "extra": ${deep}}`,
  );
  assert.equal(outside.status, 400, outside.text);
  assert.deepEqual(
    errorOf(outside).problems.map((p) => p.path),
    [`$.extra${'.x'.repeat(40)}.a`],
  );
  // a record that is not an object: a key repeated inside it is not a record's
  const inArray = await call(
    server.url,
    'POST',
    '/v1/fit-predictions',
    '{"badValues": "missing", "records": [[{"a": 1, "a": 2}]]}',
  );
  assert.equal(inArray.status, 400, inArray.text);
  assert.deepEqual(
    errorOf(inArray).problems.map((p) => p.path),
    ['$.records[0][0].a'],
  );
});

test('a body starting with a UTF-8 byte-order mark is read as JSON, as the dataset reader reads such a file', async () => {
  const text = JSON.stringify({ records: [{ size: 12 }, { size: 4, height: '5\' 6"' }] });
  const plain = await call(server.url, 'POST', '/v1/fit-predictions', text);
  const bom = await call(server.url, 'POST', '/v1/fit-predictions', Buffer.from('\ufeff' + text, 'utf8'));
  assert.equal(plain.status, 200, plain.text);
  assert.equal(bom.status, 200, bom.text);
  assert.deepEqual(bom.json, plain.json);
  const rec = await call(
    server.url,
    'POST',
    '/v1/size-recommendations',
    Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"requests":[{"customer":"1","item":"2"}]}')]),
  );
  assert.equal(rec.status, 200, rec.text);

  // A second mark is not JSON: the reason shows it as \uFEFF, never as an invisible character.
  const twice = await call(server.url, 'POST', '/v1/fit-predictions', '\ufeff\ufeff' + text);
  assert.equal(twice.status, 400, twice.text);
  const reason = errorOf(twice).problems[0].reason;
  assert.ok(!reason.includes('\ufeff'), JSON.stringify(reason));
  assert.match(reason, /\\uFEFF/);
});

test('a history with a repeated article size stops the service at load, naming advice-history.json', async () => {
  // Before: it loaded and each request for the article was a 400 "request 0: size 0 repeats" at $.requests.
  const bad = dir + '-repeated-size';
  cpSync(dir, bad, { recursive: true });
  const hp = join(bad, ADVICE_HISTORY_FILE);
  const h = JSON.parse(readFileSync(hp, 'utf8')) as { articles: { sizes: number[][] } };
  const a = h.articles.sizes.findIndex((s) => s.length >= 2);
  h.articles.sizes[a][1] = h.articles.sizes[a][0];
  writeFileSync(hp, JSON.stringify(h));
  const mp = join(bad, 'manifest.json');
  const m = JSON.parse(readFileSync(mp, 'utf8')) as { files: Record<string, { sha256: string; bytes: number }> };
  const bytes = readFileSync(hp);
  m.files[ADVICE_HISTORY_FILE] = {
    ...m.files[ADVICE_HISTORY_FILE],
    sha256: createHash('sha256').update(bytes).digest('hex'),
    bytes: bytes.length,
  };
  writeFileSync(mp, JSON.stringify(m));
  await assert.rejects(
    FitService.load(bad),
    (e: unknown) =>
      e instanceof ModelFormatError && e.file === hp && new RegExp(`articles\\.sizes\\[${a}\\]\\[1\\]`).test(e.message),
  );
});
