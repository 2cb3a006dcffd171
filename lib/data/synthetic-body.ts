import type { Rng } from '../core/rng.js';

/** Latent body measurements of a synthetic person. */
export interface SyntheticBody {
  heightCm: number;
  weightKg: number;
  bustCm: number;
  waistCm: number;
  hipsCm: number;
  /** Underbust circumference (decides the bra band). */
  underbustCm: number;
}

const NAMES = ['heightCm', 'weightKg', 'bustCm', 'waistCm', 'hipsCm', 'underbustCm'] as const;

/**
 * Means and standard deviations of the body distribution (adult women; close to the RentTheRunway customers:
 * median 5' 6", 135 lbs, bra 34b). Correlations below are typical of anthropometric surveys (weight and the
 * circumferences strongly correlated, height weakly with them).
 */
export const SYNTHETIC_BODY_MEAN = [165.5, 62, 92, 74, 99, 75] as const;
/** Standard deviations of {@link SYNTHETIC_BODY_MEAN}'s variables. */
export const SYNTHETIC_BODY_SD = [6.5, 9.5, 7, 8, 7, 6] as const;
/** Correlation matrix of height, weight, bust, waist, hips, underbust (positive definite). */
export const SYNTHETIC_BODY_CORRELATION: readonly (readonly number[])[] = [
  [1, 0.45, 0.15, 0.15, 0.25, 0.15],
  [0.45, 1, 0.8, 0.85, 0.85, 0.75],
  [0.15, 0.8, 1, 0.75, 0.7, 0.85],
  [0.15, 0.85, 0.75, 1, 0.75, 0.75],
  [0.25, 0.85, 0.7, 0.75, 1, 0.65],
  [0.15, 0.75, 0.85, 0.75, 0.65, 1],
];

/** Lower-triangular Cholesky factor of a symmetric positive-definite matrix. */
function cholesky(a: readonly (readonly number[])[]): number[][] {
  const n = a.length;
  const l = a.map(() => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i][j];
      for (let k = 0; k < j; k++) s -= l[i][k] * l[j][k];
      if (i === j) {
        if (!(s > 0)) throw new Error('synthetic body correlation matrix is not positive definite');
        l[i][i] = Math.sqrt(s);
      } else l[i][j] = s / l[j][j];
    }
  }
  return l;
}

const FACTOR = cholesky(
  SYNTHETIC_BODY_CORRELATION.map((row, i) => row.map((r, j) => r * SYNTHETIC_BODY_SD[i] * SYNTHETIC_BODY_SD[j])),
);

/**
 * Draws one body from the multivariate normal of {@link SYNTHETIC_BODY_MEAN}, {@link SYNTHETIC_BODY_SD} and
 * {@link SYNTHETIC_BODY_CORRELATION} (mean + L z with L the Cholesky factor of the covariance). Values are kept
 * inside plausible bounds by redrawing the rare bodies beyond 3.5 standard deviations.
 */
export function drawSyntheticBody(rng: Rng): SyntheticBody {
  const n = NAMES.length;
  for (;;) {
    const z = new Array<number>(n);
    let extreme = false;
    for (let i = 0; i < n; i++) {
      z[i] = rng.normal();
      if (Math.abs(z[i]) > 3.5) extreme = true;
    }
    if (extreme) continue;
    const body = {} as SyntheticBody;
    for (let i = 0; i < n; i++) {
      let v = SYNTHETIC_BODY_MEAN[i];
      for (let k = 0; k <= i; k++) v += FACTOR[i][k] * z[k];
      body[NAMES[i]] = v;
    }
    return body;
  }
}

/**
 * The bra size a person with `body` wears, by the traditional "+4" rule: band = underbust in inches + 4,
 * rounded to an even number (28..44); cup = bust minus band in inches, rounded, clamped to a (1) .. d (4)
 * (RentTheRunway's larger cups were collapsed to d in the development data).
 */
export function braSizeOf(body: SyntheticBody): { band: number; cup: number } {
  const band = Math.min(44, Math.max(28, 2 * Math.round((body.underbustCm / 2.54 + 4) / 2)));
  const cup = Math.min(4, Math.max(1, Math.round(body.bustCm / 2.54 - band)));
  return { band, cup };
}

/** RentTheRunway's body types, in the order used by the synthetic `body_type` column. */
export const SYNTHETIC_BODY_TYPES = [
  'hourglass',
  'athletic',
  'pear',
  'petite',
  'full bust',
  'straight & narrow',
  'apple',
] as const;

/**
 * A body type for `body` as a customer might self-report it: petite under 5' 2", full bust for a d cup with bust
 * above hips, pear when hips exceed bust by 13 cm, apple when waist/hips > 0.84, hourglass for a defined waist
 * with bust close to hips; otherwise hourglass, athletic or straight & narrow at random (4:4:2).
 */
export function bodyTypeOf(body: SyntheticBody, rng: Rng): (typeof SYNTHETIC_BODY_TYPES)[number] {
  if (body.heightCm < 157.5) return 'petite';
  if (braSizeOf(body).cup >= 4 && body.bustCm - body.hipsCm > 0) return 'full bust';
  if (body.hipsCm - body.bustCm > 13) return 'pear';
  if (body.waistCm / body.hipsCm > 0.84) return 'apple';
  if (body.hipsCm - body.waistCm > 28 && Math.abs(body.bustCm - body.hipsCm) < 5) return 'hourglass';
  return (['hourglass', 'athletic', 'straight & narrow'] as const)[rng.categorical([4, 4, 2])];
}
