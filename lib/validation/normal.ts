// Internal: the standard normal distribution's tail (not exported from index.ts).

/**
 * Complementary error function, fractional error < 1.2e-7 everywhere (Numerical Recipes, 2nd ed.,
 * section 6.2, erfcc: a Chebyshev fit).
 */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** Two-sided p-value of a standard normal statistic: P(|Z| >= |z|). */
export function twoSidedNormalP(z: number): number {
  return erfc(Math.abs(z) / Math.SQRT2);
}

/** The standard normal quantile for a two-sided level (e.g. 0.95 -> 1.95996...), by bisection on erfc. */
export function normalCritical(level: number): number {
  let lo = 0;
  let hi = 40;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (twoSidedNormalP(mid) > 1 - level) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
