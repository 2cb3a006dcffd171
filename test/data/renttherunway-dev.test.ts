import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readFitDataFile } from '../../lib/index.js';

// The dev file is on every project machine (see /work/shared/datasets/README.md); it is never committed.
const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const file = process.env.SIZEFIT_RTR_DEV ?? join(repo, '..', 'shared', 'datasets', 'renttherunway-dev.jsonl.gz');

test('the RentTheRunway dev file loads with its published counts', async () => {
  assert.ok(existsSync(file), `${file} is missing: set SIZEFIT_RTR_DEV to the RentTheRunway dev file`);
  const { dataset: d, report } = await readFitDataFile(file);
  assert.equal(d.meta.sha256, 'ca9a2804e56f738c0ca29a5e18dae00864516545581e3ec8e5c867913706cc3a');
  // The content hash, found in the same pass: that of `zcat renttherunway-dev.jsonl.gz | sha256sum`.
  assert.equal(d.meta.contentSha256, 'c66d6dc9a17b5de0c35afc3b9d5d2ec4aa8150bc5fe34b1c9fa68da80e1406bd');
  assert.equal(d.length, 154_035);
  assert.equal(report.totalLines, 154_035);
  assert.equal(report.rowsDropped, 0);
  const counts = [0, 0, 0];
  for (const k of d.categories('fit').codes) counts[k]++;
  assert.deepEqual(counts, [20_635, 113_675, 19_725]); // small, fit, large
  // Key counts from an independent pass (JSON.parse of every line): 139,361 records have `bust size`,
  // 130,197 have `weight`; 3 weights under 30 kg (50-58 lbs) are reported and set missing.
  const missing = (name: string): number => Math.round(d.missingRates()[name] * d.length);
  assert.equal(missing('bust_band'), 154_035 - 139_361);
  assert.equal(missing('cup'), 154_035 - 139_361);
  assert.equal(missing('weight_kg'), 154_035 - 130_197 + 3);
  assert.equal(report.problemsByField.weight, 3);
  assert.equal(missing('review_date'), 0);
  assert.ok(report.duplicates > 0 && report.duplicates < 200, String(report.duplicates));
  // ages 0..117 exist: everything outside 13..100 is reported and set missing
  assert.equal(report.problemsByField.age, report.problemCounts['out-of-range'] - (report.problemsByField.weight ?? 0));
  const age = d.numbers('age');
  let lo = Infinity;
  let hi = -Infinity;
  for (const a of age) {
    if (Number.isNaN(a)) continue;
    lo = Math.min(lo, a);
    hi = Math.max(hi, a);
  }
  assert.ok(lo >= 13 && hi <= 100, `${lo}..${hi}`);
  assert.equal(report.problemCounts['malformed-json'], 0);
});
