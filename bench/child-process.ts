// Shared by the benchmarks that measure in fresh child processes (so that peak RSS is the measured work's).
import { spawnSync } from 'node:child_process';
import os from 'node:os';

/**
 * Runs `script --child ...args` in a fresh node process and parses the JSON object it prints last.
 * On failure it writes the child's stderr, sets a failing exit code and returns undefined.
 */
export function runChild<T>(script: string, args: string[], nodeArgs: string[] = ['--import', 'tsx']): T | undefined {
  const p = spawnSync(process.execPath, [...nodeArgs, script, '--child', ...args], { encoding: 'utf8' });
  if (p.status !== 0) {
    process.stderr.write(p.stderr);
    process.exitCode = 1;
    return undefined;
  }
  return JSON.parse(p.stdout.trim().split('\n').pop()!) as T;
}

/** Median of a non-empty list. */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * The child side of {@link runChild}: when `args` starts with `--child`, runs `child` with the rest of
 * the arguments (a failure prints its stack and sets a failing exit code) and returns true.
 */
export function runAsChild(args: string[], child: (...rest: string[]) => Promise<void>): boolean {
  if (args[0] !== '--child') return false;
  child(...args.slice(1)).catch((e: unknown) => {
    process.stderr.write(String(e instanceof Error ? e.stack : e) + '\n');
    process.exitCode = 1;
  });
  return true;
}

/** The 1, 5 and 15 minute load averages, one decimal each. */
export function loadAverage(): string {
  return os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');
}
