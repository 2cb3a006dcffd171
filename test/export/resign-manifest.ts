// Re-signs a model directory after a test edited its files: a consistent tampering, as an attacker would write it.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Applies `edit` to manifest.json, then recomputes the sha256 and size of every file it lists. */
export function resign(dir: string, edit: (m: Record<string, unknown>) => void = () => {}): void {
  const mp = join(dir, 'manifest.json');
  const m = JSON.parse(readFileSync(mp, 'utf8')) as Record<string, unknown>;
  edit(m);
  for (const [name, f] of Object.entries(m.files as Record<string, { sha256: string; bytes: number }>)) {
    const b = readFileSync(join(dir, name));
    f.sha256 = createHash('sha256').update(b).digest('hex');
    f.bytes = b.length;
  }
  writeFileSync(mp, JSON.stringify(m));
}
