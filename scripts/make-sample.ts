// Regenerates the bundled sample dataset (datasets/sample/sample.jsonl and truth.json) from SAMPLE_OPTIONS.
// Usage: node --import tsx scripts/make-sample.ts           write the files
//        node --import tsx scripts/make-sample.ts --check   exit 1 if the committed files are stale
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sampleFiles } from '../lib/data/sample-dataset.js';

const dir = fileURLToPath(new URL('../datasets/sample/', import.meta.url));
const check = process.argv.includes('--check');
const files = sampleFiles();
let stale = 0;
for (const [name, text] of Object.entries(files)) {
  const path = join(dir, name);
  const same = existsSync(path) && readFileSync(path, 'utf8') === text;
  if (check) {
    if (!same) {
      stale++;
      console.error(
        `stale: ${path} differs from the regenerated sample (run: node --import tsx scripts/make-sample.ts)`,
      );
    }
  } else {
    mkdirSync(dir, { recursive: true });
    writeFileSync(path, text);
    console.log(`${same ? 'unchanged' : 'wrote'} ${path} (${Buffer.byteLength(text)} bytes)`);
  }
}
if (check) {
  if (stale) process.exitCode = 1;
  else console.log('datasets/sample is up to date');
}
