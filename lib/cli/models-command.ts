import type { Command } from './command.js';
import { hasFlag, parseArgs } from './args.js';
import { modelCatalog } from '../models/model-catalog.js';

/** `sizefit models [--json]`: the model kinds `sizefit train --model` accepts. */
export const modelsCommand: Command = {
  name: 'models',
  summary: 'list the models `sizefit train --model` can train',
  usage: 'sizefit models [--json]\n\nOne line per model: its name and what it is.',
  async run(argv, io) {
    const args = parseArgs(argv, { flags: ['json'] });
    const list = modelCatalog().map((e) => ({ name: e.name, summary: e.summary }));
    if (hasFlag(args, 'json')) io.out(JSON.stringify(list));
    else {
      const w = Math.max(...list.map((e) => e.name.length));
      for (const e of list) io.out(`${e.name.padEnd(w)}  ${e.summary}`);
    }
    return 0;
  },
};
