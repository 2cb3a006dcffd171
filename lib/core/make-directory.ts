import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * Creates a directory and its missing parents (`mkdir -p`) one level at a time. Node's
 * `mkdirSync(path, { recursive: true })` loops forever where mkdir answers ENOENT although the parent
 * exists (under /proc, for one: Node 20); here each missing level is a plain mkdir, so such a failure
 * surfaces as the error it is (ENOENT, EACCES, EROFS, ENOTDIR...). An existing directory is left as it is.
 *
 * @throws the file system's error for the first level that cannot be created.
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
  for (const dir of missing.reverse()) mkdirSync(dir);
}
