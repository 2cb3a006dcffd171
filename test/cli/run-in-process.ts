import { runCli } from '../../lib/cli/run-cli.js';

/** What {@link runInProcess} gives back: the exit code and what the command wrote. */
export interface InProcessRun {
  /** The exit code `runCli` returned. */
  code: number;
  /** The stdout lines, joined with '\n' (no trailing newline). */
  out: string;
  /** The stderr lines, joined with '\n' (no trailing newline). */
  err: string;
}

/**
 * Runs `sizefit ...argv` in this process through `runCli` (no spawned binary, so lib/ as it is now, not lib/dist),
 * capturing what the command writes.
 * @param argv - the words after `sizefit`, e.g. `'train', '--dataset', 'sample'`.
 * @returns the exit code and stdout and stderr, each as its lines joined with '\n'.
 * @throws what `runCli` throws: an error that is neither a SizefitError nor a system error (those become an exit code
 * and a stderr line).
 */
export async function runInProcess(...argv: string[]): Promise<InProcessRun> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}
