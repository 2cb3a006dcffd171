import { formatNumber, readHalfNumber } from './normalise-label.js';
import type { BodyDimensions } from './size.js';
import type { SizeRegion } from './size-system.js';
import { TableSizeSystem } from './table-size-system.js';

/**
 * Women's numeric clothing sizes, EU (DE/NL/AT/CH/Nordic) numbering, 30..56, with body dimensions in cm.
 *
 * Sources: bust girth (the EN 13402-3 primary dimension for women's garments) follows the German
 * (DOB) rule size = bust / 2 - 6, so EU 38 = bust 88. Waist and hips are anchored at EU 38 = waist 70,
 * hips 96 (the anchor of issue 3, in line with German DOB tables) and step 4 cm per size like the bust.
 * Real tables step 5-6 cm above about EU 46; this table keeps 4 cm, so large sizes are an approximation.
 */
export function womensEuBody(eu: number): BodyDimensions {
  return { bust: 2 * eu + 12, waist: 2 * eu - 6, hips: 2 * eu + 20 };
}

/** Smallest and largest women's EU size in the tables. */
export const WOMENS_EU_RANGE = [30, 56] as const;

/**
 * Offsets of the other national women's numberings from EU. Industry convention, not a standard (EN 13402
 * has no national numbering): EU 38 = FR 40 = IT 42 = UK 10 = US 6, i.e. FR = EU + 2, IT = EU + 4,
 * UK = EU - 28, US = EU - 32 (US 00 = EU 30). Body dimensions of a national size are those of its EU size.
 */
const OFFSETS: Record<'EU' | 'FR' | 'IT' | 'UK' | 'US', number> = { EU: 0, FR: 2, IT: 4, UK: -28, US: -32 };

const PREFIXES: Record<keyof typeof OFFSETS, readonly string[]> = {
  EU: ['EU', 'DE'],
  FR: ['FR'],
  IT: ['IT'],
  UK: ['UK'],
  US: ['US'],
};

function label(v: number): string {
  return v === -2 ? '00' : formatNumber(v);
}

function build(region: keyof typeof OFFSETS): TableSizeSystem {
  const off = OFFSETS[region];
  const entries = [];
  for (let eu = WOMENS_EU_RANGE[0]; eu <= WOMENS_EU_RANGE[1]; eu += 2) {
    const v = eu + off;
    entries.push({ label: label(v), components: { value: v }, dims: womensEuBody(eu) });
  }
  const id = `women-${region.toLowerCase()}`;
  return new TableSizeSystem({
    id,
    name: `women's clothing, ${region} numeric`,
    gender: 'women',
    kind: 'clothing',
    region: region as SizeRegion,
    source:
      region === 'EU'
        ? 'bust: German DOB rule size = bust/2 - 6 (EN 13402-3 primary dimension); waist/hips: EU 38 = 70/96 cm anchor, 4 cm per size'
        : `industry convention ${region} = EU ${off >= 0 ? '+' : '-'} ${Math.abs(off)}; body dimensions of the EU size`,
    entries,
    canonicalise: (s) => {
      let t = s;
      for (const p of PREFIXES[region]) if (t.startsWith(p)) t = t.slice(p.length).trim();
      if (region === 'US' && t === '00') return '00';
      const v = readHalfNumber(t);
      return v === undefined || !Number.isInteger(v) ? undefined : label(v);
    },
  });
}

/** The women's numeric clothing systems `women-eu`, `women-fr`, `women-it`, `women-uk`, `women-us`. */
export const WOMENS_CLOTHING_SYSTEMS: readonly TableSizeSystem[] = (['EU', 'FR', 'IT', 'UK', 'US'] as const).map(build);
