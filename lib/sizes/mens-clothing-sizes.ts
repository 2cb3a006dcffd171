import { formatNumber, readHalfNumber } from './normalise-label.js';
import type { BodyDimensions } from './size.js';
import type { SizeRegion } from './size-system.js';
import { TableSizeSystem } from './table-size-system.js';

/**
 * Men's numeric clothing (jacket/suit) sizes, EU (DE) numbering 40..70, with body dimensions in cm.
 *
 * Sources: chest girth (the EN 13402-3 primary dimension for men's jackets) follows the German rule
 * size = chest / 2 (EU 48 = chest 96). Waist = chest - 12 cm, the usual drop of German normal-size tables
 * (EU 48 ~ waist 84): an industry convention and an approximation at the ends of the range.
 */
export function mensEuBody(eu: number): BodyDimensions {
  return { chest: 2 * eu, waist: 2 * eu - 12 };
}

/** Smallest and largest men's EU size in the tables. */
export const MENS_EU_RANGE = [40, 70] as const;

/**
 * Offsets from EU. Industry convention: FR and IT men's jacket sizes use the EU number (IT 48 = EU 48),
 * UK and US use the chest in inches, EU - 10 (EU 48 = UK/US 38; 38 in = 96.5 cm ~ chest 96).
 */
const OFFSETS: Record<'EU' | 'FR' | 'IT' | 'UK' | 'US', number> = { EU: 0, FR: 0, IT: 0, UK: -10, US: -10 };

function build(region: keyof typeof OFFSETS): TableSizeSystem {
  const off = OFFSETS[region];
  const entries = [];
  for (let eu = MENS_EU_RANGE[0]; eu <= MENS_EU_RANGE[1]; eu += 2) {
    const v = eu + off;
    entries.push({ label: formatNumber(v), components: { value: v }, dims: mensEuBody(eu) });
  }
  const prefixes = region === 'EU' ? ['EU', 'DE'] : [region];
  return new TableSizeSystem({
    id: `men-${region.toLowerCase()}`,
    name: `men's clothing, ${region} numeric`,
    gender: 'men',
    kind: 'clothing',
    region: region as SizeRegion,
    source:
      region === 'EU'
        ? 'chest: German rule size = chest/2 (EN 13402-3 primary dimension); waist = chest - 12 cm (industry drop)'
        : `industry convention ${region} = EU${off === 0 ? '' : ` - ${-off}`}; body dimensions of the EU size`,
    entries,
    canonicalise: (s) => {
      const v = readHalfNumber(s, prefixes);
      return v === undefined || !Number.isInteger(v) ? undefined : formatNumber(v);
    },
  });
}

/** The men's numeric clothing systems `men-eu`, `men-fr`, `men-it`, `men-uk`, `men-us`. */
export const MENS_CLOTHING_SYSTEMS: readonly TableSizeSystem[] = (['EU', 'FR', 'IT', 'UK', 'US'] as const).map(build);
