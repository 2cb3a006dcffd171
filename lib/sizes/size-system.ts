import type { BodyDimension, BodyDimensions, Size, SizeGender, SizeKind } from './size.js';

/** A national or conventional region a size system belongs to, when it has one. */
export type SizeRegion = 'EU' | 'FR' | 'IT' | 'UK' | 'US';

/**
 * A size system: an ordered, finite list of labels, each standing for body dimensions in centimetres.
 * Get one with `getSizeSystem(id)`; every system of `listSizeSystems()` implements this interface.
 */
export interface SizeSystem {
  /** Stable id, e.g. `women-eu`, `letter`, `jeans`, `bra-uk`, `shoe-us-men`, `mondopoint`. */
  readonly id: string;
  /** Human-readable name, e.g. "women's clothing, EU (DE/NL/AT/CH) numeric". */
  readonly name: string;
  /** Who the system is cut for. */
  readonly gender: SizeGender;
  /** What the system sizes. */
  readonly kind: SizeKind;
  /** The region whose labels these are, if any (`letter`, `jeans` and `mondopoint` have none). */
  readonly region: SizeRegion | undefined;
  /** True when the body dimensions of a size depend on the wearer's gender (`letter`): pass a gender then. */
  readonly genderDependent: boolean;
  /** Where the body dimensions come from (standard, or industry convention where no standard exists). */
  readonly source: string;
  /** Every label, normalised, smallest first: `labels[size.ordinal] === size.label`. */
  readonly labels: readonly string[];
  /** The body dimensions each size of this system defines (for the given gender, on unisex systems). */
  dimensions(gender?: 'women' | 'men'): readonly BodyDimension[];
  /**
   * Parses a label (string, or a number for numeric systems, read as a size's `value`: -2 is US `00`) into a
   * {@link Size}.
   * @throws SizeError naming this system when the label is not one of its sizes (also for empty, over-long or non-string input).
   */
  parse(label: string | number): Size;
  /** Like `parse`, but returns `undefined` instead of throwing. */
  tryParse(label: string | number): Size | undefined;
  /** The size at an ordinal. @throws SizeError when `ordinal` is not an integer in `[0, labels.length)`. */
  at(ordinal: number): Size;
  /** Ordinal of a size of this system, or of a label. @throws SizeError when it is not a size of this system. */
  ordinal(size: Size | string): number;
  /**
   * The size `steps` places up (negative: down) the ordinal scale.
   * @throws SizeError when that goes past either end of the range; InvalidArgumentError when `steps` is not an integer.
   */
  next(size: Size | string, steps?: number): Size;
  /** The size `steps` places down: `prev(s, n)` is `next(s, -n)`. */
  prev(size: Size | string, steps?: number): Size;
  /**
   * The body dimensions (cm, centre of the range) a size stands for.
   * @param gender needed on unisex systems whose dimensions depend on it (`letter`); ignored elsewhere.
   * @throws SizeError when the size is not of this system or a needed gender is missing or wrong.
   */
  bodyDimensions(size: Size | string, gender?: 'women' | 'men'): BodyDimensions;
}
