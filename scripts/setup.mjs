#!/usr/bin/env node
// Project setup, run by `npm install` (postinstall) and by `npm run setup`. Idempotent: each step checks
// whether its work is already done. Steps: build lib/, a project-local Python venv (.venv) with the Jupyter
// pieces, the tslab kernel registered inside that venv, and Chromium for static plot images (apt, root only).
// A .venv that does not work (no pip, its Python gone, made for another folder) is made again; a kernel pinned to
// another node or tslab is registered again. A step that cannot be done is reported with how to fix it; the others
// still run. Exit code 0 unless the lib build fails (nothing works without it).
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const JUPYTER_PACKAGES = ['nbclient>=0.10', 'nbconvert>=7.16', 'jupyterlab>=4.2', 'ipykernel>=6.29', 'plotly>=5.20'];
const KERNEL_DISPLAY_NAME = 'TypeScript (sizefit)';
const KERNEL_NODE_OPTIONS = '--max-old-space-size=8192';

function log(msg) {
  console.log(`[setup] ${msg}`);
}
/**
 * Runs a command in the project root; `out` is its stdout and stderr, and why it could not start (for messages);
 * `stdout` alone is for reading an answer.
 */
export function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, encoding: 'utf8', ...opts });
  return {
    ok: r.status === 0,
    status: r.status,
    out: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error?.message ?? ''}`,
    stdout: r.stdout ?? '',
    error: r.error,
  };
}
/**
 * The last non-empty line a command printed on stdout: its answer, whatever warnings Python wrote before it (a
 * `.pth` file or PYTHONWARNINGS can print at start-up, on stderr or stdout).
 */
function answer(r) {
  const lines = (r.stdout ?? r.out).split('\n').filter((l) => l.trim() !== '');
  return (lines.at(-1) ?? '').trim();
}
function tail(text, n = 12) {
  return text.trim().split('\n').slice(-n).join('\n');
}
/** The path with symbolic links resolved, as far as it exists. */
function real(p) {
  try {
    return realpathSync(p);
  } catch {
    return resolve(p);
  }
}

/** Why the Python command `cmd` cannot make the venv (not found, fails, older than 3.9, no venv module), or null. */
export function pythonProblem(cmd, runCmd = run) {
  const r = runCmd(cmd, ['-c', 'import sys, venv; print("%d.%d" % sys.version_info[:2])']);
  if (r.error) return r.error.code === 'ENOENT' ? 'no such command' : r.error.message;
  if (!r.ok) return `it fails: ${tail(r.out, 2) || `exit code ${r.status}`}`;
  const version = answer(r);
  const [maj, min] = version.split('.').map(Number);
  return maj === 3 && min >= 9 ? null : `it is Python ${version}, and >= 3.9 is needed`;
}

/**
 * The Python that makes .venv: `SIZEFIT_PYTHON` when set, else the first of python3, python that works. A
 * `SIZEFIT_PYTHON` that does not work is refused, with why, rather than replaced by another Python.
 * @returns `{ python }`, or `{ problem }` saying what is missing and how to fix it.
 */
export function findPython(env = process.env, runCmd = run) {
  if (env.SIZEFIT_PYTHON) {
    const why = pythonProblem(env.SIZEFIT_PYTHON, runCmd);
    if (why === null) return { python: env.SIZEFIT_PYTHON };
    return {
      problem:
        `the Python of SIZEFIT_PYTHON=${env.SIZEFIT_PYTHON} cannot make the venv (${why}); setup does not use another ` +
        'Python in its place: point SIZEFIT_PYTHON at a Python >= 3.9 with the venv module, or unset it',
    };
  }
  for (const c of ['python3', 'python']) if (pythonProblem(c, runCmd) === null) return { python: c };
  return {
    problem:
      'Python >= 3.9 with the venv module (Debian: apt-get install python3 python3-venv; or set SIZEFIT_PYTHON=/path/to/python3)',
  };
}

/**
 * The interpreter a console script (e.g. .venv/bin/jupyter) runs: its `#!` line, or, for a long path or one with
 * spaces, the `'''exec' "PYTHON" "$0" "$@"` line pip writes under `#!/bin/sh`. Undefined when unreadable.
 */
export function scriptInterpreter(file) {
  let head;
  try {
    head = readFileSync(file, 'utf8').slice(0, 4096);
  } catch {
    return undefined;
  }
  const [first = '', second = ''] = head.split('\n');
  if (!first.startsWith('#!')) return undefined;
  const shebang = first.slice(2).trim();
  if (shebang === '/bin/sh')
    return /^'''exec' "(.*?)" "\$0" "\$@"/.exec(second)?.[1] ?? /^'''exec' (\S+)/.exec(second)?.[1];
  return shebang.split(/\s+/)[0];
}

/**
 * Why the venv at `dir` cannot be used as it is, or null when it works: its python runs and is this venv's
 * (`sys.prefix`), pip runs in it, and `bin/jupyter`, when installed, runs with this venv's python (a venv copied or
 * moved with the project keeps scripts that name the old folder).
 * @param runCmd runs a command (see {@link run}); tests pass their own.
 */
export function venvProblem(dir, runCmd = run) {
  const python = join(dir, 'bin', 'python');
  if (!existsSync(python)) {
    // follow the links (bin/python -> python3 -> the Python the venv was made with) to the one that is missing
    let target = python;
    try {
      for (let i = 0; i < 40 && !existsSync(target); i++) target = resolve(dirname(target), readlinkSync(target));
    } catch {
      if (target === python) return 'it has no bin/python (was its creation interrupted?)';
    }
    return `its bin/python leads to ${target}, which does not exist (was the Python it was made with removed?)`;
  }
  const prefix = runCmd(python, ['-c', 'import sys; print(sys.prefix)']);
  if (!prefix.ok) return `its python does not run: ${tail(prefix.out, 2)}`;
  if (real(answer(prefix)) !== real(dir)) return `its python belongs to ${answer(prefix)}, not to ${dir}`;
  const pip = runCmd(python, ['-m', 'pip', '--version']);
  if (!pip.ok) return `pip does not run in it (was its creation interrupted?): ${tail(pip.out, 1)}`;
  const jupyter = join(dir, 'bin', 'jupyter');
  if (existsSync(jupyter)) {
    const interpreter = scriptInterpreter(jupyter);
    if (interpreter === undefined || real(dirname(interpreter)) !== real(join(dir, 'bin'))) {
      return `its bin/jupyter runs ${interpreter ?? 'an unknown interpreter'}, not this venv's python (was the project moved?)`;
    }
    const ks = runCmd(jupyter, ['kernelspec', 'list', '--json']);
    if (!ks.ok) return `its bin/jupyter does not run: ${tail(ks.out, 2)}`;
  }
  return null;
}

/** The command line of the tslab kernel: this project's node and tslab, so that it does not depend on PATH. */
export function kernelArgv(tslabBin, node = process.execPath) {
  return [node, tslabBin, 'kernel', '--config-path', '{connection_file}'];
}

/** Why the kernel spec `specFile` is not the one setup writes for `argv` (missing, another node or tslab), or null. */
export function kernelSpecProblem(specFile, argv) {
  let k;
  try {
    k = JSON.parse(readFileSync(specFile, 'utf8'));
  } catch (e) {
    return existsSync(specFile) ? `its kernel.json does not read: ${e.message}` : 'it is not registered';
  }
  if (JSON.stringify(k.argv) !== JSON.stringify(argv)) {
    return `it runs ${(k.argv ?? []).slice(0, 2).join(' ')}, not ${argv.slice(0, 2).join(' ')}`;
  }
  if (k.display_name !== KERNEL_DISPLAY_NAME || k.env?.NODE_OPTIONS !== KERNEL_NODE_OPTIONS) {
    return 'its name or environment are not the ones setup writes';
  }
  return null;
}

/**
 * Whether static chart images can be made, as the library sees it (lib/dist's `staticRenderSupport`: the same
 * Chromium candidates and `SIZEFIT_CHROMIUM`). Needs lib/dist built.
 */
export async function chromiumSupport() {
  const { staticRenderSupport } = await import(pathToFileURL(join(root, 'lib', 'dist', 'index.js')).href);
  return staticRenderSupport();
}

async function main() {
  const venv = join(root, '.venv');
  const py = join(venv, 'bin', 'python');
  const missing = [];
  const t0 = Date.now();

  // 1. Build lib/ (the package that notebooks, CLI, tests and services import).
  log('building lib/ with tsc ...');
  const build = run(process.execPath, ['scripts/build.mjs']);
  if (!build.ok) {
    console.error(tail(build.out, 40));
    console.error('[setup] FAILED: the lib/ build failed (see above).');
    process.exitCode = 1;
    return;
  }
  log('lib/ built to lib/dist');

  // The `sizefit` command: npm links a workspace's bin only when its target exists at link time, which is
  // before this build on a fresh clone, so link it here (idempotent).
  {
    const binDir = join(root, 'node_modules', '.bin');
    const target = join(root, 'lib', 'dist', 'cli', 'main.js');
    const link = join(binDir, 'sizefit');
    mkdirSync(binDir, { recursive: true }); // the build made target executable
    rmSync(link, { force: true });
    symlinkSync(relative(binDir, target), link);
    log('sizefit command linked: node_modules/.bin/sizefit (npx sizefit --help)');
  }

  // 2. Python venv with the Jupyter pieces. A venv that does not work is made again (--clear) and refilled.
  const broken = existsSync(venv) ? venvProblem(venv) : 'none yet';
  let venvOk = broken === null;
  if (venvOk) {
    log('Python venv .venv exists and works');
  } else {
    const found = findPython();
    if (found.python === undefined) {
      missing.push(
        existsSync(venv) ? `a working .venv (${broken}); to make it again: ${found.problem}` : found.problem,
      );
    } else {
      if (existsSync(venv)) log(`.venv does not work (${broken}): making it again`);
      log(`creating the Python venv in .venv with ${found.python} ...`);
      const r = run(found.python, ['-m', 'venv', '--clear', venv]);
      if (!r.ok)
        missing.push(
          `a Python venv (${found.python} -m venv .venv failed: ${tail(r.out, 3)}; Debian: apt-get install python3-venv)`,
        );
      venvOk = r.ok;
    }
  }

  let jupyterOk = false;
  if (venvOk) {
    const stamp = join(venv, '.sizefit-jupyter');
    const want = JUPYTER_PACKAGES.join(' ');
    const check = run(py, ['-c', 'import nbclient, nbconvert, jupyterlab, ipykernel, plotly']);
    if (check.ok && existsSync(stamp) && readFileSync(stamp, 'utf8') === want) {
      log('Jupyter packages already installed in .venv');
      jupyterOk = true;
    } else {
      log(`installing into .venv: ${want} (pip, --retries 0 --timeout 5) ...`);
      const r = run(py, [
        '-m',
        'pip',
        'install',
        '--disable-pip-version-check',
        '--retries',
        '0',
        '--timeout',
        '5',
        ...JUPYTER_PACKAGES,
      ]);
      if (r.ok) {
        writeFileSync(stamp, want);
        jupyterOk = true;
        log('Jupyter packages installed');
      } else {
        missing.push(
          `Jupyter packages in .venv (pip failed: ${tail(r.out, 4)}). Fix: make a Python package index reachable ` +
            `(pip config or PIP_INDEX_URL), then run \`npm run setup\` again`,
        );
      }
    }
  }

  // 3. The tslab kernel, registered inside the venv (not in a global Jupyter folder), pinned to this project's node
  // and tslab; registered again when it names others (another node, a moved project).
  if (jupyterOk) {
    const spec = join(venv, 'share', 'jupyter', 'kernels', 'tslab', 'kernel.json');
    const tslabBin = join(root, 'node_modules', 'tslab', 'bin', 'tslab');
    const argv = kernelArgv(tslabBin);
    const stale = kernelSpecProblem(spec, argv);
    if (!existsSync(tslabBin)) {
      missing.push('tslab (node_modules/tslab is missing: run npm install)');
    } else if (stale === null) {
      log("tslab kernel registered in .venv, pinned to this project's node and tslab");
    } else {
      log(`registering the tslab kernel in .venv/share/jupyter/kernels (${stale}) ...`);
      const r = run(process.execPath, [tslabBin, 'install', `--python=${py}`, '--sys-prefix']);
      if (!r.ok || !existsSync(spec)) {
        missing.push(`the tslab kernel (tslab install failed: ${tail(r.out, 4)})`);
      } else {
        const k = JSON.parse(readFileSync(spec, 'utf8'));
        k.argv = argv;
        k.display_name = KERNEL_DISPLAY_NAME;
        k.env = { ...(k.env ?? {}), NODE_OPTIONS: KERNEL_NODE_OPTIONS };
        writeFileSync(spec, JSON.stringify(k, null, 2) + '\n');
        const ks = run(join(venv, 'bin', 'jupyter'), ['kernelspec', 'list', '--json']);
        if (ks.ok && ks.out.includes('"tslab"')) log('tslab kernel registered (jupyter kernelspec list shows it)');
        else missing.push(`the tslab kernel is not listed by .venv/bin/jupyter kernelspec list (${tail(ks.out, 3)})`);
      }
    }
  }

  // 4. Chromium for static plot images (optional: charts stay interactive without it), found as the library finds it.
  let support;
  try {
    support = await chromiumSupport();
  } catch (e) {
    missing.push(`a check of Chromium (lib/dist/index.js does not load: ${e.message})`);
  }
  if (support) {
    const noBrowser =
      support.executablePath === undefined && !process.env.SIZEFIT_CHROMIUM && process.env.SIZEFIT_STATIC_PLOTS !== '0';
    if (
      noBrowser &&
      process.getuid?.() === 0 &&
      existsSync('/usr/bin/apt-get') &&
      process.env.SIZEFIT_SKIP_APT !== '1'
    ) {
      log('installing Chromium from apt for static plot images (set SIZEFIT_SKIP_APT=1 to skip) ...');
      const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
      run('apt-get', ['update', '-qq'], { env });
      const r = run('apt-get', ['install', '-y', '-qq', 'chromium'], { env });
      support = await chromiumSupport();
      if (!r.ok && !support.available) support.reason = `apt-get install chromium failed: ${tail(r.out, 3)}`;
    }
    if (support.available) log(`Chromium found at ${support.executablePath} (static plot images enabled)`);
    else if (process.env.SIZEFIT_STATIC_PLOTS === '0') log(`Chromium not looked for: ${support.reason}`);
    else
      missing.push(
        `Chromium for static chart images (${support.reason}). Charts still display interactively without it.`,
      );
  }

  mkdirSync(join(root, 'datasets', 'cache'), { recursive: true });
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  if (missing.length === 0) {
    log(
      `done in ${secs} s: lib built, .venv with Jupyter + tslab kernel${support?.available ? ', Chromium present' : ''}.`,
    );
  } else {
    log(`done in ${secs} s, but these are MISSING:`);
    for (const m of missing) console.log(`[setup]   - ${m}`);
    log('Everything else is installed; `npm test` and `npm start` need the Jupyter pieces.');
  }
}

if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
