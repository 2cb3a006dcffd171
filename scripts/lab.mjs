#!/usr/bin/env node
// `npm run lab`: JupyterLab from the project's venv, with the TypeScript (tslab) kernel, in notebooks/.
//   npm run lab [-- extra jupyter-lab options, e.g. --port 8899 --no-browser]
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname.replace(/\/$/, '');
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
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 0));
