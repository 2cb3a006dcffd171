import { MAX_PACKED_VALUES } from './binary-pack.js';
import { ESTIMATOR_FILE, WEIGHTS_FILE } from './model-manifest.js';

/**
 * The largest `estimator.json` read (256 MiB), checked before a byte is read. Real ones are a few KiB to a few MiB
 * (large numeric arrays go to `weights.bin`); a file near V8's longest string (512 MiB) could not be parsed at all.
 */
export const MAX_ESTIMATOR_JSON_BYTES = 256 * 1024 * 1024;

/** The largest `weights.bin` read (2 GiB): {@link MAX_PACKED_VALUES} float64 values, checked before a byte is read. */
export const MAX_WEIGHTS_BYTES = MAX_PACKED_VALUES * 8;

/** The size limit of each file the loader parses whole, by name. */
const PARSED_FILE_LIMITS: ReadonlyMap<string, number> = new Map([
  [ESTIMATOR_FILE, MAX_ESTIMATOR_JSON_BYTES],
  [WEIGHTS_FILE, MAX_WEIGHTS_BYTES],
]);

/**
 * The largest size of a file of a model directory that `loadModel` parses whole: `loadModel` refuses a bigger one
 * before reading a byte, and `saveModel` refuses to write one.
 *
 * @param name - a file name of a manifest's `files`.
 * @returns {@link MAX_ESTIMATOR_JSON_BYTES} for `estimator.json`, {@link MAX_WEIGHTS_BYTES} for `weights.bin`, else
 *   undefined (a file only hashed, or parsed by another reader).
 */
export function parsedFileLimit(name: string): number | undefined {
  return PARSED_FILE_LIMITS.get(name);
}
