import { InvalidArgumentError } from '../core/errors.js';
import { shownValue } from '../core/printable.js';

/** Limits the fit service enforces on every request. */
export interface ServiceLimits {
  /** Largest request body in bytes (413 above it). Default 1 MiB. */
  maxBodyBytes: number;
  /** Most records in one `POST /v1/fit-predictions` (400 above it). Default 1,000. */
  maxRecords: number;
  /** Most requests in one `POST /v1/size-recommendations` (400 above it). Default 100. */
  maxRecommendations: number;
  /** Most candidate sizes in one recommendation request. Default 60. */
  maxSizes: number;
  /** Longest string value of a record field. Default 200 characters. */
  maxStringLength: number;
}

/** The default {@link ServiceLimits}. */
export const DEFAULT_SERVICE_LIMITS: Readonly<ServiceLimits> = Object.freeze({
  maxBodyBytes: 1024 * 1024,
  maxRecords: 1000,
  maxRecommendations: 100,
  maxSizes: 60,
  maxStringLength: 200,
});

/**
 * The limits in force for the limits a service is given: each one given replaces its default, and one left out or
 * `undefined` keeps it ({@link DEFAULT_SERVICE_LIMITS}; before, an `undefined` or NaN limit switched the check off).
 *
 * @param limitsGiven - some limits; default (or null) none.
 * @returns every limit.
 * @throws InvalidArgumentError naming the limit: not a known limit, or not an integer from 1 to 2^53 - 1.
 */
export function serviceLimits(limitsGiven?: Partial<ServiceLimits> | null): ServiceLimits {
  // null as none, as before
  const given = limitsGiven ?? {};
  if (typeof given !== 'object' || Array.isArray(given)) {
    throw new InvalidArgumentError(`limits must be an object of limits, got ${shownValue(given)}`);
  }
  const known = Object.keys(DEFAULT_SERVICE_LIMITS);
  for (const key of Object.keys(given)) {
    if (!known.includes(key)) {
      throw new InvalidArgumentError(`limits.${key.slice(0, 100)} is not a limit (limits: ${known.join(', ')})`);
    }
  }
  const limits = { ...DEFAULT_SERVICE_LIMITS };
  for (const key of known as (keyof ServiceLimits)[]) {
    // null is refused like any other non-number (only a limit left out or undefined keeps its default)
    const v: unknown = given[key] === undefined ? DEFAULT_SERVICE_LIMITS[key] : given[key];
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1) {
      throw new InvalidArgumentError(`limits.${key} must be an integer >= 1, got ${shownValue(v)}`);
    }
    limits[key] = v;
  }
  return limits;
}
