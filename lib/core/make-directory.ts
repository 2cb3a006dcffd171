import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * Creates a directory and its missing parents (`mkdir -p`) one level at a time. Node's
 * `mkdirSync(path, { recursive: true })` loops forever where mkdir answers ENOENT although the parent
 * exists (under /proc, for one: Node 20); here each missing level is a plain mkdir, so such a failure
 * surfaces as the error it is (ENOENT, EACCES, EROFS, ENOTDIR...). An existing directory (or a symbolic link to
 * one) is left as it is, also when another process creates a level between the check and the mkdir (two trainings
 * saving into sibling folders of a new parent at the same moment).
 *
 * @throws the file system's error for the first level that cannot be created (EEXIST when that level is, or has
 *   just become, something other than a directory: also when `path` itself already exists as a file, or as a
 *   symbolic link to one).
 */
export function makeDirectory(path: string): void {
  const missing: string[] = [];
  let p = resolve(path);
  while (!existsSync(p)) {
    missing.push(p);
    const up = dirname(p);
    if (up === p) break;
    p = up;
  }
  // The path exists but is not a directory (a file, or a link to one): its mkdir below fails with the file system's
  // own EEXIST naming it, instead of returning and letting the caller fail later on an unrelated ENOTDIR.
  if (missing.length === 0 && !isDirectory(p)) missing.push(p);
  for (const dir of missing.reverse()) {
    try {
      mkdirSync(dir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST' && isDirectory(dir)) continue;
      throw e;
    }
  }
}

/** Whether `path` is a directory now, following symbolic links as the existence check above does. */
function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
