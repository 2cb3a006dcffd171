/** One `sizefit` subcommand. */
export interface Command {
  /** The word that selects it, e.g. `version` or `data`. */
  name: string;
  /** One line for `sizefit --help`. */
  summary: string;
  /** Full usage text for `sizefit NAME --help`. */
  usage: string;
  /** Runs the command with the words after its name; returns the process exit code. */
  run(argv: string[], io: CommandIO): Promise<number>;
}

/** Where a command writes: injectable so tests can capture output. */
export interface CommandIO {
  out(text: string): void;
  err(text: string): void;
}

/** Writes to the process's stdout and stderr. */
export const processIO: CommandIO = {
  out: (t) => process.stdout.write(t.endsWith('\n') ? t : t + '\n'),
  err: (t) => process.stderr.write(t.endsWith('\n') ? t : t + '\n'),
};
