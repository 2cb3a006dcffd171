import { InvalidArgumentError, SizeError } from '../core/errors.js';
import { shownValue } from '../core/printable.js';
import type { BodyDimension, BodyDimensions, Size, SizeKind } from './size.js';
import { checkSizeArgument } from './check-size-argument.js';
import type { SizeSystem } from './size-system.js';
import { getSizeSystem } from './size-registry.js';

/** Options of {@link convertSize}. */
export interface ConvertSizeOptions {
  /**
   * Whose body the sizes describe. Needed only when neither system fixes it and one of them depends on it
   * (e.g. `letter` to `jeans`); must agree with a gendered system.
   */
  gender?: 'women' | 'men';
  /** Largest accepted distance in cm, a number >= 0; a nearest size further away throws. Default: no limit. */
  maxDistance?: number;
  /**
   * Body dimensions in cm that `size` does not give, measured on the wearer: e.g. `{ inseam: 81 }` to convert a
   * clothing size to jeans (a clothing size gives the waist, not the inside leg). Compared like the size's own
   * dimensions; a dimension the target system does not define is not used.
   */
  body?: BodyDimensions;
}

/** The result of {@link convertSize}. */
export interface SizeConversion {
  /** The size converted. */
  from: Size;
  /** The nearest size of the target system (the smallest such on a tie). */
  size: Size;
  /** Euclidean distance in cm between the two sizes' body dimensions, over `dimensions`. */
  distance: number;
  /** The body dimensions both sides define (the size's, with `options.body`), which the distance is measured on. */
  dimensions: BodyDimension[];
  /** Other target sizes exactly as near as `size` (within 1e-9 cm), smallest first; usually empty. */
  alternatives: Size[];
}

const BODY_DIMENSIONS: readonly BodyDimension[] = [
  'bust',
  'chest',
  'underbust',
  'waist',
  'hips',
  'inseam',
  'footLength',
  'footWidth',
];

/** Two distances this close (cm) are a tie. */
const TIE_CM = 1e-9;

function compatible(a: SizeKind, b: SizeKind): boolean {
  if (a === b) return true;
  const lower = new Set<SizeKind>(['clothing', 'jeans']);
  return lower.has(a) && lower.has(b);
}

/**
 * Sizes of one system compared with a size by the distance of {@link convertSize}: what `convertSize` and the
 * profile fallback of `adviseSizes` (nearest of an article's sizes) share.
 * @internal
 */
export interface SizeDistances {
  /** The size compared, re-parsed in its system. */
  from: Size;
  /** The target system. */
  to: SizeSystem;
  /** The body dimensions compared (the size's, with `body`, that the target defines). */
  dimensions: BodyDimension[];
  /** Distance in cm to each candidate, in candidate order. */
  distances: number[];
  /** Indices of the candidates within 1e-9 cm of the smallest distance, in candidate order. */
  nearest: number[];
  /**
   * Dimensions of the target that are not compared and on which the nearest candidates differ: the size leaves
   * them open (a clothing size gives no inseam), so the nearest candidates are equally near only for want of them.
   */
  undetermined: BodyDimension[];
}

/**
 * Distances in cm from `size` to each candidate (default: every size of `to`, smallest first), under the rules of
 * {@link convertSize}.
 * @throws SizeError (system = the target) as {@link convertSize} when no conversion exists;
 *   InvalidArgumentError for a bad `options.body`.
 * @internal
 */
export function sizeDistances(
  size: Size,
  to: SizeSystem | string,
  candidates: readonly Size[] | undefined,
  options: Pick<ConvertSizeOptions, 'gender' | 'body'> = {},
): SizeDistances {
  checkSizeArgument(size, 'convertSize: size');
  checkGender(options.gender, 'convertSize: options.gender');
  const fromSys = getSizeSystem(size.system);
  const toSys = to !== null && typeof to === 'object' ? to : getSizeSystem(to);
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

  const src: BodyDimensions = { ...fromSys.bodyDimensions(source, gender) };
  for (const [d, v] of Object.entries(options.body ?? {})) {
    if (!(BODY_DIMENSIONS as readonly string[]).includes(d)) {
      throw new InvalidArgumentError(`options.body: '${d}' is not a body dimension (${BODY_DIMENSIONS.join(', ')})`);
    }
    if (typeof v !== 'number' || !(v > 0 && Number.isFinite(v))) {
      throw new InvalidArgumentError(`options.body.${d} must be a finite number of cm > 0, got ${String(v)}`);
    }
    if (src[d as BodyDimension] !== undefined) {
      throw new InvalidArgumentError(`options.body.${d}: ${source.label} (${fromSys.id}) gives the ${d} itself`);
    }
    src[d as BodyDimension] = v;
  }
  const targetDims = toSys.dimensions(gender);
  const shared = targetDims.filter((d) => src[d] !== undefined);
  if (shared.length === 0) throw none('they share no body dimension');

  const list = candidates ?? Array.from(toSys.labels, (_, i) => toSys.at(i));
  if (list.length === 0) throw new InvalidArgumentError(`no ${toSys.id} size to compare ${source.label} with`);
  const dims = list.map((c) => toSys.bodyDimensions(c, gender));
  const distances = dims.map((cd) => Math.sqrt(shared.reduce((sq, d) => sq + (cd[d]! - src[d]!) ** 2, 0)));
  const least = Math.min(...distances);
  const nearest = distances.flatMap((x, k) => (x - least <= TIE_CM ? [k] : []));
  const undetermined = targetDims.filter(
    (d) =>
      !shared.includes(d) && nearest.some((k) => Math.abs((dims[k][d] ?? NaN) - (dims[nearest[0]][d] ?? NaN)) > TIE_CM),
  );
  return { from: source, to: toSys, dimensions: shared, distances, nearest, undetermined };
}

/**
 * Converts a size to another system: the target size whose body dimensions (see each system's `source`)
 * are nearest, by Euclidean distance in cm over the dimensions both systems define. Conversions exist within
 * a kind (clothing, bra, shoe) and between clothing and jeans, for one gender: jeans to clothing through the
 * waist; clothing to jeans needs the inseam, which a clothing size does not give (pass it in `options.body`).
 *
 * @param size a size from `parseSize` (or any system's `parse`).
 * @param to the target system or its id.
 * @param options `gender` where neither system fixes it, `maxDistance` to refuse far matches, `body` for
 *   dimensions the size leaves open.
 * @returns the nearest size, its distance and the dimensions compared; ties go to the smaller size, the others are
 *   in `alternatives`.
 * @throws SizeError (system = the target) when no conversion exists (e.g. shoe to letter, women's to men's),
 *   when a needed gender is missing, when the size leaves open a dimension the nearest target sizes differ on
 *   (clothing to jeans without an inseam: no one size is nearest), or when the nearest size is further than
 *   `maxDistance`; InvalidArgumentError for a `size` that is not an object, a `gender` other than `women` and
 *   `men`, a `maxDistance` that is not a number >= 0, or a bad `body`.
 */
export function convertSize(size: Size, to: SizeSystem | string, options: ConvertSizeOptions = {}): SizeConversion {
  const o = options ?? {};
  const maxDistance = o.maxDistance ?? Infinity;
  if (typeof maxDistance !== 'number' || !(maxDistance >= 0)) {
    throw new InvalidArgumentError(`convertSize: maxDistance must be a number of cm >= 0, got ${String(maxDistance)}`);
  }
  const r = sizeDistances(size, to, undefined, o);
  const toSys = r.to;
  const tied = r.nearest.map((i) => toSys.at(i));
  const best = tied[0];
  const bestDistance = r.distances[r.nearest[0]];
  if (r.undetermined.length > 0) {
    const open = r.undetermined.join(' or ');
    throw new SizeError(
      toSys.id,
      `${r.from.label} (${r.from.system}) gives no ${open}: ${tied.length} ${toSys.id} sizes, ${best.label} to ` +
        `${tied[tied.length - 1].label}, are equally near on the ${r.dimensions.join(' and ')}; ` +
        `pass the ${open} in cm as options.body`,
    );
  }
  if (bestDistance > maxDistance) {
    throw new SizeError(
      toSys.id,
      `${size.label} (${r.from.system}) has no ${toSys.id} size within ${maxDistance} cm: the nearest, ${best.label}, is ${bestDistance.toFixed(1)} cm away`,
    );
  }
  return { from: r.from, size: best, distance: bestDistance, dimensions: r.dimensions, alternatives: tied.slice(1) };
}

/**
 * Refuses a `gender` option other than undefined, `women` and `men`.
 * @param where - what names the value in the message (`convertSize: options.gender`).
 * @throws InvalidArgumentError naming `where` and the value.
 */
export function checkGender(gender: unknown, where: string): void {
  if (gender !== undefined && gender !== 'women' && gender !== 'men') {
    throw new InvalidArgumentError(`${where} must be 'women' or 'men', got ${shownValue(gender)}`);
  }
}
