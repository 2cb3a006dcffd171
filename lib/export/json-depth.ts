import { ModelFormatError } from '../core/errors.js';

/**
 * The deepest nesting of arrays and objects accepted in a model directory's JSON files. Models written by
 * sizefit nest about ten levels (an ensemble of pipelines of transformers); the limit keeps every recursive walk
 * of a loaded JSON value (unpacking, kind lookup, `fromJSON`, `JSON.stringify` of the manifest) far from the call
 * stack's limit.
 */
export const MAX_MODEL_JSON_DEPTH = 256;

/**
 * Checks, without recursion, that a parsed JSON value nests arrays and objects at most `maxDepth` levels deep.
 * Linear in the number of arrays, objects and their members.
 * @param file - the file the value was read from, for the error.
 * @throws ModelFormatError naming the file when the value nests deeper.
 */
export function checkJsonDepth(value: unknown, file: string, maxDepth = MAX_MODEL_JSON_DEPTH): void {
  const values: object[] = [];
  const depths: number[] = [];
  if (value !== null && typeof value === 'object') {
    values.push(value);
    depths.push(1);
  }
  while (values.length > 0) {
    const v = values.pop()!;
    const d = depths.pop()!;
    if (d > maxDepth) throw new ModelFormatError(`nests arrays and objects deeper than ${maxDepth} levels`, file);
    const members: unknown[] = Array.isArray(v) ? v : Object.values(v);
    for (const m of members) {
      if (m !== null && typeof m === 'object') {
        values.push(m);
        depths.push(d + 1);
      }
    }
  }
}
