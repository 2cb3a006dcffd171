import { InvalidArgumentError, SizeError } from '../core/errors.js';
import { normaliseLabel, notASizeError } from './normalise-label.js';
import type { BodyDimension, BodyDimensions, Size, SizeGender, SizeKind } from './size.js';
import type { SizeRegion, SizeSystem } from './size-system.js';

/** One row of a size table: the normalised label, its components and its body dimensions. */
export interface SizeTableEntry {
  /** The normalised label. */
  label: string;
  /** Components copied onto the parsed {@link Size} (value, waist/inseam, band/cup). */
  components?: Omit<Size, 'system' | 'label' | 'ordinal'>;
  /** Body dimensions (cm) when they do not depend on gender. */
  dims?: BodyDimensions;
  /** Body dimensions (cm) per gender, for unisex systems whose sizes mean different bodies (letters). */
  dimsByGender?: { women: BodyDimensions; men: BodyDimensions };
}

/** What a {@link TableSizeSystem} is built from. */
export interface TableSizeSystemSpec {
  /** System id, e.g. `women-eu`. */
  id: string;
  /** Human-readable name. */
  name: string;
  /** Who the system is cut for. */
  gender: SizeGender;
  /** What the system sizes. */
  kind: SizeKind;
  /** Region of the labels, if any. */
  region?: SizeRegion;
  /** Where the body dimensions come from. */
  source: string;
  /** Rows smallest first. */
  entries: readonly SizeTableEntry[];
  /**
   * Maps a normalised input (NFKC, trimmed, single-spaced, upper-case) to the canonical label of a row, or
   * `undefined`. It may also return extra components found in the input (Mondopoint width), which are kept
   * on the parsed size and in its label.
   */
  canonicalise: (s: string) => string | { label: string; extra: Partial<Size>; display: string } | undefined;
  /** Optional reason appended to the "not a size" message, e.g. the expected form. */
  expected?: string;
}

/**
 * A size system backed by a finite table of labels. All built-in systems are instances; parsing is a
 * normalisation step plus one map look-up, so any input is answered in time linear in its (capped) length.
 */
export class TableSizeSystem implements SizeSystem {
  readonly id: string;
  readonly name: string;
  readonly gender: SizeGender;
  readonly kind: SizeKind;
  readonly region: SizeRegion | undefined;
  readonly source: string;
  readonly genderDependent: boolean;
  readonly labels: readonly string[];
  readonly #entries: readonly SizeTableEntry[];
  readonly #index: ReadonlyMap<string, number>;
  /** Row of each numeric `value` (US `00` is -2), for numbers given to `parse`. */
  readonly #byValue: ReadonlyMap<number, number>;
  readonly #sizes: readonly Size[];
  readonly #canonicalise: TableSizeSystemSpec['canonicalise'];
  readonly #expected: string | undefined;

  constructor(spec: TableSizeSystemSpec) {
    this.id = spec.id;
    this.name = spec.name;
    this.gender = spec.gender;
    this.kind = spec.kind;
    this.region = spec.region;
    this.source = spec.source;
    this.genderDependent = spec.entries.some((e) => e.dimsByGender !== undefined);
    this.#entries = spec.entries;
    this.#canonicalise = spec.canonicalise;
    this.#expected = spec.expected;
    this.labels = Object.freeze(spec.entries.map((e) => e.label));
    const index = new Map<string, number>();
    spec.entries.forEach((e, i) => {
      if (index.has(e.label)) throw new Error(`size table ${spec.id}: duplicate label ${e.label}`);
      index.set(e.label, i);
    });
    this.#index = index;
    const byValue = new Map<number, number>();
    spec.entries.forEach((e, i) => {
      if (e.components?.value !== undefined && !byValue.has(e.components.value)) byValue.set(e.components.value, i);
    });
    this.#byValue = byValue;
    this.#sizes = Object.freeze(
      spec.entries.map((e, i) => Object.freeze({ system: spec.id, label: e.label, ordinal: i, ...e.components })),
    );
  }

  dimensions(gender?: 'women' | 'men'): readonly BodyDimension[] {
    const first = this.#entries[0];
    const dims = first.dims ?? (gender ? first.dimsByGender?.[gender] : undefined) ?? {};
    return Object.keys(dims) as BodyDimension[];
  }

  tryParse(label: string | number): Size | undefined {
    // A number is first read as a size's value, so that `parse(size.value)` is `size` (US `00` has value -2).
    const byValue = typeof label === 'number' ? this.#byValue.get(label) : undefined;
    if (byValue !== undefined) return this.#sizes[byValue];
    const s = normaliseLabel(label);
    if (s === undefined) return undefined;
    const c = this.#canonicalise(s);
    if (c === undefined) return undefined;
    const key = typeof c === 'string' ? c : c.label;
    const i = this.#index.get(key);
    if (i === undefined) return undefined;
    if (typeof c === 'string') return this.#sizes[i];
    return Object.freeze({ ...this.#sizes[i], ...c.extra, label: c.display });
  }

  parse(label: string | number): Size {
    const size = this.tryParse(label);
    if (size === undefined) throw notASizeError(label, this.id, this.#expected);
    return size;
  }

  at(ordinal: number): Size {
    if (!Number.isInteger(ordinal) || ordinal < 0 || ordinal >= this.#sizes.length) {
      throw new SizeError(this.id, `ordinal ${ordinal} is outside ${this.id} (0..${this.#sizes.length - 1})`);
    }
    return this.#sizes[ordinal];
  }

  ordinal(size: Size | string): number {
    return this.#resolve(size).ordinal;
  }

  next(size: Size | string, steps = 1): Size {
    if (!Number.isInteger(steps)) throw new InvalidArgumentError(`steps must be an integer, got ${steps}`);
    const s = this.#resolve(size);
    const to = s.ordinal + steps;
    if (to < 0 || to >= this.#sizes.length) {
      const end = steps > 0 ? 'largest' : 'smallest';
      const limit = steps > 0 ? this.labels[this.labels.length - 1] : this.labels[0];
      const dir = steps > 0 ? `${steps} up` : `${-steps} down`;
      throw new SizeError(this.id, `cannot go ${dir} from ${s.label}: the ${end} size of ${this.id} is ${limit}`);
    }
    return this.#sizes[to];
  }

  prev(size: Size | string, steps = 1): Size {
    if (!Number.isInteger(steps)) throw new InvalidArgumentError(`steps must be an integer, got ${steps}`);
    return this.next(size, -steps);
  }

  bodyDimensions(size: Size | string, gender?: 'women' | 'men'): BodyDimensions {
    const s = this.#resolve(size);
    const e = this.#entries[s.ordinal];
    let dims: BodyDimensions;
    if (e.dims) {
      dims = { ...e.dims };
    } else if (e.dimsByGender) {
      if (gender !== 'women' && gender !== 'men') {
        throw new SizeError(this.id, `${this.id} sizes mean different bodies for women and men: give a gender`);
      }
      dims = { ...e.dimsByGender[gender] };
    } else {
      dims = {};
    }
    if (gender !== undefined && this.gender !== 'unisex' && gender !== this.gender) {
      throw new SizeError(this.id, `${this.id} is a ${this.gender}'s system, not ${gender}'s`);
    }
    if (s.footWidthMm !== undefined) dims.footWidth = s.footWidthMm / 10;
    return dims;
  }

  #resolve(size: Size | string): Size {
    if (typeof size === 'string') return this.parse(size);
    if (size === null || typeof size !== 'object' || size.system !== this.id) {
      const what = size && typeof size === 'object' ? `a size of ${String(size.system)}` : 'not a size';
      throw new SizeError(this.id, `expected a size of ${this.id}, got ${what}`);
    }
    const i = this.#index.get(size.label);
    if (i !== undefined) return this.#sizes[i];
    // Labels with extra components (Mondopoint width) are not table keys: re-parse them.
    return this.parse(size.label);
  }
}
