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
