#!/usr/bin/env node
// `npm run lab`: JupyterLab from the project's venv, with the TypeScript (tslab) kernel, in notebooks/.
//   npm run lab [-- extra jupyter-lab options, e.g. --port 8899 --no-browser]
// Exits as JupyterLab does: its exit code, or killed by the same signal.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { constants } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const lab = join(root, '.venv', 'bin', 'jupyter-lab');
if (!existsSync(lab)) {
  console.error(
    'JupyterLab is not installed in .venv: run `npm install` (or `npm run setup`) and read what it reports.',
  );
  process.exit(1);
}
const args = [
  `--notebook-dir=${join(root, 'notebooks')}`,
  '--MultiKernelManager.default_kernel_name=tslab',
  ...process.argv.slice(2),
];
if (process.getuid?.() === 0 && !args.includes('--allow-root')) args.push('--allow-root');
if (!process.env.DISPLAY && !args.some((a) => a.startsWith('--no-browser'))) args.push('--no-browser');
console.log(`starting ${lab} ${args.join(' ')}`);
const child = spawn(lab, args, { stdio: 'inherit', cwd: root });
const forward = (sig) => child.kill(sig);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, forward);
child.on('error', (e) => {
  console.error(`could not start ${lab}: ${e.message}. Run \`npm run setup\` and read what it reports.`);
  process.exit(1);
});
child.on('exit', (code, signal) => {
  if (signal) {
    // Die of the same signal, so that npm and the shell see how JupyterLab ended.
    // (If this process outlives a signal it ignores, it exits with the shell's code for it, 128 + number.)
    for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.off(sig, forward);
    process.exitCode = 128 + (constants.signals[signal] ?? 0);
    process.kill(process.pid, signal);
    return;
  }
  process.exit(code ?? 1);
});
