import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ModelFormatError } from '../core/errors.js';
import { readVerifiedModelDir } from '../export/load-model.js';
import { AdviceHistory } from './advice-history.js';

/** The file of a model directory that holds the {@link AdviceHistory} of its training rows. */
export const ADVICE_HISTORY_FILE = 'advice-history.json';

/** The manifest role of {@link ADVICE_HISTORY_FILE}. */
export const ADVICE_HISTORY_ROLE = "advice history: customers' body fields and purchases, articles' sizes";

/**
 * Loads the advice history of a model directory (written by `sizefit train`): verifies the directory with
 * `readVerifiedModelDir` (format version, every listed file's size and sha256, so a modified history is refused),
 * then parses the checked bytes of {@link ADVICE_HISTORY_FILE} with {@link AdviceHistory.fromJSON}.
 *
 * @param dir - a model directory.
 * @returns the history, or `undefined` when the manifest lists no advice history (a model saved without one).
 * @throws ModelFormatError when the directory is not a valid model directory, a checksum does not match, the
 *   history is present but not listed, or it is not valid JSON or not an advice history.
 */
export function loadAdviceHistory(dir: string): AdviceHistory | undefined {
  const root = resolve(dir);
  // Every listed file is verified; only the history's bytes are read whole (the others are hashed in chunks).
  const { manifest, files } = readVerifiedModelDir(root, [ADVICE_HISTORY_FILE]);
  const p = join(root, ADVICE_HISTORY_FILE);
  if (!(ADVICE_HISTORY_FILE in manifest.files)) {
    // A history that is present but unlisted is unchecked: an entry removed from the manifest must not switch
    // the checksum off silently.
    if (existsSync(p)) throw new ModelFormatError('is in the model directory but not listed in its manifest', p);
    return undefined;
  }
  return parseAdviceHistory(files.get(ADVICE_HISTORY_FILE)!, p);
}

/**
 * The advice history in `bytes`, the verified contents of the history file at `path` (which errors name).
 * @throws ModelFormatError naming `path` when the bytes are not JSON or not a saved history.
 */
export function parseAdviceHistory(bytes: Buffer, path: string): AdviceHistory {
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch (e) {
    throw new ModelFormatError(`is not valid JSON (${(e as Error).message})`, path);
  }
  try {
    return AdviceHistory.fromJSON(json);
  } catch (e) {
    // Whatever a malformed history raises is a format error naming the file (a TypeError escaped before).
    if (e instanceof ModelFormatError) throw new ModelFormatError(e.message, path);
    throw new ModelFormatError(
      `could not be read: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`,
      path,
    );
  }
}
