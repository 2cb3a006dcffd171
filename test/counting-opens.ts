import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';

/**
 * Runs `f` counting how many times a file whose path ends in `suffix` is opened with fs.openSync (as model files
 * are), and puts fs.openSync back afterwards.
 */
export async function countingOpens<T>(suffix: string, f: () => Promise<T>): Promise<{ result: T; opens: number }> {
  const original = fs.openSync;
  let opens = 0;
  fs.openSync = ((path: fs.PathLike, ...rest: unknown[]) => {
    if (String(path).endsWith(suffix)) opens++;
    return (original as (...a: unknown[]) => number)(path, ...rest);
  }) as typeof fs.openSync;
  syncBuiltinESMExports();
  try {
    return { result: await f(), opens };
  } finally {
    fs.openSync = original;
    syncBuiltinESMExports();
  }
}
