// verifyModelDir refuses a manifest of format version 0 and a file entry with negative bytes, each with its own words.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateSynthetic, PriorFitModel, saveModel, verifyModelDir, ModelFormatError } from '../../lib/index.js';
import { tempDir } from '../temp-dir.js';

const { dataset } = generateSynthetic({ seed: 3, customers: 100, articles: 20 });
function dir(t: TestContext): string {
  const d = join(tempDir(t, 'sizefit-manifest-version-'), 'model');
  saveModel(d, new PriorFitModel().fit(dataset), {
    model: 'prior',
    dataset: { name: 'synthetic', format: dataset.meta.format, sha256: dataset.meta.sha256, records: dataset.length },
  });
  return d;
}
interface ManifestEdit {
  formatVersion?: number;
  files: Record<string, { bytes: number }>;
}
const edit = (d: string, f: (m: ManifestEdit) => void): void => {
  const p = join(d, 'manifest.json');
  const m = JSON.parse(readFileSync(p, 'utf8')) as ManifestEdit;
  f(m);
  writeFileSync(p, JSON.stringify(m));
};

test('a manifest with formatVersion 0 is refused as an unknown version', (t) => {
  const d = dir(t);
  edit(d, (m) => (m.formatVersion = 0));
  assert.throws(
    () => verifyModelDir(d),
    (e: unknown) => e instanceof ModelFormatError && /formatVersion 0 is not a known version/.test(e.message),
  );
});

test('a manifest entry with negative bytes is refused as malformed', (t) => {
  const d = dir(t);
  edit(d, (m) => (m.files['weights.bin'].bytes = -1));
  assert.throws(
    () => verifyModelDir(d),
    (e: unknown) =>
      e instanceof ModelFormatError && /has no sha256 \(string\) and bytes \(integer >= 0\)/.test(e.message),
  );
});
