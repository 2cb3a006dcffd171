import { SizeError } from '../core/errors.js';
import type { BodyDimension, Size, SizeKind } from './size.js';
import type { SizeSystem } from './size-system.js';
import { getSizeSystem } from './size-registry.js';

/** Options of {@link convertSize}. */
export interface ConvertSizeOptions {
  /**
   * Whose body the sizes describe. Needed only when neither system fixes it and one of them depends on it
   * (e.g. `letter` to `jeans`); must agree with a gendered system.
   */
  gender?: 'women' | 'men';
  /** Largest accepted distance in cm; a nearest size further away throws. Default: no limit. */
  maxDistance?: number;
}

/** The result of {@link convertSize}. */
export interface SizeConversion {
  /** The size converted. */
  from: Size;
  /** The nearest size of the target system (the smallest such on a tie). */
  size: Size;
  /** Euclidean distance in cm between the two sizes' body dimensions, over `dimensions`. */
  distance: number;
  /** The body dimensions both systems define, which the distance is measured on. */
  dimensions: BodyDimension[];
  /** Other target sizes exactly as near as `size` (within 1e-9 cm), smallest first; usually empty. */
  alternatives: Size[];
}

function compatible(a: SizeKind, b: SizeKind): boolean {
  if (a === b) return true;
  const lower = new Set<SizeKind>(['clothing', 'jeans']);
  return lower.has(a) && lower.has(b);
}

/**
 * Converts a size to another system: the target size whose body dimensions (see each system's `source`)
 * are nearest, by Euclidean distance in cm over the dimensions both systems define. Conversions exist within
 * a kind (clothing, bra, shoe) and between clothing and jeans (through the waist), for one gender.
 *
 * @param size a size from `parseSize` (or any system's `parse`).
 * @param to the target system or its id.
 * @param options `gender` where neither system fixes it, `maxDistance` to refuse far matches.
 * @returns the nearest size, its distance and the dimensions compared; ties go to the smaller size, the others are in `alternatives`.
 * @throws SizeError (system = the target) when no conversion exists (e.g. shoe to letter, women's to men's),
 *   when a needed gender is missing, or when the nearest size is further than `maxDistance`.
 */
export function convertSize(size: Size, to: SizeSystem | string, options: ConvertSizeOptions = {}): SizeConversion {
  const fromSys = getSizeSystem(size.system);
  const toSys = typeof to === 'string' ? getSizeSystem(to) : to;
  const source = fromSys.tryParse(size.label);
  if (source === undefined) throw new SizeError(fromSys.id, `${size.label} is not a size of ${fromSys.id}`);
  const none = (why: string) => new SizeError(toSys.id, `no conversion from ${fromSys.id} to ${toSys.id}: ${why}`);
  if (!compatible(fromSys.kind, toSys.kind)) {
    throw none(`${fromSys.kind} and ${toSys.kind} sizes share no body dimension`);
  }
  const fixed = [fromSys.gender, toSys.gender].filter((g): g is 'women' | 'men' => g !== 'unisex');
  if (fixed.length === 2 && fixed[0] !== fixed[1]) throw none(`${fixed[0]}'s and ${fixed[1]}'s sizes`);
  if (options.gender !== undefined && fixed.length > 0 && options.gender !== fixed[0]) {
    throw none(`gender ${options.gender} does not match ${fixed[0]}'s sizes`);
  }
  const gender = options.gender ?? fixed[0];
  if (gender === undefined && (fromSys.genderDependent || toSys.genderDependent)) {
    throw none('the body dimensions depend on gender: pass options.gender');
  }

  const src = fromSys.bodyDimensions(source, gender);
  const shared = toSys.dimensions(gender).filter((d) => src[d] !== undefined);
  if (shared.length === 0) throw none('they share no body dimension');

  let best: Size | undefined;
  let bestDistance = Infinity;
  let alternatives: Size[] = [];
  for (let i = 0; i < toSys.labels.length; i++) {
    const candidate = toSys.at(i);
    const dims = toSys.bodyDimensions(candidate, gender);
    let sq = 0;
    for (const d of shared) sq += (dims[d]! - src[d]!) ** 2;
    const distance = Math.sqrt(sq);
    if (distance < bestDistance - 1e-9) {
      best = candidate;
      bestDistance = distance;
      alternatives = [];
    } else if (Math.abs(distance - bestDistance) <= 1e-9) {
      alternatives.push(candidate);
    }
  }
  const maxDistance = options.maxDistance ?? Infinity;
  if (bestDistance > maxDistance) {
    throw new SizeError(
      toSys.id,
      `${size.label} (${fromSys.id}) has no ${toSys.id} size within ${maxDistance} cm: the nearest, ${best!.label}, is ${bestDistance.toFixed(1)} cm away`,
    );
  }
  return { from: source, size: best!, distance: bestDistance, dimensions: shared, alternatives };
}
