import type { Command } from './command.js';
import { parseArgs, hasFlag } from './args.js';
import { libVersion } from '../core/version.js';

/** `sizefit version [--json]`: library, Node and TensorFlow.js versions and the selected backend. */
export const versionCommand: Command = {
  name: 'version',
  summary: 'print versions and the TensorFlow.js backend in use',
  usage: 'sizefit version [--json]\n\nPrints the sizefit, Node.js and TensorFlow.js versions and the backend selected.',
  async run(argv, io) {
    const args = parseArgs(argv, { flags: ['json'] });
    const { initTf } = await import('../core/tf-backend.js');
    const tfInfo = await initTf();
    const info = {
      sizefit: libVersion(),
      node: process.versions.node,
      tfjs: tfInfo.version,
      backend: tfInfo.backend,
      backendNote: tfInfo.note,
    };
    if (hasFlag(args, 'json')) {
      io.out(JSON.stringify(info));
    } else {
      io.out(`sizefit ${info.sizefit}`);
      io.out(`node    ${info.node}`);
      io.out(`tfjs    ${info.tfjs} (backend: ${info.backend})`);
      if (info.backendNote) io.out(`        ${info.backendNote}`);
    }
    return 0;
  },
};
