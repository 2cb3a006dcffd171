import { InvalidArgumentError } from '../core/errors.js';

/**
 * Bins of width `step` centred on lo, lo + step, ..., hi (edges lo - step/2, lo + step/2, ..., hi + step/2), each
 * labelled with its centre: the bins of a histogram of whole sizes, inches or 5-kg steps, for
 * {@link histogramByGroup}'s `edges` and `labels`.
 * @param format - a centre's label (default `String`), e.g. `(c) => \`${c}″\``.
 * @throws InvalidArgumentError when lo, hi or step are not finite, step <= 0, or hi < lo.
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
  const bins = Math.round((hi - lo) / step) + 1;
  const edges = Array.from({ length: bins + 1 }, (_, k) => lo - step / 2 + k * step);
  return { edges, labels: Array.from({ length: bins }, (_, k) => format(lo + k * step)) };
}
