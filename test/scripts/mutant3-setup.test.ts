// scripts/setup.mjs: the checks a third mutation round found untested, each driven through the command runner the
// functions take (no Python is run): the oldest Python accepted, a venv whose python is another's, a bin/jupyter
// without a `#!` line or that fails, and a kernel spec whose name or environment setup did not write.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
// @ts-expect-error: plain JS module without types
import { kernelArgv, kernelSpecProblem, pythonProblem, scriptInterpreter, venvProblem } from '../../scripts/setup.mjs';
import { tempDir } from '../temp-dir.js';

interface Ran {
  ok: boolean;
  status: number;
  out: string;
  stdout: string;
}
const answered = (stdout: string, status = 0): Ran => ({ ok: status === 0, status, out: stdout, stdout });

test('Python 3.9 is the oldest that makes the venv; 3.8 and 2.7 are refused with their version', () => {
  const python = (version: string) => pythonProblem('py', () => answered(`${version}\n`));
  assert.equal(python('3.9'), null);
  assert.equal(python('3.12'), null);
  assert.equal(python('3.8'), 'it is Python 3.8, and >= 3.9 is needed');
  assert.equal(python('2.7'), 'it is Python 2.7, and >= 3.9 is needed');
  // the answer is the last line, whatever Python printed before it
  assert.equal(
    pythonProblem('py', () => answered('a .pth note\n3.10\n')),
    null,
  );
});

/** A venv folder with an (unused) bin/python, and optionally a bin/jupyter holding `jupyter`. */
function fakeVenv(t: import('node:test').TestContext, jupyter?: string): string {
  const dir = join(tempDir(t, 'sizefit-setup-'), '.venv');
  mkdirSync(join(dir, 'bin'), { recursive: true });
  writeFileSync(join(dir, 'bin', 'python'), '');
  if (jupyter !== undefined) writeFileSync(join(dir, 'bin', 'jupyter'), jupyter);
  return dir;
}

/** A runner for venvProblem: python answers `prefix` for sys.prefix, pip works, jupyter ends with `jupyterStatus`. */
const venvRunner =
  (prefix: string, jupyterStatus = 0) =>
  (cmd: string, args: string[]): Ran => {
    if (cmd.endsWith('jupyter')) return answered('{}\n', jupyterStatus);
    if (args.includes('pip')) return answered('pip 24.0\n');
    return answered(`${prefix}\n`);
  };

test("a venv whose python is another installation's (sys.prefix elsewhere) is made again", (t) => {
  const venv = fakeVenv(t);
  assert.equal(venvProblem(venv, venvRunner(venv)), null, 'its own python: it works');
  assert.equal(venvProblem(venv, venvRunner('/usr')), `its python belongs to /usr, not to ${venv}`);
});

test('a bin/jupyter with no `#!` line, or one that fails, makes the venv one to make again', (t) => {
  const noShebang = fakeVenv(t, 'import sys\n');
  assert.equal(scriptInterpreter(join(noShebang, 'bin', 'jupyter')), undefined);
  assert.equal(
    venvProblem(noShebang, venvRunner(noShebang)),
    "its bin/jupyter runs an unknown interpreter, not this venv's python (was the project moved?)",
  );

  const failing = fakeVenv(t);
  writeFileSync(join(failing, 'bin', 'jupyter'), `#!${join(failing, 'bin', 'python')}\n`);
  assert.equal(venvProblem(failing, venvRunner(failing)), null, 'a jupyter of this venv that runs');
  assert.match(venvProblem(failing, venvRunner(failing, 1)), /^its bin\/jupyter does not run: /);
});

test('a `#!` line with options names the interpreter alone', (t) => {
  const dir = tempDir(t, 'sizefit-setup-');
  writeFileSync(join(dir, 'script'), '#!/opt/venv/bin/python -E -s\nprint(1)\n');
  assert.equal(scriptInterpreter(join(dir, 'script')), '/opt/venv/bin/python');
});

test("a kernel spec with this project's command but another name or NODE_OPTIONS is registered again", (t) => {
  const spec = join(tempDir(t, 'sizefit-setup-'), 'kernel.json');
  const argv = kernelArgv('/proj/node_modules/tslab/bin/tslab', '/usr/bin/node');
  const write = (displayName: string, env: Record<string, string> | undefined) =>
    writeFileSync(spec, JSON.stringify({ argv, display_name: displayName, ...(env && { env }) }));
  const ours = { NODE_OPTIONS: '--max-old-space-size=8192' };
  write('TypeScript (sizefit)', ours);
  assert.equal(kernelSpecProblem(spec, argv), null);
  const stale = 'its name or environment are not the ones setup writes';
  write('TypeScript', ours); // as `tslab install` writes it
  assert.equal(kernelSpecProblem(spec, argv), stale);
  write('TypeScript (sizefit)', undefined); // no heap limit: large notebooks run out of memory
  assert.equal(kernelSpecProblem(spec, argv), stale);
  write('TypeScript (sizefit)', { NODE_OPTIONS: '--max-old-space-size=2048' });
  assert.equal(kernelSpecProblem(spec, argv), stale);
});
