// The library installed into another Node project: npm pack lib (the built lib/dist), install the tarball
// into a temp copy of examples/fit-service-client (dependencies from the npm cache, --prefer-offline), train a
// small model with the installed `sizefit` binary, and check that the example's predictions, direct and
// through the HTTP service, equal `sizefit predict`'s CSV exactly; and that the installed package has the sample.
// A second test runs the example on the library's sources (no build: a stand-in `sizefit` package re-exporting
// lib/index.ts, run under tsx) for a model trained on generated synthetic data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runCli } from '../../lib/cli/run-cli.js';
import { tempDir } from '../temp-dir.js';
import { modclothLines, syntheticModelDir } from '../serve/serve-fixtures.js';

const root = resolve('.');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function run(cmd: string, args: string[], cwd: string, env: Record<string, string> = {}): SpawnSyncReturns<string> {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: 120_000, env: { ...process.env, ...env } });
  assert.equal(r.status, 0, `${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stderr}\n${r.stdout}`);
  return r;
}

test(
  'examples/fit-service-client installs the packed library and predicts exactly what sizefit predict does',
  { timeout: 240_000 },
  () => {
    assert.ok(
      existsSync(join(root, 'lib/dist/serve/index.js')) && existsSync(join(root, 'lib/dist/cli/main.js')),
      'lib/dist is not built with lib/serve: run `npm run build` first',
    );
    const tmp = mkdtempSync(join(tmpdir(), 'sizefit-example-'));
    // about 350 MB (the installed client): removed whatever the outcome
    try {
      run(npm, ['pack', '--silent', '--ignore-scripts', '--pack-destination', tmp], join(root, 'lib'));
      const tarball = readdirSync(tmp).find((f) => /^sizefit-.*\.tgz$/.test(f));
      assert.ok(tarball, 'npm pack wrote a sizefit tarball');

      const client = join(tmp, 'client');
      cpSync(join(root, 'examples/fit-service-client'), client, {
        recursive: true,
        filter: (src) => !src.includes('node_modules'),
      });
      run(
        npm,
        ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', join(tmp, tarball!)],
        client,
      );
      const installed = JSON.parse(readFileSync(join(client, 'node_modules/sizefit/package.json'), 'utf8')) as {
        name: string;
      };
      assert.equal(installed.name, 'sizefit');
      assert.ok(!existsSync(join(client, 'node_modules/danfojs-node')), 'optional peers are not installed');

      // The bundled sample works in a project that installed the package (before: "dataset 'sample' not found",
      // pointing at the repository's scripts/ and datasets/): generated in memory, the committed file's bytes.
      const bin = join(client, 'node_modules/sizefit/dist/cli/main.js');
      const noRoot = { SIZEFIT_PROJECT_ROOT: '' };
      const stats = JSON.parse(
        run(process.execPath, [bin, 'data', 'stats', '--dataset', 'sample', '--json'], client, noRoot).stdout,
      ) as { sha256: string; records: number; source: string };
      const committed = readFileSync(join(root, 'datasets/sample/sample.jsonl'));
      assert.equal(stats.sha256, createHash('sha256').update(committed).digest('hex'));
      assert.match(stats.source, /generated in memory/);
      const list = JSON.parse(run(process.execPath, [bin, 'data', 'list', '--json'], client, noRoot).stdout) as {
        datasets: { name: string; present: boolean }[];
      };
      assert.equal(list.datasets.find((d) => d.name === 'sample')?.present, true);

      // A small model, trained by the installed binary on the committed sample given by path, as the README does:
      // the sample's extra fields (brand, size system...) are then unknown to the model's records.
      const env = { SIZEFIT_PROJECT_ROOT: root };
      const model = join(tmp, 'model');
      run(
        process.execPath,
        [
          bin,
          'train',
          '--dataset',
          join(root, 'datasets/sample/sample.jsonl'),
          '--model',
          'k-lf-lr',
          '--seed',
          '2',
          '--out',
          model,
        ],
        client,
        env,
      );

      // Records to score: 1,200 sample lines (labels included, as in the file), a blank line among them, and a
      // cold-start record: more than one request's 1,000 records, and line numbers that skip the blank line
      // (before: --via-service got a 400 over 1,000 records and numbered the non-blank lines).
      const lines = readFileSync(join(root, 'datasets/sample/sample.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .slice(1000, 2200);
      lines.splice(600, 0, '');
      lines.push('{"user_id": "nobody", "item_id": "nothing", "size": 8, "height": "5\' 4\\""}');
      // a value the reader reads as missing (before: the service answered 400 for the whole batch)
      lines.push('{"user_id": "old", "item_id": "nothing", "size": 8, "age": "116", "height": "5 ft 13"}');
      // a key given twice with different values: missing for the reader, so for the client too
      lines.push('{"user_id": "twice", "item_id": "nothing", "size": 8, "size": 20, "age": "30", "age": "45"}');
      // Lines the reader leaves out, a malformed one and JSON that is no object, and a record after a byte order
      // mark, which the reader reads (before: --via-service threw a raw SyntaxError for the first and the last, and
      // the service refused the whole batch for the others)
      const leftOut = ['{"user_id": "a", "item_id": "b", "size": 8,', '[1, 2]', '"secret text"', 'null'];
      const firstLeftOut = lines.length + 1;
      lines.push(...leftOut);
      lines.push('\uFEFF{"user_id": "bom", "item_id": "nothing", "size": 10}');
      // RentTheRunway lines carry reviews longer than the service's 200-character string limit (708 and 980
      // characters in the format sample): read and dropped by the reader, so by the service in either mode (before:
      // --via-service got a 400 "is 708 characters long; the limit is 200" for them)
      const review = (n: number): string => 'This dress fit well, the fabric was great. '.repeat(30).slice(0, n);
      lines.push(
        JSON.stringify({
          user_id: 'reviewer',
          item_id: 'nothing',
          size: 12,
          review_text: review(708),
          review_summary: review(240),
        }),
      );
      lines.push(JSON.stringify({ user_id: 'reviewer', item_id: 'other', size: 8, review_text: review(980) }));
      const recordsPath = join(tmp, 'records.jsonl');
      writeFileSync(recordsPath, lines.join('\n') + '\n');

      const csv = join(tmp, 'cli.csv');
      run(process.execPath, [bin, 'predict', '--model', model, '--dataset', recordsPath, '--out', csv], client, env);
      const expected = readFileSync(csv, 'utf8');
      assert.equal(expected.trim().split('\n').length, 1207);
      assert.match(expected, new RegExp(`^${firstLeftOut + leftOut.length},`, 'm'), 'the record after a BOM is read');

      const direct = run(process.execPath, ['index.mjs', model, recordsPath], client, env);
      assert.equal(direct.stdout, expected);
      const via = run(process.execPath, ['index.mjs', model, recordsPath, '--via-service'], client, env);
      assert.equal(via.stdout, expected);
      // the lines left out are said in both modes alike, by line number and shape, never their text
      const said = [
        `note: line ${firstLeftOut}: not valid JSON: left out`,
        `note: line ${firstLeftOut + 1}: JSON an array, not an object: left out`,
        `note: line ${firstLeftOut + 2}: JSON a string, not an object: left out`,
        `note: line ${firstLeftOut + 3}: JSON null, not an object: left out`,
      ];
      assert.deepEqual(direct.stderr.trim().split('\n'), said);
      for (const note of said) assert.ok(via.stderr.includes(`${note}\n`), note);
      assert.ok(!via.stderr.includes('secret text') && !direct.stderr.includes('secret text'));
      // what the service left out is said, with the file's line numbers
      assert.match(via.stderr, /note: line 1203\.age: .*out-of-range/);
      assert.match(via.stderr, /note: line 1203\.height: .*unparseable/);
      assert.match(
        via.stderr,
        /note: line 1\.brand: is not a field of the model's records: ignored \(in 1,?000 records\)/,
      );
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  },
);

test('for a model trained on synthetic data the example reads a ModCloth file as sizefit predict does, in both modes', async (t) => {
  // Before: the example read the records with recordFormatOf(manifest).format (RentTheRunway), and so did the
  // service: `waist`, `hips`, `bra size` and `cup size` were ignored ("is not a field of the model's records") and
  // the probabilities differed from those of `sizefit predict`, which reads the file in its own format.
  const tmp = tempDir(t, 'sizefit-example-synthetic-');
  const client = join(tmp, 'client');
  cpSync(join(root, 'examples/fit-service-client'), client, {
    recursive: true,
    filter: (src) => !src.includes('node_modules'),
  });
  const shim = join(client, 'node_modules/sizefit');
  mkdirSync(shim, { recursive: true });
  writeFileSync(join(shim, 'package.json'), JSON.stringify({ name: 'sizefit', type: 'module', exports: './index.js' }));
  writeFileSync(join(shim, 'index.js'), `export * from ${JSON.stringify(join(root, 'lib/index.ts'))};\n`);
  const model = await syntheticModelDir(tmp);
  const records = join(tmp, 'modcloth.jsonl');
  writeFileSync(records, modclothLines.join('\n') + '\n');
  const csv = join(tmp, 'cli.csv');
  const err: string[] = [];
  const code = await runCli(['predict', '--model', model, '--dataset', records, '--out', csv], {
    out: () => {},
    err: (m) => err.push(m),
  });
  assert.equal(code, 0, err.join('\n'));
  assert.ok(err.join('\n').includes('read as modcloth records'), err.join('\n'));
  const expected = readFileSync(csv, 'utf8');
  assert.equal(expected.trim().split('\n').length, modclothLines.length + 1);
  const tsx = import.meta.resolve('tsx');
  const direct = run(process.execPath, ['--import', tsx, 'index.mjs', model, records], client);
  assert.equal(direct.stdout, expected);
  assert.equal(direct.stderr, '');
  const via = run(process.execPath, ['--import', tsx, 'index.mjs', model, records, '--via-service'], client);
  assert.equal(via.stdout, expected);
  assert.equal(via.stderr, '', 'no field of the records ignored');
});
