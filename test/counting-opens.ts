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

/** Runs `f` counting the streams opened on `path` (fs.open, as fs.createReadStream opens a file). */
export async function countingStreamOpens<T>(path: string, f: () => Promise<T>): Promise<{ result: T; opens: number }> {
  const original = fs.open;
  let opens = 0;
  fs.open = ((p: fs.PathLike, ...rest: unknown[]) => {
    if (String(p) === path) opens++;
    return (original as (...a: unknown[]) => void)(p, ...rest);
  }) as typeof fs.open;
  syncBuiltinESMExports();
  try {
    return { result: await f(), opens };
  } finally {
    fs.open = original;
    syncBuiltinESMExports();
  }
}
