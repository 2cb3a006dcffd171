import { InvalidArgumentError } from '../core/errors.js';

/** A pair of features and their correlation (a type, not an interface, so that tables take it as a record). */
export type CorrelationPair = { a: string; b: string; r: number };

/**
 * The pairs of different features whose correlation is at least `threshold` in absolute value, strongest first
 * (each pair once; undefined correlations left out), from a matrix of {@link correlationMatrix}.
 * @throws InvalidArgumentError when the matrix is not names x names.
 */
export function strongCorrelations(
  R: readonly (readonly number[])[],
  names: readonly string[],
  threshold = 0.5,
): CorrelationPair[] {
  if (R.length !== names.length || R.some((row) => row.length !== names.length)) {
    throw new InvalidArgumentError(`strongCorrelations: the matrix is not ${names.length} x ${names.length}`);
  }
  const out: CorrelationPair[] = [];
  for (let i = 0; i < names.length; i++) {
    for (let j = i + 1; j < names.length; j++) {
      const r = R[i][j];
      if (Math.abs(r) >= threshold) out.push({ a: names[i], b: names[j], r });
    }
  }
  return out.sort((u, v) => Math.abs(v.r) - Math.abs(u.r));
}
