import { readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/** The version of the sizefit package, read from its package.json (works from source and from the build). */
export function libVersion(): string {
  if (cached !== undefined) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const p = join(dir, 'package.json');
    if (existsSync(p)) {
      const pkg = JSON.parse(readFileSync(p, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'sizefit' && typeof pkg.version === 'string') {
        cached = pkg.version;
        return cached;
      }
    }
    dir = dirname(dir);
  }
  cached = '0.0.0-unknown';
  return cached;
}
