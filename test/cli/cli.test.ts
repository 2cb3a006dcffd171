import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const bin = 'lib/dist/cli/main.js';
const pkg = JSON.parse(readFileSync('lib/package.json', 'utf8')) as { version: string; bin: Record<string, string> };

function sizefit(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('the package declares the sizefit bin pointing at the built CLI', () => {
  assert.equal(pkg.bin.sizefit, './dist/cli/main.js');
});

test('sizefit --help lists the commands, an unknown command exits 2', () => {
  const h = sizefit('--help');
  assert.equal(h.code, 0);
  assert.match(h.out, /Usage: sizefit <command>/);
  assert.match(h.out, /version/);
  const u = sizefit('no-such-command');
  assert.equal(u.code, 2);
  assert.match(u.err, /unknown command 'no-such-command'/);
});

test('sizefit version reports the lib version and the tfjs backend (wasm here)', () => {
  const r = sizefit('version', '--json');
  assert.equal(r.code, 0, r.err);
  const info = JSON.parse(r.out) as { sizefit: string; backend: string; tfjs: string };
  assert.equal(info.sizefit, pkg.version);
  assert.equal(info.tfjs, '4.22.0');
  assert.equal(info.backend, 'wasm');
});

test('setup links the sizefit command into node_modules/.bin (what npx sizefit runs)', () => {
  const r = spawnSync('node_modules/.bin/sizefit', ['--version'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.trim(), pkg.version);
});

test('the README documents every command of sizefit --help in its CLI table', async () => {
  const { commands } = await import('../../lib/cli/commands.js');
  const readme = readFileSync('README.md', 'utf8');
  const table = readme.slice(readme.indexOf('## The `sizefit` CLI'));
  const rows = table.split('\n').filter((l) => l.startsWith('| `sizefit '));
  assert.ok(commands.length >= 12, `only ${commands.length} commands`);
  for (const c of commands) {
    assert.ok(
      rows.some((r) => r.startsWith(`| \`sizefit ${c.name} `) || r.startsWith(`| \`sizefit ${c.name}\``)),
      `README's CLI table has no row for sizefit ${c.name}`,
    );
  }
});

test("sizefit help COMMAND prints that command's usage; an unknown one, extra words and --version words exit 2", async () => {
  // Before: `sizefit help train` printed the general help (train ignored) and `--version extra` printed the version.
  const { runInProcess: run } = await import('./run-in-process.js');
  const { commands } = await import('../../lib/cli/commands.js');
  const train = commands.find((c) => c.name === 'train')!;
  for (const word of ['help', '--help', '-h']) {
    const h = await run(word, 'train');
    assert.deepEqual([h.code, h.out, h.err], [0, train.usage, ''], word);
  }
  const unknown = await run('help', 'trian');
  assert.equal(unknown.code, 2);
  assert.match(unknown.err, /^sizefit help: unknown command 'trian'\n\nsizefit /);
  const extra = await run('help', 'train', 'cv');
  assert.equal(extra.code, 2);
  assert.match(extra.err, /^sizefit help: takes one command name, got 2/);
  const general = await run('help');
  assert.equal(general.code, 0);
  assert.match(general.out, /Usage: sizefit <command>/);
  for (const word of ['--version', '-v']) {
    const v = await run(word, 'extra');
    assert.deepEqual([v.code, v.out, v.err], [2, '', `sizefit ${word}: takes no arguments, got 'extra'`]);
    const ok = await run(word);
    assert.deepEqual([ok.code, ok.out], [0, pkg.version]);
  }
});
