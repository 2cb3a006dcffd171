/**
 * The value types of lib/sizes: a parsed size, the body dimensions a size stands for, and the tags
 * (gender, kind, region) that describe a size system.
 */

/** Who a size system is cut for. `unisex` systems (letters, jeans, shoes) need a gender only where their body dimensions depend on it. */
export type SizeGender = 'women' | 'men' | 'unisex';

/**
 * What a size system sizes. Conversions exist within a kind, and between `clothing` and `jeans` (through the waist;
 * clothing to jeans also needs the inseam, see `convertSize`).
 */
export type SizeKind = 'clothing' | 'jeans' | 'bra' | 'shoe';

/**
 * A body dimension in centimetres, named as in EN 13402-1 / ISO 8559-1: `bust` (women) and `chest` (men)
 * girth, `underbust` girth, `waist` and `hips` girth, `inseam` (inside leg length), `footLength` and `footWidth`.
 */
export type BodyDimension = 'bust' | 'chest' | 'underbust' | 'waist' | 'hips' | 'inseam' | 'footLength' | 'footWidth';

/** Body dimensions in centimetres: the centre of the body range a size is meant for. Absent keys are not defined by the system. */
export type BodyDimensions = Partial<Record<BodyDimension, number>>;

/**
 * A size parsed in one system. Sizes are plain frozen values: compare them with `compareSizes`, step them
 * with `stepSize` or the system's `next`/`prev`.
 */
export interface Size {
  /** Id of the size system, e.g. `women-eu`, `letter`, `bra-uk`. */
  readonly system: string;
  /** The normalised label, e.g. `2XL`, `W32 L34`, `34DD`, `38.5`, `245/95`. */
  readonly label: string;
  /** 0-based index of the size in its system's ordered `labels`: one up is `ordinal + 1`. */
  readonly ordinal: number;
  /**
   * The number of a numeric label (clothing and shoe sizes; US `00` is -2; Mondopoint: foot length in mm). `parse`
   * reads this number back: `parseSize(-2, 'women-us')` is `00`.
   */
  readonly value?: number;
  /** Jeans: waist in inches (the W of `W32 L34`). */
  readonly waist?: number;
  /** Jeans: inseam in inches (the L of `W32 L34`). */
  readonly inseam?: number;
  /** Bras: band in the system's unit (EU/FR centimetre codes, UK/US inch codes). */
  readonly band?: number;
  /** Bras: cup letters in the system's spelling (`DD` UK, `DD/E` US). */
  readonly cup?: string;
  /** Mondopoint: foot width in mm when the label gives one (`245/95`); not part of the ordinal. */
  readonly footWidthMm?: number;
}
