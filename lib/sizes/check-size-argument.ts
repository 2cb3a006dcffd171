import { InvalidArgumentError } from '../core/errors.js';
import type { Size } from './size.js';

/**
 * Refuses a value that is not a size object (null, undefined, a label string): `where` names the function and the
 * argument, e.g. `compareSizes: a`.
 * @throws InvalidArgumentError saying what was given instead.
 * @internal
 */
export function checkSizeArgument(size: unknown, where: string): asserts size is Size {
  if (size === null || typeof size !== 'object') {
    const got = size === null ? 'null' : typeof size === 'string' ? `the string '${size.slice(0, 64)}'` : typeof size;
    throw new InvalidArgumentError(`${where}: expected a size (from parseSize), got ${got}`);
  }
}
