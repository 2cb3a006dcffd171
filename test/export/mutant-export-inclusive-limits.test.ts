// The limits of a model directory's files are inclusive: a file of exactly `maxBytes` bytes is read, a file name of
// exactly MAX_ARTIFACT_FILE_NAME_LENGTH characters is safe; one more is refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import {
  MAX_ARTIFACT_FILE_NAME_LENGTH,
  ModelFormatError,
  isSafeFileName,
  modelFileSha256,
  readModelFile,
} from '../../lib/index.js';
import { tempDir } from '../temp-dir.js';

test('a file of exactly maxBytes bytes is read and hashed; one byte over the limit is refused, naming it', (t) => {
  const p = join(tempDir(t), 'estimator.json');
  const data = Buffer.from('{"kind":"prior","version":1}');
  writeFileSync(p, data);
  const size = data.length;
  assert.ok(readModelFile(p, { maxBytes: size }).equals(data));
  assert.ok(readModelFile(p, { maxBytes: size, bytes: size }).equals(data));
  assert.equal(modelFileSha256(p, { maxBytes: size }), createHash('sha256').update(data).digest('hex'));
  for (const read of [() => readModelFile(p, { maxBytes: size - 1 }), () => modelFileSha256(p, { maxBytes: size - 1 })])
    assert.throws(
      read,
      (e: unknown) =>
        e instanceof ModelFormatError &&
        e.message.includes(`is ${size} bytes, over the limit of ${size - 1} bytes`) &&
        e.message.includes('estimator.json'),
    );
});

test('a manifest file name of exactly MAX_ARTIFACT_FILE_NAME_LENGTH characters is safe; one more is not', () => {
  assert.equal(MAX_ARTIFACT_FILE_NAME_LENGTH, 255);
  assert.equal(isSafeFileName('a'.repeat(255)), true);
  assert.equal(isSafeFileName(`docs/${'b'.repeat(250)}`), true, '255 characters in all, over two parts');
  assert.equal(isSafeFileName('a'.repeat(256)), false);
  assert.equal(isSafeFileName(`docs/${'b'.repeat(251)}`), false);
});
