import { InvalidArgumentError } from '../core/errors.js';
import type { ColumnarDataset } from './columnar-dataset.js';

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const CUPS = ['aa', 'a', 'b', 'c', 'd', 'dd', 'ddd/e', 'f', 'g', 'h', 'i', 'j'];
const LBS_PER_KG = 1 / 0.45359237;

/** The extra (non-RentTheRunway) fields written after the official ones when the dataset has them. */
export const SAMPLE_EXTRA_FIELDS = ['brand', 'size_system', 'size_label', 'returned', 'return_reason'] as const;

/** Options of {@link toRentTheRunwayLines}. */
export interface RentTheRunwayLinesOptions {
  /** Columns written after the official keys, under their own names (default {@link SAMPLE_EXTRA_FIELDS}). */
  extraFields?: readonly string[];
}

/** "April 20, 2016" from days since 1970-01-01 (UTC). */
function formatDate(days: number): string {
  const d = new Date(days * 86400000);
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()}`;
}

/**
 * Writes a dataset with the canonical columns as RentTheRunway JSON lines, formatted exactly like the official
 * `renttherunway_final_data.json` (Python's `json.dumps` spacing, keys in the official order, strings for
 * `weight` "137lbs", `rating` "10", `age` "28", `bust size` "34d", `height` `5' 8"`, `review_date`
 * "April 20, 2016"; `size` an integer; review text absent). A key is absent where the value is missing or the
 * column does not exist. Extra columns follow under their own names; numbers stay numbers.
 *
 * Heights are written in whole inches and weights in whole pounds (rounded from cm and kg); the cup code
 * 1..4 is a..d (0 aa, 5 dd, 6 ddd/e, 7.. f, g, h, i, j).
 *
 * @returns one line per row, each ending in a newline.
 * @throws InvalidArgumentError when a row has a non-integer `size` or a cup code outside 0..11.
 */
export function toRentTheRunwayLines(dataset: ColumnarDataset, options: RentTheRunwayLinesOptions = {}): string {
  const extras = (options.extraFields ?? SAMPLE_EXTRA_FIELDS).filter((f) => dataset.has(f));
  const get = (name: string, i: number): string | number | null => (dataset.has(name) ? dataset.value(name, i) : null);
  const out: string[] = [];
  for (let i = 0; i < dataset.length; i++) {
    const rec: [string, string | number | null][] = [];
    const str = (v: string | number | null): string | null => (v === null ? null : String(v));
    rec.push(['fit', get('fit', i)]);
    rec.push(['user_id', str(get('user_id', i))]);
    const band = get('bust_band', i);
    const cup = get('cup', i);
    let bust: string | null = null;
    if (band !== null && cup !== null) {
      const letter = CUPS[cup as number];
      if (letter === undefined) throw new InvalidArgumentError(`row ${i + 1}: cup code ${cup} is not 0..11`);
      bust = `${band}${letter}`;
    }
    rec.push(['bust size', bust]);
    rec.push(['item_id', str(get('item_id', i))]);
    const kg = get('weight_kg', i);
    rec.push(['weight', kg === null ? null : `${Math.round((kg as number) * LBS_PER_KG)}lbs`]);
    rec.push(['rating', str(get('rating', i))]);
    rec.push(['rented for', get('rented_for', i)]);
    rec.push(['body type', get('body_type', i)]);
    rec.push(['category', get('category', i)]);
    const cm = get('height_cm', i);
    let height: string | null = null;
    if (cm !== null) {
      const inches = Math.round((cm as number) / 2.54);
      height = `${Math.floor(inches / 12)}' ${inches % 12}"`;
    }
    rec.push(['height', height]);
    const size = get('size', i);
    if (size !== null && !Number.isInteger(size))
      throw new InvalidArgumentError(`row ${i + 1}: size ${size} is not an integer`);
    rec.push(['size', size]);
    rec.push(['age', str(get('age', i))]);
    const day = get('review_date', i);
    rec.push(['review_date', day === null ? null : formatDate(day as number)]);
    for (const f of extras) rec.push([f, get(f, i)]);
    const body = rec
      .filter(([, v]) => v !== null)
      .map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`)
      .join(', ');
    out.push(`{${body}}\n`);
  }
  return out.join('');
}
