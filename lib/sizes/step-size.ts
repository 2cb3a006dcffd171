import { checkSizeArgument } from './check-size-argument.js';
import type { Size } from './size.js';
import { getSizeSystem } from './size-registry.js';

/**
 * The size `steps` places up (negative: down) its system's ordinal scale: `stepSize(M, 1)` is `L`.
 * @throws SizeError when that passes either end of the system's range; InvalidArgumentError when `steps` is not an
 *   integer or `size` is not a size object (null, a label string).
 */
export function stepSize(size: Size, steps = 1): Size {
  checkSizeArgument(size, 'stepSize: size');
  return getSizeSystem(size.system).next(size, steps);
}
