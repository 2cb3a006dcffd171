import type { Size, SizeKind } from './size.js';
import type { SizeRegion } from './size-system.js';
import { listSizeSystems } from './size-registry.js';

/** Hints that narrow {@link detectSizeSystem}'s candidates. Every hint given must hold. */
export interface DetectSizeHints {
  /** Keep systems for this gender and unisex ones. */
  gender?: 'women' | 'men';
  /** Keep systems of this kind (`clothing`, `jeans`, `bra`, `shoe`). */
  kind?: SizeKind;
  /** Keep systems of this region, and those without one (letter, jeans, Mondopoint). */
  region?: SizeRegion;
}

/**
 * Guesses which systems a raw label may belong to: every system that parses it (after the hints' filter),
 * most distinctive syntax first: letter, jeans, bras (EU, FR, UK, US), women's clothing (EU, FR, IT, UK, US),
 * men's clothing, shoes, Mondopoint. Examples: `W32 L34` and `32/34` give jeans; `34B` gives bra-uk and
 * bra-us; `75B` gives bra-eu and bra-fr; `XL` gives letter; `38` gives women's and men's numeric systems and
 * shoes (narrow it with hints); `245/95` gives mondopoint.
 *
 * @param hints - filters; `null` or another non-object counts as none.
 * @returns the label parsed in each candidate system, in rank order; an empty array when no system accepts it
 *   (including empty, over-long or non-string input). Never throws.
 */
export function detectSizeSystem(label: string | number, hints: DetectSizeHints = {}): Size[] {
  // `null` (or any non-object) gives no hints, as the default does: never a throw.
  const { kind, gender, region }: DetectSizeHints = hints !== null && typeof hints === 'object' ? hints : {};
  const out: Size[] = [];
  for (const sys of listSizeSystems()) {
    if (kind !== undefined && sys.kind !== kind) continue;
    if (gender !== undefined && sys.gender !== 'unisex' && sys.gender !== gender) continue;
    if (region !== undefined && sys.region !== undefined && sys.region !== region) continue;
    const size = sys.tryParse(label);
    if (size !== undefined) out.push(size);
  }
  return out;
}
