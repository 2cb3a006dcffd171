import { SizeError } from '../core/errors.js';
import { checkSizeArgument } from './check-size-argument.js';
import type { Size } from './size.js';
import { getSizeSystem } from './size-registry.js';

/**
 * Orders two sizes of the same system by their ordinal (usable as an `Array.prototype.sort` comparator).
 * @returns a negative number when `a` is smaller, 0 when equal, positive when larger.
 * @throws SizeError when the sizes are of different systems (convert one first) or not valid sizes of their system;
 *   InvalidArgumentError when `a` or `b` is not a size object (null, a label string).
 */
export function compareSizes(a: Size, b: Size): number {
  checkSizeArgument(a, 'compareSizes: a');
  checkSizeArgument(b, 'compareSizes: b');
  if (a.system !== b.system) {
    throw new SizeError(
      a.system,
      `cannot compare ${a.label} (${a.system}) with ${b.label} (${b.system}): convert one with convertSize first`,
    );
  }
  const sys = getSizeSystem(a.system);
  return sys.ordinal(a) - sys.ordinal(b);
}
