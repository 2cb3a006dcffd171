import { formatNumber, readHalfNumber } from './normalise-label.js';
import type { SizeGender } from './size.js';
import type { SizeRegion } from './size-system.js';
import { TableSizeSystem } from './table-size-system.js';

const CM_PER_INCH = 2.54;

/**
 * Toe allowance: how much longer the last (and the shoe's inside) is than the foot, in cm. Shoe systems
 * number the last; the foot is the last minus this allowance. Source: common industry figure, "foot length
 * plus 1.5 cm" (shoe cavities are typically 15-20 mm longer than the foot); EN 13402 / ISO 9407 Mondopoint
 * labels the foot itself, so this constant is what links Mondopoint to the other systems.
 */
export const SHOE_TOE_ALLOWANCE_CM = 1.5;

/**
 * Last length in cm of a shoe size. Sources (the customary definitions):
 * - EU (Paris point, 2/3 cm): size = 1.5 x last length in cm;
 * - UK adult (barleycorn, 1/3 in): size = 3 x last length in inches - 25;
 * - US men's: size = 3 x last in inches - 24 (UK + 1);
 * - US women's: size = 3 x last in inches - 22.5 (US men's + 1.5; many retailers round this to UK + 2).
 */
export function shoeLastLengthCm(system: 'EU' | 'UK' | 'US-men' | 'US-women', size: number): number {
  switch (system) {
    case 'EU':
      return (size * 2) / 3;
    case 'UK':
      return ((size + 25) / 3) * CM_PER_INCH;
    case 'US-men':
      return ((size + 24) / 3) * CM_PER_INCH;
    case 'US-women':
      return ((size + 22.5) / 3) * CM_PER_INCH;
  }
}

interface ShoeSpec {
  id: string;
  name: string;
  gender: SizeGender;
  region: SizeRegion;
  last: 'EU' | 'UK' | 'US-men' | 'US-women';
  range: readonly [number, number];
  source: string;
}

const SPECS: readonly ShoeSpec[] = [
  {
    id: 'shoe-eu',
    name: 'shoes, EU (Paris point), half sizes',
    gender: 'unisex',
    region: 'EU',
    last: 'EU',
    range: [30, 52],
    source: 'Paris point: size = 1.5 x last length (cm); foot = last - 1.5 cm',
  },
  {
    id: 'shoe-uk-women',
    name: "shoes, UK women's",
    gender: 'women',
    region: 'UK',
    last: 'UK',
    range: [1, 11],
    source: 'UK adult: size = 3 x last length (in) - 25; foot = last - 1.5 cm',
  },
  {
    id: 'shoe-uk-men',
    name: "shoes, UK men's",
    gender: 'men',
    region: 'UK',
    last: 'UK',
    range: [3, 15],
    source: 'UK adult: size = 3 x last length (in) - 25; foot = last - 1.5 cm',
  },
  {
    id: 'shoe-us-women',
    name: "shoes, US women's",
    gender: 'women',
    region: 'US',
    last: 'US-women',
    range: [3, 13],
    source: "US women's: size = 3 x last length (in) - 22.5; foot = last - 1.5 cm",
  },
  {
    id: 'shoe-us-men',
    name: "shoes, US men's",
    gender: 'men',
    region: 'US',
    last: 'US-men',
    range: [4, 16],
    source: "US men's: size = 3 x last length (in) - 24; foot = last - 1.5 cm",
  },
];

function build(spec: ShoeSpec): TableSizeSystem {
  const entries = [];
  for (let v = spec.range[0]; v <= spec.range[1]; v += 0.5) {
    const footLength = shoeLastLengthCm(spec.last, v) - SHOE_TOE_ALLOWANCE_CM;
    entries.push({ label: formatNumber(v), components: { value: v }, dims: { footLength } });
  }
  const prefix = spec.region;
  return new TableSizeSystem({
    id: spec.id,
    name: spec.name,
    gender: spec.gender,
    kind: 'shoe',
    region: spec.region,
    source: spec.source,
    entries,
    canonicalise: (s) => {
      const v = readHalfNumber(s, [prefix]);
      return v === undefined || !Number.isInteger(v * 2) ? undefined : formatNumber(v);
    },
    expected: `expected ${spec.range[0]}..${spec.range[1]} in half sizes`,
  });
}

/**
 * The shoe systems `shoe-eu`, `shoe-uk-women`, `shoe-uk-men`, `shoe-us-women`, `shoe-us-men`, in half
 * sizes (`38.5`, `38 1/2`, `38½`, `38,5` all read as 38.5). Third sizes (`42 2/3`) are not supported.
 */
export const SHOE_SYSTEMS: readonly TableSizeSystem[] = SPECS.map(build);
