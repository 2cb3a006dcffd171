import { InvalidArgumentError } from '../core/errors.js';
import type { Rng } from '../core/rng.js';

/**
 * A Gamma(shape, 1) draw (Marsaglia & Tsang, "A simple method for generating gamma variables", ACM TOMS 2000);
 * shapes below 1 use Gamma(shape + 1)·U^(1/shape).
 * @throws InvalidArgumentError when shape is not a positive finite number.
 */
export function sampleGamma(rng: Rng, shape: number): number {
  if (!(shape > 0) || !Number.isFinite(shape)) throw new InvalidArgumentError(`gamma shape must be > 0, got ${shape}`);
  if (shape < 1) return sampleGamma(rng, shape + 1) * Math.pow(1 - rng.next(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = rng.normal();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - rng.next();
    if (u < 1 - 0.0331 * x * x * x * x) return d * v;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}
