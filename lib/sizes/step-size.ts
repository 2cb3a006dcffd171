import type { Size } from './size.js';
import { getSizeSystem } from './size-registry.js';

/**
 * The size `steps` places up (negative: down) its system's ordinal scale: `stepSize(M, 1)` is `L`.
 * @throws SizeError when that passes either end of the system's range; InvalidArgumentError when `steps` is not an integer.
 */
export function stepSize(size: Size, steps = 1): Size {
  return getSizeSystem(size.system).next(size, steps);
}
