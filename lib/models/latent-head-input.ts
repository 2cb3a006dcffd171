import { InvalidArgumentError } from '../core/errors.js';

/**
 * Refuses what would fit a latent model's head silently wrong (the heads are exported and may be called directly): a
 * label outside [0, k) (its class missing from a logistic head's weights; an untyped TypeError in the LMNN head's
 * per-class lists before), a NaN or infinite value (NaN weights and probabilities; every LMNN distance NaN, so each
 * vote went to prototype 0), X not n x dim.
 * @throws InvalidArgumentError naming `who` and the value, label or row.
 */
export function checkFitInput(who: string, X: Float64Array, dim: number, y: Int32Array, k: number): void {
  if (!Number.isInteger(dim) || dim < 1)
    throw new InvalidArgumentError(`${who}: dim must be an integer >= 1, got ${dim}`);
  if (!Number.isInteger(k) || k < 2) throw new InvalidArgumentError(`${who}: k must be an integer >= 2, got ${k}`);
  if (y.length === 0) throw new InvalidArgumentError(`${who}: fit needs at least one row, y is empty`);
  if (X.length !== y.length * dim) {
    throw new InvalidArgumentError(
      `${who}: X has ${X.length} values; ${y.length} labels x ${dim} features need ${y.length * dim}`,
    );
  }
  for (let i = 0; i < y.length; i++) {
    if (!(y[i] >= 0 && y[i] < k))
      throw new InvalidArgumentError(`${who}: y[${i}] is ${y[i]}, not a class in [0, ${k})`);
  }
  checkRows(who, X, dim);
}

/**
 * Refuses X that is not whole rows of `dim` values, or holds a NaN or infinite value.
 * @throws InvalidArgumentError naming `who`, the row and the column.
 */
export function checkRows(who: string, X: Float64Array, dim: number): void {
  if (X.length % dim !== 0) {
    throw new InvalidArgumentError(
      `${who}: X has ${X.length} values, not whole rows of ${dim} (the head was fitted on ${dim} features)`,
    );
  }
  for (let i = 0; i < X.length; i++) {
    if (!Number.isFinite(X[i])) {
      throw new InvalidArgumentError(
        `${who}: X row ${Math.floor(i / dim)}, column ${i % dim} is ${X[i]}, not a finite number`,
      );
    }
  }
}
