// Gaps found by mutation testing of lib/cli: which option a typo is matched to, and the grammar of the
// undefined-AUC note for one class.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseArgs } from '../../lib/cli/args.js';
import { undefinedAucNote } from '../../lib/cli/undefined-auc-note.js';

/** The message parseArgs throws for `argv` against value options `values`. */
function usageError(argv: string[], values: string[]): string {
  try {
    parseArgs(argv, { values });
  } catch (e) {
    return (e as Error).message;
  }
  assert.fail(`parseArgs(${argv.join(' ')}) did not throw`);
}

test('a typo one letter off (a substitution) is matched to the option', () => {
  // seef -> seed is one substitution: Levenshtein distance 1, within a third of 4 letters (at least 1).
  assert.match(usageError(['--seef', '1'], ['seed', 'folds']), /did you mean --seed\?/);
});

test('a typo further than a third of the name (rounded down, at least 1) gets no suggestion', () => {
  // sexx -> seed: 2 substitutions; floor(4 / 3) = 1.
  assert.doesNotMatch(usageError(['--sexx', '1'], ['seed']), /did you mean/);
  // datsaet -> dataset: 2 edits, floor(7 / 3) = 2: suggested.
  assert.match(usageError(['--datsaet', 'x'], ['dataset']), /did you mean --dataset\?/);
});

test('of several close options, the one fewest edits away is suggested, whatever the order of the list', () => {
  // mode -> models: 2 insertions (allowed: floor(6 / 3) = 2); mode -> model: 1 insertion.
  assert.match(usageError(['--mode', 'x'], ['models', 'model']), /did you mean --model\?/);
  assert.match(usageError(['--mode', 'x'], ['model', 'models']), /did you mean --model\?/);
});

test('undefinedAucNote: one class is "the AUC of ... is", several "the AUCs of ... are"; none gives null', () => {
  const one = undefinedAucNote('evaluate', { small: NaN, fit: 0.7, large: 0.6 }, 'the test rows hold');
  assert.ok(one !== null);
  assert.match(one, /the AUC of 'small' is undefined/);
  const two = undefinedAucNote('evaluate', { small: NaN, fit: 0.7, large: NaN }, 'the test rows hold');
  assert.ok(two !== null);
  assert.match(two, /the AUCs of 'small', 'large' are undefined/);
  assert.equal(undefinedAucNote('evaluate', { small: 0.5, fit: 0.7, large: 0.6 }, 'x'), null);
});
