import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ModelFormatError } from '../core/errors.js';
import { verifyModelDir } from '../export/load-model.js';
import { AdviceHistory } from './advice-history.js';

/** The file of a model directory that holds the {@link AdviceHistory} of its training rows. */
export const ADVICE_HISTORY_FILE = 'advice-history.json';

/** The manifest role of {@link ADVICE_HISTORY_FILE}. */
export const ADVICE_HISTORY_ROLE = "advice history: customers' body fields and purchases, articles' sizes";

/**
 * Loads the advice history of a model directory (written by `sizefit train`): verifies the directory with
 * `verifyModelDir` (format version, every listed file's size and sha256, so a modified history is refused), then
 * parses {@link ADVICE_HISTORY_FILE} with {@link AdviceHistory.fromJSON}.
 *
 * @param dir - a model directory.
 * @returns the history, or `undefined` when the manifest lists no advice history (a model saved without one).
 * @throws ModelFormatError when the directory is not a valid model directory, a checksum does not match, or the
 *   history is not valid JSON or not an advice history.
 */
export function loadAdviceHistory(dir: string): AdviceHistory | undefined {
  const root = resolve(dir);
  const manifest = verifyModelDir(root);
  if (!(ADVICE_HISTORY_FILE in manifest.files)) return undefined;
  const p = join(root, ADVICE_HISTORY_FILE);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(p, 'utf8'));
  } catch (e) {
    throw new ModelFormatError(`is not valid JSON (${(e as Error).message})`, p);
  }
  try {
    return AdviceHistory.fromJSON(json);
  } catch (e) {
    if (e instanceof ModelFormatError) throw new ModelFormatError(e.message, p);
    throw e;
  }
}
