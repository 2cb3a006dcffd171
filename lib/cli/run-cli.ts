import { printable } from '../core/printable.js';
import { commands } from './commands.js';
import { HELP_WORDS, HelpRequested } from './args.js';
import type { CommandIO } from './command.js';
import { processIO } from './command.js';
import { SizefitError } from '../core/errors.js';
import { libVersion } from '../core/version.js';

function helpText(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    `sizefit ${libVersion()}: size and fit research workbench`,
    '',
    'Usage: sizefit <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    'Run `sizefit <command> --help` for the options of one command.',
  ].join('\n');
}

/**
 * Runs the sizefit CLI on `argv` (the words after `sizefit`) and returns the exit code:
 * 0 success, 1 a failure of the work, 2 a usage error.
 */
export async function runCli(argv: string[], io: CommandIO = processIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    if (name === undefined || rest.length === 0) {
      io.out(helpText());
      return name === undefined ? 2 : 0;
    }
    // `sizefit help train` (or `--help train`): that command's usage; anything else is not passed over in silence.
    const asked = commands.find((c) => c.name === rest[0]);
    if (asked === undefined || rest.length > 1) {
      const problem =
        asked === undefined ? `unknown command '${printable(rest[0])}'` : `takes one command name, got ${rest.length}`;
      io.err(`sizefit ${name}: ${problem}\n\n${helpText()}`);
      return 2;
    }
    io.out(asked.usage);
    return 0;
  }
  if (name === '--version' || name === '-v') {
    if (rest.length > 0) {
      io.err(`sizefit ${name}: takes no arguments, got '${printable(rest[0])}'`);
      return 2;
    }
    io.out(libVersion());
    return 0;
  }
  const cmd = commands.find((c) => c.name === name);
  if (!cmd) {
    io.err(`sizefit: unknown command '${printable(name)}'\n\n${helpText()}`);
    return 2;
  }
  // Help where an option may stand, before `--`: `--help` anywhere (never an option's value), `-h` unless it follows
  // a `--name` that may take it as its value (`--user -h` is a customer id). Whether that `--name` takes a value only
  // the command's spec says: its parseArgs throws HelpRequested when it does not (`--json -h`).
  const end = rest.includes('--') ? rest.indexOf('--') : rest.length;
  const optionBefore = (k: number): boolean => k > 0 && rest[k - 1].startsWith('--') && !rest[k - 1].includes('=');
  if (rest.slice(0, end).some((w, k) => w === '--help' || (HELP_WORDS.includes(w) && !optionBefore(k)))) {
    io.out(cmd.usage);
    return 0;
  }
  try {
    return await cmd.run(rest, io);
  } catch (e) {
    if (e instanceof HelpRequested) {
      io.out(cmd.usage);
      return 0;
    }
    if (e instanceof SizefitError) {
      io.err(`sizefit ${name}: ${terminalSafe(e.message)}`);
      return e.code === 'INVALID_ARGUMENT' ? 2 : 1;
    }
    // A file system error (an --out in a missing or read-only directory...): its message names the
    // operation and the path; no stack trace.
    if (isSystemError(e)) {
      io.err(`sizefit ${name}: ${terminalSafe(e.message)}`);
      return 1;
    }
    throw e;
  }
}

/**
 * An error message safe for the terminal: control characters that a file, an id or a path may carry into it (escape
 * sequences that recolour or move the cursor, bells, carriage returns) are shown as `\\uXXXX`, as {@link printable}
 * does; line breaks stay, since some messages list their points on lines of their own.
 */
function terminalSafe(message: string): string {
  return message.split('\n').map(printable).join('\n');
}

/** An error of the operating system as Node reports it (`code` such as ENOENT and the failed `syscall`). */
function isSystemError(e: unknown): e is Error & { code: string; syscall: string } {
  const x = e as { code?: unknown; syscall?: unknown };
  return e instanceof Error && typeof x.code === 'string' && /^E[A-Z]+$/.test(x.code) && typeof x.syscall === 'string';
}
