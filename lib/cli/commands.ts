import type { Command } from './command.js';
import { versionCommand } from './version-command.js';
import { dataCommand } from './data-command.js';

/** Every subcommand of `sizefit`, in the order `--help` lists them. Later features add theirs here. */
export const commands: Command[] = [versionCommand, dataCommand];
