import type { Command } from './command.js';
import { versionCommand } from './version-command.js';
import { dataCommand } from './data-command.js';
import { modelsCommand } from './models-command.js';
import { trainCommand } from './train-command.js';
import { evaluateCommand } from './evaluate-command.js';
import { cvCommand } from './cv-command.js';
import { predictCommand } from './predict-command.js';
import { dbCommand } from './db-command.js';
import { runsCommand } from './runs-command.js';
import { flagsCommand } from './flags-command.js';
import { recommendCommand } from './recommend-command.js';
import { serveCommand } from './serve-command.js';

/** Every subcommand of `sizefit`, in the order `--help` lists them. Later features add theirs here. */
export const commands: Command[] = [
  versionCommand,
  dataCommand,
  modelsCommand,
  trainCommand,
  evaluateCommand,
  cvCommand,
  predictCommand,
  dbCommand,
  runsCommand,
  flagsCommand,
  recommendCommand,
  serveCommand,
];
