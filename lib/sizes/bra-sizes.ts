import type { SizeRegion } from './size-system.js';
import { TableSizeSystem, type SizeTableEntry } from './table-size-system.js';

/**
 * Bra cup letters of each system, aligned by index: the cup at index i of every system is the same cup.
 *
 * Sources: EU/FR cups follow EN 13402-3 (cup = bust girth - underbust girth, 2 cm per cup, AA 10-12 cm,
 * A 12-14, B 14-16, C 16-18, D 18-20, ...). UK and US cups have no standard: the alignment is the common
 * industry conversion table (EU E = UK DD = US DD/E; EU F = UK E = US DDD/F; EU G = UK F = US G;
 * EU H = UK FF = US H; ...). UK and US differ above D: UK D, DD, E, F, FF, G, GG, H, HH, J, JJ;
 * US D, DD/E, DDD/F, G, H, I, J, ...
 */
export const BRA_CUPS: Record<'EU' | 'UK' | 'US', readonly string[]> = {
  EU: ['AA', 'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L', 'M', 'N'],
  UK: ['AA', 'A', 'B', 'C', 'D', 'DD', 'E', 'F', 'FF', 'G', 'GG', 'H', 'HH', 'J', 'JJ'],
  US: ['AA', 'A', 'B', 'C', 'D', 'DD/E', 'DDD/F', 'G', 'H', 'I', 'J', 'K', 'L', 'M', 'N'],
};

/** Other US spellings of a cup (ModCloth writes `dd/e`, `ddd/f`, `dddd/g`). */
const US_CUP_ALIASES: Record<string, string> = {
  DD: 'DD/E',
  E: 'DD/E',
  'E/DD': 'DD/E',
  DDD: 'DDD/F',
  F: 'DDD/F',
  'F/DDD': 'DDD/F',
  DDDD: 'G',
  'DDDD/G': 'G',
  'G/DDDD': 'G',
};

/** Centre of the EN 13402-3 bust-minus-underbust interval of cup index i (AA 11 cm, A 13, B 15, ...). */
export function cupDifferenceCm(cupIndex: number): number {
  return 11 + 2 * cupIndex;
}

/** EU band codes (underbust girth in cm, rounded to 5 cm; EN 13402-3): 60..120. */
export const BRA_EU_BANDS = [60, 120] as const;

/**
 * Band codes per system as a function of the EU band. Sources: EU = underbust girth in cm (EN 13402-3);
 * FR/BE/ES = EU + 15 (convention); UK/US inch bands follow the common international table
 * (EU 60 = 28, 65 = 30, 70 = 32, 75 = 34, ...: UK/US = 0.4 EU + 4), an industry convention, not the literal
 * underbust in inches.
 */
function bandOf(region: 'EU' | 'FR' | 'UK' | 'US', eu: number): number {
  if (region === 'EU') return eu;
  if (region === 'FR') return eu + 15;
  return 0.4 * eu + 4;
}

function build(region: 'EU' | 'FR' | 'UK' | 'US'): TableSizeSystem {
  const cups = region === 'FR' ? BRA_CUPS.EU : BRA_CUPS[region];
  const entries: SizeTableEntry[] = [];
  const bandSet = new Set<number>();
  for (let eu = BRA_EU_BANDS[0]; eu <= BRA_EU_BANDS[1]; eu += 5) {
    const band = bandOf(region, eu);
    bandSet.add(band);
    cups.forEach((cup, i) => {
      entries.push({
        label: `${band}${cup}`,
        components: { band, cup },
        dims: { underbust: eu, bust: eu + cupDifferenceCm(i) },
      });
    });
  }
  const cupSet = new Set(cups);
  const inches = region === 'UK' || region === 'US';
  return new TableSizeSystem({
    id: `bra-${region.toLowerCase()}`,
    name: `bra, ${region} (${inches ? 'inch' : 'cm'} band + cup)`,
    gender: 'women',
    kind: 'bra',
    region: region as SizeRegion,
    source: inches
      ? `bands: common international table (UK/US = 0.4 EU + 4); cups: industry conversion table aligned to EN 13402-3 cups`
      : `EN 13402-3 (underbust girth in 5 cm steps, cup = bust - underbust in 2 cm steps)${region === 'FR' ? '; FR band = EU + 15 (convention)' : ''}`,
    entries,
    canonicalise: (s) => {
      const m = /^(\d{2,3}) ?([A-Z]{1,4}(?: ?\/ ?[A-Z]{1,4})?)$/.exec(s);
      if (!m) return undefined;
      const band = Number(m[1]);
      let cup = m[2].replace(/ /g, '');
      if (region === 'US') cup = US_CUP_ALIASES[cup] ?? cup;
      if (!bandSet.has(band) || !cupSet.has(cup)) return undefined;
      return `${band}${cup}`;
    },
    expected: `expected a band of ${[...bandSet][0]}..${[...bandSet].at(-1)} and a cup of ${cups.join(' ')}`,
  });
}

/**
 * The bra systems `bra-eu`, `bra-fr`, `bra-uk`, `bra-us`. Ordinal is band-major: one up from 75B is 75C,
 * and one up from the last cup of a band is the first cup of the next band.
 */
export const BRA_SYSTEMS: readonly TableSizeSystem[] = (['EU', 'FR', 'UK', 'US'] as const).map(build);
