import { InvalidArgumentError } from '../core/errors.js';

/**
 * Bins of width `step` centred on lo, lo + step, ..., hi (edges lo - step/2, lo + step/2, ..., hi + step/2), each
 * labelled with its centre: the bins of a histogram of whole sizes, inches or 5-kg steps, for
 * {@link histogramByGroup}'s `edges` and `labels`.
 * @param format - a centre's label (default `String`), e.g. `(c) => \`${c}″\``. Centres are rounded to 12
 *   significant digits first, so a step of 0.1 labels 0.3, not 0.30000000000000004.
 * Edges are rounded the same way (only where that removes floating-point noise, under 1e-9 of a step), so a value
 * written on a boundary, such as 0.15 with a step of 0.1, falls in the upper bin like every other boundary value.
 * @throws InvalidArgumentError when lo, hi or step are not finite, step <= 0, hi < lo, hi is not on the grid
 *   lo + k·step, or the bins would be more than a million.
 */
export function centredBins(
  lo: number,
  hi: number,
  step = 1,
  format: (centre: number) => string = String,
): { edges: number[]; labels: string[] } {
  if (![lo, hi, step].every(Number.isFinite) || !(step > 0) || hi < lo) {
    throw new InvalidArgumentError(
      `centredBins: need finite lo <= hi and step > 0, got lo ${lo}, hi ${hi}, step ${step}`,
    );
  }
  const steps = (hi - lo) / step;
  const bins = Math.round(steps) + 1;
  if (Math.abs(steps - Math.round(steps)) > 1e-9 * Math.max(1, steps)) {
    throw new InvalidArgumentError(`centredBins: hi ${hi} is not lo ${lo} plus a whole number of steps of ${step}`);
  }
  if (bins > 1e6) throw new InvalidArgumentError(`centredBins: ${bins} bins (at most 1,000,000)`);
  const edges = Array.from({ length: bins + 1 }, (_, k) => {
    const raw = lo - step / 2 + k * step;
    // 0.15000000000000002 -> 0.15; an edge exact with more than 12 digits (1234567890123.5) stays as it is.
    const rounded = Number((lo + (k - 0.5) * step).toPrecision(12));
    return Math.abs(rounded - raw) <= 1e-9 * step ? rounded : raw;
  });
  return { edges, labels: Array.from({ length: bins }, (_, k) => format(Number((lo + k * step).toPrecision(12)))) };
}
