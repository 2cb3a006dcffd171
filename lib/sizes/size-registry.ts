import { SizeError } from '../core/errors.js';
import { BRA_SYSTEMS } from './bra-sizes.js';
import { JEANS_SYSTEM } from './jeans-sizes.js';
import { LETTER_SYSTEM } from './letter-sizes.js';
import { MENS_CLOTHING_SYSTEMS } from './mens-clothing-sizes.js';
import { MONDOPOINT_SYSTEM } from './mondopoint-sizes.js';
import type { Size } from './size.js';
import type { SizeSystem } from './size-system.js';
import { SHOE_SYSTEMS } from './shoe-sizes.js';
import { WOMENS_CLOTHING_SYSTEMS } from './womens-clothing-sizes.js';

/** Every built-in system, in the order `detectSizeSystem` ranks candidates (most distinctive syntax first). */
const SYSTEMS: readonly SizeSystem[] = Object.freeze([
  LETTER_SYSTEM,
  JEANS_SYSTEM,
  ...BRA_SYSTEMS,
  ...WOMENS_CLOTHING_SYSTEMS,
  ...MENS_CLOTHING_SYSTEMS,
  ...SHOE_SYSTEMS,
  MONDOPOINT_SYSTEM,
]);

const BY_ID: ReadonlyMap<string, SizeSystem> = new Map(SYSTEMS.map((s) => [s.id, s]));

/**
 * Every built-in size system: `letter`, `jeans`, `bra-eu|fr|uk|us`, `women-eu|fr|it|uk|us`,
 * `men-eu|fr|it|uk|us`, `shoe-eu`, `shoe-uk-women|men`, `shoe-us-women|men`, `mondopoint`.
 * @returns the systems in a fixed order (the candidate order of `detectSizeSystem`).
 */
export function listSizeSystems(): readonly SizeSystem[] {
  return SYSTEMS;
}

/**
 * The size system with this id.
 * @throws SizeError (system = the unknown id) when there is no such system; the message lists the known ids.
 */
export function getSizeSystem(id: string): SizeSystem {
  const s = typeof id === 'string' ? BY_ID.get(id) : undefined;
  if (s === undefined) {
    const shown = typeof id === 'string' ? `'${id.length > 40 ? `${id.slice(0, 40)}…` : id}'` : String(id);
    throw new SizeError(String(id), `unknown size system ${shown} (known: ${[...BY_ID.keys()].join(', ')})`);
  }
  return s;
}

/**
 * Parses a size label in a named system: `parseSize('xxl', 'letter')` is the size `2XL` of `letter`.
 * @param label the raw label (case, spacing and common spellings are normalised per system); numbers are accepted for
 *   numeric systems and read as a size's `value` (`parseSize(-2, 'women-us')` is `00`).
 * @param systemId id of a system from {@link listSizeSystems}.
 * @throws SizeError naming the system, e.g. "'XXL5' is not a size of letter", or for an unknown system id.
 */
export function parseSize(label: string | number, systemId: string): Size {
  return getSizeSystem(systemId).parse(label);
}
