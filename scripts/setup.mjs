#!/usr/bin/env node
// Project setup, run by `npm install` (postinstall) and by `npm run setup`. Idempotent: each step checks
// whether its work is already done. Steps: build lib/, a project-local Python venv (.venv) with the Jupyter
// pieces, the tslab kernel registered inside that venv, and Chromium for static plot images (apt, root only).
// A step that cannot be done is reported with how to fix it; the others still run. Exit code 0 unless the
// lib build fails (nothing works without it).
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, rmSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname.replace(/\/$/, '');
const venv = join(root, '.venv');
const py = join(venv, 'bin', 'python');
const JUPYTER_PACKAGES = ['nbclient>=0.10', 'nbconvert>=7.16', 'jupyterlab>=4.2', 'ipykernel>=6.29', 'plotly>=5.20'];
const missing = [];
const t0 = Date.now();

function log(msg) {
  console.log(`[setup] ${msg}`);
}
function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, encoding: 'utf8', ...opts });
  return { ok: r.status === 0, out: `${r.stdout ?? ''}${r.stderr ?? ''}`, error: r.error };
}
function tail(text, n = 12) {
  return text.trim().split('\n').slice(-n).join('\n');
}

// 1. Build lib/ (the package that notebooks, CLI, tests and services import).
log('building lib/ with tsc ...');
const build = run(process.execPath, ['scripts/build.mjs']);
if (!build.ok) {
  console.error(tail(build.out, 40));
  console.error('[setup] FAILED: the lib/ build failed (see above).');
  process.exit(1);
}
log('lib/ built to lib/dist');

// The `sizefit` command: npm links a workspace's bin only when its target exists at link time, which is
// before this build on a fresh clone, so link it here (idempotent).
{
  const binDir = join(root, 'node_modules', '.bin');
  const target = join(root, 'lib', 'dist', 'cli', 'main.js');
  const link = join(binDir, 'sizefit');
  mkdirSync(binDir, { recursive: true });
  chmodSync(target, 0o755);
  rmSync(link, { force: true });
  symlinkSync(relative(binDir, target), link);
  log('sizefit command linked: node_modules/.bin/sizefit (npx sizefit --help)');
}

// 2. Python venv with the Jupyter pieces.
function findPython() {
  for (const c of [process.env.SIZEFIT_PYTHON, 'python3', 'python'].filter(Boolean)) {
    const r = run(c, ['-c', 'import sys, venv; print("%d.%d" % sys.version_info[:2])']);
    if (r.ok) {
      const [maj, min] = r.out.trim().split('.').map(Number);
      if (maj === 3 && min >= 9) return c;
    }
  }
  return undefined;
}
let venvOk = existsSync(py);
if (!venvOk) {
  const sysPy = findPython();
  if (!sysPy) {
    missing.push(
      'Python >= 3.9 with the venv module (Debian: apt-get install python3 python3-venv; or set SIZEFIT_PYTHON=/path/to/python3)',
    );
  } else {
    log(`creating the Python venv in .venv with ${sysPy} ...`);
    const r = run(sysPy, ['-m', 'venv', venv]);
    if (!r.ok)
      missing.push(
        `a Python venv (${sysPy} -m venv .venv failed: ${tail(r.out, 3)}; Debian: apt-get install python3-venv)`,
      );
    venvOk = r.ok;
  }
} else {
  log('Python venv .venv exists');
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

// 3. The tslab kernel, registered inside the venv (not in a global Jupyter folder).
if (jupyterOk) {
  const spec = join(venv, 'share', 'jupyter', 'kernels', 'tslab', 'kernel.json');
  const tslabBin = join(root, 'node_modules', 'tslab', 'bin', 'tslab');
  if (!existsSync(tslabBin)) {
    missing.push('tslab (node_modules/tslab is missing: run npm install)');
  } else {
    log('registering the tslab kernel in .venv/share/jupyter/kernels ...');
    const r = run(process.execPath, [tslabBin, 'install', `--python=${py}`, '--sys-prefix']);
    if (!r.ok || !existsSync(spec)) {
      missing.push(`the tslab kernel (tslab install failed: ${tail(r.out, 4)})`);
    } else {
      // Pin the kernel to this project's node and tslab so it does not depend on PATH.
      const k = JSON.parse(readFileSync(spec, 'utf8'));
      k.argv = [process.execPath, tslabBin, 'kernel', '--config-path', '{connection_file}'];
      k.display_name = 'TypeScript (sizefit)';
      k.env = { ...(k.env ?? {}), NODE_OPTIONS: '--max-old-space-size=8192' };
      writeFileSync(spec, JSON.stringify(k, null, 2) + '\n');
      const ks = run(join(venv, 'bin', 'jupyter'), ['kernelspec', 'list', '--json']);
      if (ks.ok && ks.out.includes('"tslab"')) log('tslab kernel registered (jupyter kernelspec list shows it)');
      else missing.push(`the tslab kernel is not listed by .venv/bin/jupyter kernelspec list (${tail(ks.out, 3)})`);
    }
  }
}

// 4. Chromium for static plot images (optional: charts stay interactive without it).
const chromium = process.env.SIZEFIT_CHROMIUM ?? '/usr/bin/chromium';
if (existsSync(chromium)) {
  log(`Chromium found at ${chromium} (static plot images enabled)`);
} else if (process.getuid?.() === 0 && existsSync('/usr/bin/apt-get') && process.env.SIZEFIT_SKIP_APT !== '1') {
  log('installing Chromium from apt for static plot images (set SIZEFIT_SKIP_APT=1 to skip) ...');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update', '-qq'], { env });
  const r = run('apt-get', ['install', '-y', '-qq', 'chromium'], { env });
  if (r.ok && existsSync('/usr/bin/chromium')) log('Chromium installed');
  else
    missing.push(`Chromium (apt-get install chromium failed: ${tail(r.out, 3)}): static chart images will be skipped`);
} else {
  missing.push(
    'Chromium for static chart images (Debian/Ubuntu: sudo apt-get install chromium; or set SIZEFIT_CHROMIUM=/path/to/chrome). ' +
      'Charts still display interactively without it.',
  );
}

mkdirSync(join(root, 'datasets', 'cache'), { recursive: true });
const secs = ((Date.now() - t0) / 1000).toFixed(1);
if (missing.length === 0) {
  log(`done in ${secs} s: lib built, .venv with Jupyter + tslab kernel, Chromium present.`);
} else {
  log(`done in ${secs} s, but these are MISSING:`);
  for (const m of missing) console.log(`[setup]   - ${m}`);
  log('Everything else is installed; `npm test` and `npm start` need the Jupyter pieces.');
}
