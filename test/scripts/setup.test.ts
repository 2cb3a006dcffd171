// scripts/setup.mjs: which .venv it makes again, which kernel spec it registers again, which Python it refuses, and
// where it looks for Chromium. Fake venvs made with `python3 -m venv --without-pip` (0.2 s), no pip install.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { staticRenderSupport } from '../../lib/index.js';
import {
  chromiumSupport,
  findPython,
  kernelArgv,
  kernelSpecProblem,
  scriptInterpreter,
  venvProblem,
  // @ts-expect-error: plain JS module without types
} from '../../scripts/setup.mjs';
import { fakeProject } from './fake-project.js';
import { tempDir as sharedTempDir } from '../temp-dir.js';

const python3 = spawnSync('python3', ['-c', 'import venv'], { encoding: 'utf8' }).status === 0;

const tempDir = (t: TestContext, prefix = 'sizefit-setup-'): string => sharedTempDir(t, prefix);

/** A venv without pip at `dir`; with the base Python's site-packages (so its pip) when `withPip`. */
function makeVenv(dir: string, withPip: boolean): void {
  const args = ['-m', 'venv', '--without-pip', ...(withPip ? ['--system-site-packages'] : []), dir];
  const r = spawnSync('python3', args, { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
}

/** A stand-in bin/jupyter run by `interpreter`, written as pip writes it (a `/bin/sh` trampoline for a path with spaces). */
function writeJupyter(venv: string, interpreter: string): void {
  const body = "import sys\nprint('{}')\n";
  const head = interpreter.includes(' ')
    ? `#!/bin/sh\n'''exec' "${interpreter}" "$0" "$@"\n' '''\n`
    : `#!${interpreter}\n`;
  writeFileSync(join(venv, 'bin', 'jupyter'), head + body);
  chmodSync(join(venv, 'bin', 'jupyter'), 0o755);
}

test(
  'a working venv passes the check, from a path with a space, `%` and a non-ASCII letter',
  { skip: !python3 },
  (t) => {
    const venv = join(tempDir(t, 'sizefit-setup-a b é%20'), '.venv');
    makeVenv(venv, true);
    writeJupyter(venv, join(venv, 'bin', 'python'));
    assert.equal(scriptInterpreter(join(venv, 'bin', 'jupyter')), join(venv, 'bin', 'python'));
    assert.equal(venvProblem(venv), null);
  },
);

test('a working venv whose Python prints warnings at start-up (a .pth file) still passes', { skip: !python3 }, (t) => {
  // Before: the warning was read as part of sys.prefix, and setup deleted and rebuilt the working venv.
  const venv = join(tempDir(t), '.venv');
  makeVenv(venv, true);
  writeJupyter(venv, join(venv, 'bin', 'python'));
  const site = spawnSync(join(venv, 'bin', 'python'), ['-c', 'import site; print(site.getsitepackages()[0])'], {
    encoding: 'utf8',
  }).stdout.trim();
  const warn = 'import sys; sys.stderr.write("DeprecationWarning: a .pth warning\\n"); print("a .pth note")\n';
  writeFileSync(join(site, 'zz-warn.pth'), warn);
  assert.match(spawnSync(join(venv, 'bin', 'python'), ['-c', 'pass'], { encoding: 'utf8' }).stderr, /a \.pth warning/);
  assert.equal(venvProblem(venv), null);
});

test('a venv that does not work is found out: no pip, its Python gone, a moved project', { skip: !python3 }, (t) => {
  // Before: any .venv with a bin/python was taken as good; setup never repaired it.
  const dir = tempDir(t);
  const noPip = join(dir, 'no-pip');
  makeVenv(noPip, false);
  assert.match(venvProblem(noPip), /pip does not run in it/);

  const gone = join(dir, 'gone');
  makeVenv(gone, true);
  rmSync(join(gone, 'bin', 'python3'));
  symlinkSync('/nonexistent/python3.11', join(gone, 'bin', 'python3'));
  assert.match(venvProblem(gone), /leads to \/nonexistent\/python3\.11, which does not exist/);

  const empty = join(dir, 'empty');
  mkdirSync(empty);
  assert.match(venvProblem(empty), /no bin\/python/);

  // a moved project: the venv's python works from the new place, its scripts name the old one
  const moved = join(dir, 'moved');
  makeVenv(moved, true);
  writeJupyter(moved, '/old/place/.venv/bin/python');
  assert.match(venvProblem(moved), /bin\/jupyter runs \/old\/place\/\.venv\/bin\/python, not this venv's python/);
  writeJupyter(moved, '/old/my place/.venv/bin/python');
  assert.match(venvProblem(moved), /runs \/old\/my place\/\.venv\/bin\/python/);
});

test("a kernel spec pinned to another node or tslab (a moved project) is registered again; this project's is kept", (t) => {
  // Before: the kernel was registered at every run, and nothing checked what an existing kernel.json pinned.
  const dir = tempDir(t);
  const spec = join(dir, 'kernel.json');
  const argv = kernelArgv('/proj/node_modules/tslab/bin/tslab', '/usr/bin/node');
  assert.match(kernelSpecProblem(spec, argv), /not registered/);
  const write = (a: string[]) =>
    writeFileSync(
      spec,
      JSON.stringify({
        argv: a,
        display_name: 'TypeScript (sizefit)',
        env: { NODE_OPTIONS: '--max-old-space-size=8192' },
      }),
    );
  write(argv);
  assert.equal(kernelSpecProblem(spec, argv), null);
  write(kernelArgv('/old/node_modules/tslab/bin/tslab', '/usr/bin/node'));
  assert.match(kernelSpecProblem(spec, argv), /runs \/usr\/bin\/node \/old\/node_modules\/tslab\/bin\/tslab, not/);
  write(kernelArgv('/proj/node_modules/tslab/bin/tslab', '/opt/node18/bin/node'));
  assert.match(kernelSpecProblem(spec, argv), /runs \/opt\/node18\/bin\/node/);
});

test('an unusable SIZEFIT_PYTHON is refused with why, not replaced by python3', { skip: !python3 }, () => {
  // Before: setup went on with python3 and said nothing.
  const missing = findPython({ SIZEFIT_PYTHON: '/nonexistent/python3' });
  assert.equal(missing.python, undefined);
  assert.match(missing.problem, /SIZEFIT_PYTHON=\/nonexistent\/python3 cannot make the venv \(no such command\)/);
  const failing = findPython({ SIZEFIT_PYTHON: 'false' });
  assert.equal(failing.python, undefined);
  assert.match(failing.problem, /\(it fails: exit code 1\)/);
  assert.deepEqual(findPython({ SIZEFIT_PYTHON: 'python3' }), { python: 'python3' });
  assert.deepEqual(findPython({}), { python: 'python3' });
});

test('setup looks for Chromium as the library does', async (t) => {
  // Before: setup looked only at SIZEFIT_CHROMIUM ?? /usr/bin/chromium, so SIZEFIT_CHROMIUM= (empty) or a
  // /usr/bin/chromium-browser was "MISSING" while the library found a browser.
  const saved = process.env.SIZEFIT_CHROMIUM;
  t.after(() => {
    if (saved === undefined) delete process.env.SIZEFIT_CHROMIUM;
    else process.env.SIZEFIT_CHROMIUM = saved;
  });
  const dir = tempDir(t);
  writeFileSync(join(dir, 'chrome'), '#!/bin/sh\n');
  for (const value of [undefined, '', join(dir, 'chrome'), join(dir, 'nope')]) {
    if (value === undefined) delete process.env.SIZEFIT_CHROMIUM;
    else process.env.SIZEFIT_CHROMIUM = value;
    assert.deepEqual(await chromiumSupport(), staticRenderSupport(), `SIZEFIT_CHROMIUM=${value}`);
  }
  assert.equal((await chromiumSupport()).available, false);
  process.env.SIZEFIT_CHROMIUM = join(dir, 'chrome');
  assert.equal((await chromiumSupport()).executablePath, join(dir, 'chrome'));
});

test('setup finds its project from a checkout path with a space, `%` and a non-ASCII letter', async (t) => {
  // Before: the root was the percent-encoded URL path (/tmp/a%20b%20%C3%A9%2520...), which does not exist.
  const p = fakeProject(t, ['scripts/setup.mjs']);
  const { root } = await import(pathToFileURL(join(p.root, 'scripts', 'setup.mjs')).href);
  assert.equal(root, p.root);
});
