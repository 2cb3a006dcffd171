import type { FieldSchema } from './columnar-dataset.js';

/** The clothing-fit record formats sizefit reads (Misra, Wan & McAuley, RecSys 2018). */
export type FitDataFormat = 'renttherunway' | 'modcloth';

/** How a source key is parsed; see {@link FieldSpec}. */
export type FieldKind =
  'id' | 'fit' | 'category' | 'number' | 'height' | 'weight' | 'bust-size' | 'cup' | 'band' | 'range' | 'date' | 'drop';

/** How one source key of a format maps to canonical columns. */
export interface FieldSpec {
  /** Key in the JSON record, e.g. `bust size`. */
  key: string;
  kind: FieldKind;
  /**
   * Target columns: one for most kinds; `bust-size` → [band, cup, cup_label]; `cup` → [cup,
   * cup_label]; `band` → [as-given column, bust_band]; none for `drop`.
   */
  columns: readonly string[];
  /** Inclusive plausible range of a numeric value; outside it the value is reported and set missing. */
  min?: number;
  max?: number;
}

/**
 * Canonical columns: name → schema. Bounds (in the field specs) and their reasons:
 * height 120-220 cm (3'11"-7'3": beyond any adult customer; the data spans 4'6"-6'6");
 * weight 30-250 kg (66-551 lbs; RentTheRunway has a few 50 lbs entries that cannot be adults);
 * age 13-100 (younger is not a plausible account holder; RentTheRunway's 116/117 cluster is a
 * default birth year, 0-9 are typos); bust band 26-56 in (bra bands are sold 28-52);
 * waist 18-70 in, hips and bust 25-80 in; shoe size 3-16 (US women's);
 * size 0-100 (RentTheRunway 0-58, ModCloth 1-38); rating 1-10 (RentTheRunway 2-10 step 2);
 * quality 1-5; review date 1995-2035.
 */
export const CANONICAL_FIELDS: ReadonlyMap<string, FieldSchema> = new Map(
  (
    [
      { name: 'user_id', type: 'category', description: 'customer id (as given)' },
      { name: 'item_id', type: 'category', description: 'product id (as given)' },
      {
        name: 'fit',
        type: 'category',
        ordered: true,
        description: "fit feedback; categories ['small','fit','large'] so code = fitCode(label)",
      },
      { name: 'size', type: 'number', unit: 'size index', description: 'size ordered, as a number on the shop scale' },
      { name: 'category', type: 'category', description: 'product category (dress, gown, new...)' },
      { name: 'height_cm', type: 'number', unit: 'cm', description: 'customer height, from 5\' 8" or 5ft 6in' },
      { name: 'weight_kg', type: 'number', unit: 'kg', description: 'customer weight, from 137lbs' },
      {
        name: 'bust_band',
        type: 'number',
        unit: 'in',
        description: 'bra band size in inches (34 of 34d; ModCloth bra size)',
      },
      {
        name: 'cup',
        type: 'number',
        unit: 'cup index',
        description: 'bra cup as an ordinal: aa 0, a 1, b 2, c 3, d 4, dd 5, ddd/e 6, f 7, g 8, h 9 (see CUP_ORDINALS)',
      },
      { name: 'cup_label', type: 'category', description: 'bra cup as written (d, ddd/e, d+, dd/e)' },
      { name: 'age', type: 'number', unit: 'years', description: 'customer age' },
      { name: 'rating', type: 'number', unit: 'points', description: 'product rating (RentTheRunway 2-10, step 2)' },
      {
        name: 'review_date',
        type: 'date',
        unit: 'days since 1970-01-01 UTC',
        description: 'review date, from "April 20, 2016"',
      },
      { name: 'body_type', type: 'category', description: 'self-described body type (hourglass, athletic...)' },
      { name: 'rented_for', type: 'category', description: 'occasion of the rental (wedding, party...)' },
      { name: 'bra_size', type: 'number', unit: 'in', description: 'ModCloth bra size as given (the band, in inches)' },
      {
        name: 'bust',
        type: 'number',
        unit: 'in',
        description: 'ModCloth bust measurement; a range such as 36-38 gives its mean',
      },
      { name: 'waist', type: 'number', unit: 'in', description: 'ModCloth waist measurement' },
      { name: 'hips', type: 'number', unit: 'in', description: 'ModCloth hips measurement' },
      { name: 'shoe_size', type: 'number', unit: 'US size', description: 'ModCloth shoe size' },
      { name: 'shoe_width', type: 'category', description: 'ModCloth shoe width (average, wide, narrow)' },
      { name: 'length', type: 'category', description: 'ModCloth length feedback (just right, slightly long...)' },
      { name: 'quality', type: 'number', unit: 'points', description: 'ModCloth quality rating, 1-5' },
      { name: 'user_name', type: 'category', description: 'ModCloth user name' },
    ] satisfies FieldSchema[]
  ).map((f) => [f.name, f]),
);

/** The plausible sizes (numbers on the shop scale): the reader, `recommend --sizes` and the service check them. */
export const SIZE_RANGE: Readonly<{ min: number; max: number }> = { min: 0, max: 100 };

const COMMON: FieldSpec[] = [
  { key: 'user_id', kind: 'id', columns: ['user_id'] },
  { key: 'item_id', kind: 'id', columns: ['item_id'] },
  { key: 'fit', kind: 'fit', columns: ['fit'] },
  { key: 'size', kind: 'number', columns: ['size'], min: SIZE_RANGE.min, max: SIZE_RANGE.max },
  { key: 'category', kind: 'category', columns: ['category'] },
  { key: 'height', kind: 'height', columns: ['height_cm'], min: 120, max: 220 },
];
const REVIEW: FieldSpec[] = [
  { key: 'review_text', kind: 'drop', columns: [] },
  { key: 'review_summary', kind: 'drop', columns: [] },
];
const DAY = 86_400_000;

/** The source keys of each format and how they map to canonical columns. */
export const FIT_DATA_FORMATS: Readonly<Record<FitDataFormat, readonly FieldSpec[]>> = {
  renttherunway: [
    ...COMMON,
    { key: 'weight', kind: 'weight', columns: ['weight_kg'], min: 30, max: 250 },
    { key: 'bust size', kind: 'bust-size', columns: ['bust_band', 'cup', 'cup_label'], min: 26, max: 56 },
    { key: 'age', kind: 'number', columns: ['age'], min: 13, max: 100 },
    { key: 'rating', kind: 'number', columns: ['rating'], min: 1, max: 10 },
    {
      key: 'review_date',
      kind: 'date',
      columns: ['review_date'],
      min: Date.UTC(1995, 0, 1) / DAY,
      max: Date.UTC(2035, 11, 31) / DAY,
    },
    { key: 'body type', kind: 'category', columns: ['body_type'] },
    { key: 'rented for', kind: 'category', columns: ['rented_for'] },
    ...REVIEW,
  ],
  modcloth: [
    ...COMMON,
    { key: 'cup size', kind: 'cup', columns: ['cup', 'cup_label'] },
    { key: 'bra size', kind: 'band', columns: ['bra_size', 'bust_band'], min: 26, max: 56 },
    { key: 'bust', kind: 'range', columns: ['bust'], min: 25, max: 80 },
    { key: 'waist', kind: 'number', columns: ['waist'], min: 18, max: 70 },
    { key: 'hips', kind: 'number', columns: ['hips'], min: 25, max: 80 },
    { key: 'shoe size', kind: 'number', columns: ['shoe_size'], min: 3, max: 16 },
    { key: 'shoe width', kind: 'category', columns: ['shoe_width'] },
    { key: 'length', kind: 'category', columns: ['length'] },
    { key: 'quality', kind: 'number', columns: ['quality'], min: 1, max: 5 },
    { key: 'user_name', kind: 'category', columns: ['user_name'] },
    ...REVIEW,
  ],
};

const PLAUSIBLE_RANGES: ReadonlyMap<string, Readonly<{ min: number; max: number }>> = (() => {
  const out = new Map<string, { min: number; max: number }>();
  for (const spec of Object.values(FIT_DATA_FORMATS).flat()) {
    if (spec.min === undefined || spec.max === undefined || spec.kind === 'cup') continue;
    // a bust size bounds its band column only (the cup is an ordinal, the label a category)
    const columns = spec.kind === 'bust-size' ? spec.columns.slice(0, 1) : spec.columns;
    for (const c of columns) {
      if (!out.has(c) && CANONICAL_FIELDS.get(c)?.type !== 'category') out.set(c, { min: spec.min, max: spec.max });
    }
  }
  return out;
})();

/**
 * The inclusive plausible range the dataset reader holds a numeric canonical column to (`height_cm` 120-220,
 * `weight_kg` 30-250...; a value outside it is reported and read as missing), or undefined for a column without
 * bounds. `recommend --height/--weight` and size-advice requests are refused outside the same ranges.
 */
export function plausibleRange(column: string): Readonly<{ min: number; max: number }> | undefined {
  return PLAUSIBLE_RANGES.get(column);
}

const MARKERS: Readonly<Record<FitDataFormat, ReadonlySet<string>>> = {
  renttherunway: new Set(['rented for', 'bust size', 'body type', 'weight', 'review_date', 'rating', 'age']),
  modcloth: new Set([
    'shoe size',
    'shoe width',
    'user_name',
    'quality',
    'cup size',
    'bra size',
    'hips',
    'waist',
    'length',
    'bust',
  ]),
};

/**
 * Tells the format of one record from its keys: RentTheRunway has `rented for`, `bust size`,
 * `body type`, `weight`...; ModCloth has `shoe size`, `user_name`, `quality`, `cup size`...
 *
 * @returns the format with more marker keys, or null when the keys do not decide (a tie).
 */
export function detectFitDataFormat(keys: Iterable<string>): FitDataFormat | null {
  let rtr = 0;
  let mc = 0;
  for (const k of keys) {
    if (MARKERS.renttherunway.has(k)) rtr++;
    if (MARKERS.modcloth.has(k)) mc++;
  }
  return rtr > mc ? 'renttherunway' : mc > rtr ? 'modcloth' : null;
}

/**
 * The other format a file read as `format` looks like, from the keys the reader did not know (its load report's
 * unknown fields), or null when those keys do not point to another format.
 */
export function foreignFormatOf(unknownKeys: Iterable<string>, format: string): FitDataFormat | null {
  const f = detectFitDataFormat(unknownKeys);
  return f !== null && f !== format ? f : null;
}
