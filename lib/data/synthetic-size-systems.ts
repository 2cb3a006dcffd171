/**
 * The size systems and categories of the synthetic data generator. Deliberately self-contained (it does not
 * use lib/sizes): every system is a grid on one common "fine" size scale whose step is 2.5 cm of body
 * circumference, so that sizes of different systems can be compared and the `size` column is one number scale.
 */

/** Name of a synthetic size system. */
export type SyntheticSizeSystemName = 'us-numeric' | 'eu-numeric' | 'letter';

/** Body measurements that decide a true size, with their weights (the weights sum to 1). */
export interface SizeDrivers {
  bust: number;
  waist: number;
  hips: number;
}

/** A size system of the synthetic data: ordered labels laid on the common fine size scale. */
export interface SyntheticSizeSystem {
  name: SyntheticSizeSystemName;
  /** Labels from smallest to largest. */
  labels: readonly string[];
  /** Fine-scale index of the first label. */
  firstFine: number;
  /** Fine-scale steps between two adjacent labels (1 for numeric systems, 2 for letters). */
  fineStep: number;
  /** How bust, waist and hips decide the true size of garments sized in this system. */
  drivers: SizeDrivers;
}

/** Body circumferences (cm) of fine-scale size 0 (US 0); each fine step adds {@link FINE_STEP_CM}. */
export const FINE_SIZE_ZERO_CM = { bust: 80, waist: 62, hips: 88 } as const;

/** Centimetres of body circumference per fine-scale size step. */
export const FINE_STEP_CM = 2.5;

/** The three size systems: US numeric dress sizes, EU numeric bottoms sizes, letter sizes for tops. */
export const SYNTHETIC_SIZE_SYSTEMS: readonly SyntheticSizeSystem[] = [
  {
    name: 'us-numeric',
    labels: ['0', '2', '4', '6', '8', '10', '12', '14', '16', '18', '20', '22', '24'],
    firstFine: 0,
    fineStep: 1,
    drivers: { bust: 0.4, waist: 0.3, hips: 0.3 },
  },
  {
    name: 'eu-numeric',
    labels: ['32', '34', '36', '38', '40', '42', '44', '46', '48', '50'],
    firstFine: 1,
    fineStep: 1,
    drivers: { bust: 0, waist: 0.5, hips: 0.5 },
  },
  {
    name: 'letter',
    labels: ['XS', 'S', 'M', 'L', 'XL', 'XXL', '3XL'],
    firstFine: 1,
    fineStep: 2,
    drivers: { bust: 0.7, waist: 0.3, hips: 0 },
  },
];

/** A garment category of the synthetic data, the size system it is sold in, and how common it is. */
export interface SyntheticCategory {
  name: string;
  system: SyntheticSizeSystemName;
  /** Relative frequency among articles. */
  weight: number;
}

/** The categories (RentTheRunway's most common ones) with their size systems. */
export const SYNTHETIC_CATEGORIES: readonly SyntheticCategory[] = [
  { name: 'dress', system: 'us-numeric', weight: 45 },
  { name: 'gown', system: 'us-numeric', weight: 16 },
  { name: 'sheath', system: 'us-numeric', weight: 8 },
  { name: 'romper', system: 'us-numeric', weight: 3 },
  { name: 'jumpsuit', system: 'us-numeric', weight: 3 },
  { name: 'top', system: 'letter', weight: 7 },
  { name: 'sweater', system: 'letter', weight: 3 },
  { name: 'jacket', system: 'letter', weight: 3 },
  { name: 'blouse', system: 'letter', weight: 2 },
  { name: 'skirt', system: 'eu-numeric', weight: 4 },
  { name: 'pants', system: 'eu-numeric', weight: 3 },
  { name: 'jeans', system: 'eu-numeric', weight: 3 },
];

/**
 * The size system called `name`.
 * @throws Error never for a valid {@link SyntheticSizeSystemName}.
 */
export function syntheticSizeSystem(name: SyntheticSizeSystemName): SyntheticSizeSystem {
  return SYNTHETIC_SIZE_SYSTEMS.find((s) => s.name === name)!;
}

/**
 * The common size number of label `index` of `system`: twice its fine-scale index, so that US numeric labels
 * keep their own number (US 8 is 8), EU labels are shifted by 30 (EU 38 is 8) and letters step by 4 (M is 10).
 */
export function commonSizeNumber(system: SyntheticSizeSystem, index: number): number {
  return 2 * (system.firstFine + index * system.fineStep);
}

/**
 * The continuous true size of a body in `system`, in label steps of that system (0 = its first label).
 * @param body - circumferences in cm.
 */
export function trueSizeIn(system: SyntheticSizeSystem, body: { bust: number; waist: number; hips: number }): number {
  const d = system.drivers;
  const fine =
    (d.bust * (body.bust - FINE_SIZE_ZERO_CM.bust) +
      d.waist * (body.waist - FINE_SIZE_ZERO_CM.waist) +
      d.hips * (body.hips - FINE_SIZE_ZERO_CM.hips)) /
    FINE_STEP_CM;
  return (fine - system.firstFine) / system.fineStep;
}
